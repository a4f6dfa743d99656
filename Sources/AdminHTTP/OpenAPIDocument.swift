import AdminCore

/// The admin API's own OpenAPI 3.1 document, built from the route table (BEHAVIOR.md §5.1): one
/// operation per documented ``AdminRoute``, with its typed path and query parameters, its request
/// body and the schema of its success answers (from the ``OpenAPISchema`` catalogue, referenced
/// under `components.schemas`), and every error it can answer: the JSON error body, the
/// framework's plain-text rejections (``PlainTextRejection``), `401` when authentication is
/// configured and `429` when the concurrency limit is. What this project adds to Restate's API is
/// described where it appears and flagged with `x-swift-restate-admin-addition`.
struct OpenAPIDocument {
    let routes: [AdminRoute]

    /// The document.
    var json: JSONValue {
        var paths: [String: JSONValue] = [:]
        for route in routes where route.documented {
            var item: [String: JSONValue] = [:]
            if case .object(let existing) = paths[route.path] { item = existing }
            item[route.method.rawValue.lowercased()] = operation(route)
            paths[route.path] = .object(item)
        }
        return .object([
            "openapi": "3.1.0",
            "info": .object([
                "title": "Admin API",
                "description": .string(
                    "Restate Admin API 1.6.2, served by swift-restate-admin. Every path is also served under /v2 and /v3 "
                        + "(under /v2, POST /deployments defaults force to true); any /v1 path is a plain-text 400."),
                "version": "1.6.2",
            ]),
            "paths": .object(paths),
            "components": .object(["schemas": OpenAPISchema.components]),
        ])
    }

    private func operation(_ route: AdminRoute) -> JSONValue {
        let documentation = route.documentation
        var parameters: [JSONValue] = route.parameterNames.map { name in
            let schema = Self.pathParameters[name] ?? .object(["type": "string", "minLength": .int(1)])
            return .object(["name": .string(name), "in": "path", "required": true, "schema": schema])
        }
        parameters += route.queryParameters.map { name in
            let schema = Self.queryParameters[name] ?? JSONSchema.string
            return .object(["name": .string(name), "in": "query", "required": false, "schema": schema])
        }
        var op: [String: JSONValue] = [
            "operationId": .string(route.operationID),
            "tags": .array([.string(route.tag)]),
            "summary": .string(route.summary),
            "responses": .object(responses(route)),
        ]
        if Self.deprecated.contains(route.operationID) { op["deprecated"] = true }
        if !parameters.isEmpty { op["parameters"] = .array(parameters) }
        if let addition = route.addition {
            op["description"] = .string(addition)
            op["x-swift-restate-admin-addition"] = true
        }
        if let body = documentation.body {
            op["requestBody"] = .object([
                "required": .bool(body.required),
                "content": .object(["application/json": .object(["schema": body.schema.ref])]),
            ])
        }
        return .object(op)
    }

    private func responses(_ route: AdminRoute) -> [String: JSONValue] {
        let documentation = route.documentation
        var responses: [String: JSONValue] = [:]
        for status in route.successStatuses {
            var response: [String: JSONValue] = ["description": .string(Self.reason(status))]
            if let schema = documentation.response {
                response["content"] = .object(["application/json": .object(["schema": schema.ref])])
            }
            if documentation.location {
                response["headers"] = .object([
                    "Location": .object(["description": "The resource's path, relative.", "schema": JSONSchema.string])
                ])
            }
            responses[String(status)] = .object(response)
        }
        var causes: [Int: (json: [String], text: [String])] = [:]
        for (status, cause) in documentation.errors { causes[status, default: ([], [])].json.append(cause) }
        for rejection in documentation.allRejections { causes[rejection.status, default: ([], [])].text.append(rejection.description) }
        for (status, cause) in causes {
            var content: [String: JSONValue] = [:]
            if !cause.json.isEmpty { content["application/json"] = .object(["schema": OpenAPISchema.errorDescriptionResponse.ref]) }
            if !cause.text.isEmpty { content["text/plain"] = .object(["schema": JSONSchema.string]) }
            let description = (cause.json + cause.text).joined(separator: " ")
            responses[String(status)] = .object(["description": .string(description), "content": .object(content)])
        }
        if !AdminResponder.openPaths.contains(route.path) { responses["401"] = Self.unauthorized }
        responses["429"] = Self.tooManyRequests
        return responses
    }

    /// The answer to a request without a valid bearer token.
    private static let unauthorized: JSONValue = .object([
        "description": "Only when the server requires a bearer token (admin.auth-token-file) and the request has no valid one.",
        "headers": .object(["WWW-Authenticate": .object(["schema": .object(["type": "string", "const": "Bearer"])])]),
        "content": .object(["application/json": .object(["schema": OpenAPISchema.errorDescriptionResponse.ref])]),
        "x-swift-restate-admin-addition": true,
    ])

    /// The answer of the load shedder.
    private static let tooManyRequests: JSONValue = .object([
        "description": "Only with admin.concurrent-api-requests-limit, when every slot is taken: no body."
    ])

    /// The operations Restate marks deprecated.
    private static let deprecated: Set<String> = ["cluster_health", "delete_invocation"]

    /// The typed path parameters by name: their format (a malformed one is a 400); the others are
    /// any non-empty string.
    private static let pathParameters: [String: JSONValue] = [
        "deployment": .object(["type": "string", "pattern": "^dp_1[0-9a-zA-Z]{22}$"]),
        "subscription": .object(["type": "string", "pattern": "^sub_1[0-9a-zA-Z]{22}$"]),
        "invocation_id": JSONSchema.described(
            .object(["type": "string", "pattern": "^inv_1[0-9a-zA-Z]{33}"]), "inv_1, the partition key and the invocation uuid in base62."),
    ]

    /// The query parameters by name (each name means the same on every route that reads it).
    private static let queryParameters: [String: JSONValue] = [
        "force": JSONSchema.described(
            JSONSchema.boolean, "true: remove the deployment whatever its status. Absent or false: remove it only when drained."),
        "include": JSONSchema.addition(
            JSONSchema.enumeration(["status"]),
            "status adds status, pinned_invocations and latest_for to each deployment; any other value is a 400."),
        "mode": JSONSchema.enumeration(["Cancel", "cancel", "Kill", "kill", "Purge", "purge"], description: "Default: Cancel."),
        "from": JSONSchema.described(JSONSchema.u32, "The journal entry index to restart from (default 0: the input only)."),
        "deployment": JSONSchema.described(JSONSchema.string, "keep, latest (either capitalized or not), or a deployment id."),
        "sink": JSONSchema.described(JSONSchema.string, "Only subscriptions with this exact (canonical) sink."),
        "source": JSONSchema.described(JSONSchema.string, "Only subscriptions with this exact (canonical) source."),
    ]

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        default: "Success"
        }
    }
}
