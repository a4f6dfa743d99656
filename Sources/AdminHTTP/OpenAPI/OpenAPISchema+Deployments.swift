import AdminCore

/// The deployment shapes (BEHAVIOR.md §4.6, §5.2, §5.8).
extension OpenAPISchema {
    /// ``RegisterDeploymentRequestDTO``: the HTTP form (`uri`) or the Lambda form (`arn`).
    static var registerDeploymentRequestSchema: JSONValue {
        let headers = JSONSchema.nullable(Self.headerMap.ref)
        let force = JSONSchema.described(
            .object(["type": ["boolean", "null"]]),
            "Overwrite an existing deployment at the same address; implies breaking. Defaults to true under /v2, false otherwise.")
        let breaking = JSONSchema.described(JSONSchema.boolean, "Allow breaking changes to the services' latest revisions.")
        let dryRun = JSONSchema.described(JSONSchema.boolean, "Answer what would be registered; store nothing.")
        let metadata = JSONSchema.stringMap
        let http = JSONSchema.object(
            [
                "uri": .object(["type": "string", "format": "uri"]), "use_http_11": JSONSchema.boolean, "additional_headers": headers,
                "metadata": metadata, "breaking": breaking, "force": force, "dry_run": dryRun,
            ], required: ["uri"], description: "An HTTP deployment.")
        let lambda = JSONSchema.object(
            [
                "arn": JSONSchema.string, "assume_role_arn": JSONSchema.nullableString, "additional_headers": headers, "metadata": metadata,
                "breaking": breaking, "force": force, "dry_run": dryRun,
            ], required: ["arn"], description: "An AWS Lambda deployment.")
        // anyOf: an object with both keys is the HTTP form, as the server reads it.
        return .object(["anyOf": [http, lambda]])
    }

    /// ``UpdateDeploymentRequestDTO``: every key optional; the HTTP form needs the `uri` key.
    static var updateDeploymentRequestSchema: JSONValue {
        let headers = JSONSchema.nullable(Self.headerMap.ref)
        let http = JSONSchema.object(
            [
                "uri": .object(["type": ["string", "null"], "format": "uri"]), "use_http_11": .object(["type": ["boolean", "null"]]),
                "additional_headers": headers, "overwrite": JSONSchema.boolean, "dry_run": JSONSchema.boolean,
            ], required: ["uri"], description: "Changes to an HTTP deployment.")
        let lambda = JSONSchema.object(
            [
                "arn": JSONSchema.nullableString, "assume_role_arn": JSONSchema.nullableString, "additional_headers": headers,
                "overwrite": JSONSchema.boolean, "dry_run": JSONSchema.boolean,
            ], description: "Changes to a Lambda deployment (any object without uri).")
        return .object(["anyOf": [http, lambda]])
    }

    /// ``PromoteDeploymentRequestDTO``.
    static var promoteDeploymentRequestSchema: JSONValue {
        JSONSchema.addition(
            JSONSchema.object([
                "breaking": JSONSchema.described(JSONSchema.boolean, "Allow breaking changes against the current latest revisions."),
                "dry_run": JSONSchema.described(JSONSchema.boolean, "Answer what would result; store nothing."),
            ]),
            "The optional body of a promotion; both keys default to false.")
    }

    /// ``RegisterDeploymentResponseDTO``.
    static var registerDeploymentResponseSchema: JSONValue {
        JSONSchema.object(
            [
                "id": Self.deploymentID.ref, "services": JSONSchema.array(Self.serviceMetadata.ref),
                "min_protocol_version": JSONSchema.i32, "max_protocol_version": JSONSchema.i32, "sdk_version": JSONSchema.string,
                "info": JSONSchema.array(Self.info.ref),
            ], required: ["id", "services", "min_protocol_version", "max_protocol_version"], closed: true)
    }

    /// ``DeploymentDTO``: the HTTP or the Lambda form, with `services` as given, and the three keys
    /// of `?include=status`.
    static func deploymentSchema(services: JSONValue) -> JSONValue {
        let common: [(String, JSONValue)] = [
            ("id", Self.deploymentID.ref), ("additional_headers", Self.headerMap.ref), ("metadata", JSONSchema.stringMap),
            ("created_at", .object(["type": "string", "format": "date-time"])), ("min_protocol_version", JSONSchema.i32),
            ("max_protocol_version", JSONSchema.i32), ("sdk_version", JSONSchema.string), ("services", services),
            ("info", JSONSchema.array(Self.info.ref)),
            ("status", JSONSchema.addition(JSONSchema.enumeration(["active", "draining", "drained"]), "With include=status only.")),
            (
                "pinned_invocations",
                JSONSchema.addition(
                    .object(["type": "integer", "minimum": .int(0)]), "With include=status only: non-completed invocations pinned to it.")
            ),
            (
                "latest_for",
                JSONSchema.addition(JSONSchema.array(JSONSchema.string), "With include=status only: the services it is the latest for, by name.")
            ),
        ]
        let required = ["id", "created_at", "min_protocol_version", "max_protocol_version", "services"]
        let httpVersion = JSONSchema.enumeration(["HTTP/0.9", "HTTP/1.0", "HTTP/1.1", "HTTP/2.0", "HTTP/3.0"])
        let http = closedObject(
            common + [
                ("uri", .object(["type": "string", "format": "uri"])), ("protocol_type", Self.protocolType.ref), ("http_version", httpVersion),
            ],
            required: required + ["uri", "protocol_type", "http_version"], description: "An HTTP deployment.")
        let lambda = closedObject(
            common + [("arn", JSONSchema.string), ("assume_role_arn", JSONSchema.string), ("compression", JSONSchema.enumeration(["Zstd"]))],
            required: required + ["arn"], description: "An AWS Lambda deployment.")
        return .object(["oneOf": [http, lambda]])
    }

    private static func closedObject(_ properties: [(String, JSONValue)], required: [String], description: String) -> JSONValue {
        .object([
            "type": "object", "description": .string(description),
            "properties": .object(Dictionary(uniqueKeysWithValues: properties)),
            "required": .array(required.map(JSONValue.string)), "additionalProperties": false,
        ])
    }
}
