import AdminCore

/// The service and handler shapes (BEHAVIOR.md §4.4, §4.5, §5.3, §5.8).
extension OpenAPISchema {
    /// ``ServiceMetadataDTO``.
    static var serviceMetadataSchema: JSONValue {
        let duration = Self.duration.ref
        return JSONSchema.object(
            [
                "name": JSONSchema.string, "ty": Self.serviceType.ref, "handlers": JSONSchema.array(Self.handlerMetadata.ref),
                "documentation": JSONSchema.string, "metadata": JSONSchema.stringMap, "deployment_id": Self.deploymentID.ref,
                "revision": JSONSchema.u32, "public": JSONSchema.boolean, "idempotency_retention": duration,
                "workflow_completion_retention": JSONSchema.described(duration, "Workflow services only."),
                "journal_retention": duration, "inactivity_timeout": duration, "abort_timeout": duration,
                "enable_lazy_state": JSONSchema.boolean, "retry_policy": Self.serviceRetryPolicy.ref,
                "info": JSONSchema.array(Self.info.ref),
            ],
            required: [
                "name", "ty", "handlers", "deployment_id", "revision", "public", "idempotency_retention", "inactivity_timeout",
                "abort_timeout", "enable_lazy_state", "retry_policy",
            ], closed: true)
    }

    /// ``HandlerMetadataDTO``: the handler-level overrides appear only when set.
    static var handlerMetadataSchema: JSONValue {
        let duration = Self.duration.ref
        return JSONSchema.object(
            [
                "name": JSONSchema.string, "ty": Self.handlerType.ref, "documentation": JSONSchema.string, "metadata": JSONSchema.stringMap,
                "idempotency_retention": duration, "journal_retention": duration, "inactivity_timeout": duration, "abort_timeout": duration,
                "enable_lazy_state": JSONSchema.boolean, "public": JSONSchema.boolean, "input_description": JSONSchema.string,
                "output_description": JSONSchema.string, "input_json_schema": JSONSchema.any, "output_json_schema": JSONSchema.any,
                "retry_policy": Self.handlerRetryPolicy.ref, "info": JSONSchema.array(Self.info.ref),
            ], required: ["name", "public", "input_description", "output_description", "retry_policy"], closed: true)
    }

    /// ``RetryPolicyDTO``: the effective policy, every key present.
    static var serviceRetryPolicySchema: JSONValue {
        JSONSchema.object(
            [
                "initial_interval": Self.duration.ref, "exponentiation_factor": .object(["type": "number"]),
                "max_attempts": JSONSchema.described(.object(["type": ["integer", "null"]]), "null: unlimited."),
                "max_interval": JSONSchema.nullableString, "on_max_attempts": Self.onMaxAttempts.ref,
            ], required: ["initial_interval", "exponentiation_factor", "max_attempts", "max_interval", "on_max_attempts"], closed: true)
    }

    /// ``RetryOverridesDTO``: only `max_attempts` always present.
    static var handlerRetryPolicySchema: JSONValue {
        JSONSchema.object(
            [
                "initial_interval": Self.duration.ref, "exponentiation_factor": .object(["type": "number"]),
                "max_attempts": JSONSchema.described(.object(["type": ["integer", "null"]]), "null: not overridden."),
                "max_interval": Self.duration.ref, "on_max_attempts": Self.onMaxAttempts.ref,
            ], required: ["max_attempts"], closed: true)
    }

    /// ``ModifyServiceRequestDTO``: every key optional.
    static var modifyServiceRequestSchema: JSONValue {
        let duration = JSONSchema.described(JSONSchema.nullableString, "A duration: friendly (5h, 1h 4m, 2 days) or ISO 8601 (PT1H).")
        return JSONSchema.object([
            "public": .object(["type": ["boolean", "null"]]), "idempotency_retention": duration, "workflow_completion_retention": duration,
            "journal_retention": duration, "inactivity_timeout": duration, "abort_timeout": duration,
        ])
    }

    /// ``ModifyServiceStateRequestDTO``.
    static var modifyServiceStateRequestSchema: JSONValue {
        let bytes = JSONSchema.array(.object(["type": "integer", "minimum": .int(0), "maximum": .int(255)]))
        let value = JSONSchema.described(.object(["anyOf": [bytes, JSONSchema.string]]), "The value's bytes, or a string taken as its UTF-8 bytes.")
        return JSONSchema.object(
            [
                "version": JSONSchema.described(
                    JSONSchema.nullableString, "The expected current state version; a mismatch is a 409 (this project's addition)."),
                "object_key": JSONSchema.string,
                "new_state": .object(["type": "object", "additionalProperties": value]),
            ], required: ["object_key", "new_state"])
    }

    /// ``ServiceOpenAPIDocument``: an OpenAPI 3.1 document of the service's ingress API.
    static var serviceOpenAPIDocumentSchema: JSONValue {
        JSONSchema.object(
            ["openapi": JSONSchema.string, "info": .object(["type": "object"]), "paths": .object(["type": "object"])],
            required: ["openapi", "info", "paths"], description: "The OpenAPI 3.1 document of the service's ingress API.")
    }

    /// ``ServiceHistoryDTO``.
    static var serviceRevisionsResponseSchema: JSONValue {
        JSONSchema.addition(
            JSONSchema.object(["revisions": JSONSchema.array(Self.serviceRevision.ref)], required: ["revisions"], closed: true),
            "The revisions of a service still held by deployments, oldest first.")
    }

    /// `ServiceHistoryDTO.Entry`.
    static var serviceRevisionSchema: JSONValue {
        let handler = JSONSchema.object(
            ["name": JSONSchema.string, "ty": JSONSchema.nullable(Self.handlerType.ref)], required: ["name", "ty"], closed: true)
        return JSONSchema.object(
            [
                "revision": JSONSchema.u32, "deployment_id": Self.deploymentID.ref, "created_at": .object(["type": "string", "format": "date-time"]),
                "ty": Self.serviceType.ref, "handlers": JSONSchema.array(handler), "changes": JSONSchema.array(Self.revisionChange.ref),
            ], required: ["revision", "deployment_id", "created_at", "ty", "handlers", "changes"], closed: true)
    }

    /// `ServiceHistoryDTO.Change`.
    static var revisionChangeSchema: JSONValue {
        JSONSchema.object(
            [
                "kind": JSONSchema.enumeration(["handler_added", "handler_removed", "service_type_changed", "handler_type_changed"]),
                "handler": JSONSchema.nullableString, "before": JSONSchema.nullableString, "after": JSONSchema.nullableString,
            ], required: ["kind", "handler", "before", "after"], closed: true,
            description: "What changed from the revision listed before.")
    }
}
