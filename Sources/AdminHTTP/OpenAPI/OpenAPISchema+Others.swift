import AdminCore

/// The subscription, meta and error shapes (BEHAVIOR.md §2.1, §5.1, §5.6).
extension OpenAPISchema {
    /// ``CreateSubscriptionRequestDTO``.
    static var createSubscriptionRequestSchema: JSONValue {
        JSONSchema.object(
            [
                "source": JSONSchema.described(.object(["type": "string", "format": "uri"]), "kafka://{cluster}/{topic}"),
                "sink": JSONSchema.described(.object(["type": "string", "format": "uri"]), "service://{service}/{handler}"),
                "options": JSONSchema.described(
                    .object(["type": ["object", "null"], "additionalProperties": JSONSchema.string]), "Kafka consumer properties."),
            ], required: ["source", "sink"])
    }

    /// ``SubscriptionDTO``.
    static var subscriptionResponseSchema: JSONValue {
        JSONSchema.object(
            [
                "id": .object(["type": "string", "pattern": "^sub_1[0-9a-zA-Z]{22}$"]), "source": JSONSchema.string, "sink": JSONSchema.string,
                "options": JSONSchema.stringMap,
            ], required: ["id", "source", "sink", "options"], closed: true)
    }

    /// `MetaController.VersionDTO`.
    static var versionInformationSchema: JSONValue {
        JSONSchema.object(
            [
                "version": JSONSchema.string, "min_admin_api_version": JSONSchema.u32, "max_admin_api_version": JSONSchema.u32,
                "ingress_endpoint": JSONSchema.string,
            ], required: ["version", "min_admin_api_version", "max_admin_api_version", "ingress_endpoint"], closed: true)
    }

    /// `MetaController.ClusterHealthDTO`.
    static var clusterHealthResponseSchema: JSONValue {
        let members = JSONSchema.object(["members": JSONSchema.array(JSONSchema.u32)], required: ["members"], closed: true)
        return JSONSchema.object(
            ["cluster_name": JSONSchema.string, "metadata_cluster_health": JSONSchema.nullable(members)],
            required: ["cluster_name", "metadata_cluster_health"], closed: true)
    }

    /// ``ErrorBody``: `restate_code` always present, `violations` only for META0006.
    static var errorDescriptionResponseSchema: JSONValue {
        JSONSchema.object(
            [
                "message": JSONSchema.string,
                "restate_code": JSONSchema.described(JSONSchema.nullableString, "A Restate error code such as META0006, or null."),
                "violations": JSONSchema.addition(
                    JSONSchema.array(Self.violation.ref), "Every breaking change of a META0006 refusal, not only the first."),
            ], required: ["message", "restate_code"], closed: true,
            description: "The JSON error body. Its message starts with [CODE] when restate_code is set.")
    }

    /// ``ViolationDTO``.
    static var violationSchema: JSONValue {
        JSONSchema.addition(
            JSONSchema.object(
                [
                    "rule": JSONSchema.enumeration(["R23", "R24"], description: "R23: the service type changed; R24: a handler was removed."),
                    "service": JSONSchema.string, "handler": JSONSchema.nullableString, "before": JSONSchema.nullableString,
                    "after": JSONSchema.nullableString,
                ], required: ["rule", "service"], closed: true),
            "One breaking change of a META0006 refusal.")
    }
}
