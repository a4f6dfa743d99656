/// Renders manifest values as JSON in manifest spelling, fields in schema order.
enum ManifestEncoder {
    static func endpoint(_ manifest: EndpointManifest) -> OrderedJSON {
        var members: [(String, OrderedJSON)] = []
        if let mode = manifest.protocolMode { members.append(("protocolMode", string(mode.rawValue))) }
        members.append(("minProtocolVersion", uint(manifest.minProtocolVersion)))
        members.append(("maxProtocolVersion", uint(manifest.maxProtocolVersion)))
        members.append(("services", .array(manifest.services.map(service))))
        if let compression = manifest.lambdaCompression {
            members.append(("lambdaCompression", string(compression.rawValue)))
        }
        return .object(members)
    }

    static func service(_ service: ManifestService) -> OrderedJSON {
        var members: [(String, OrderedJSON)] = [
            ("name", string(service.name)),
            ("ty", string(service.ty.rawValue)),
            ("handlers", .array(service.handlers.map(handler))),
        ]
        append(&members, "documentation", service.documentation.map(string))
        append(&members, "metadata", service.metadata.map(metadata))
        append(&members, "inactivityTimeout", service.inactivityTimeoutMs.map(uint))
        append(&members, "abortTimeout", service.abortTimeoutMs.map(uint))
        append(&members, "journalRetention", service.journalRetentionMs.map(uint))
        append(&members, "idempotencyRetention", service.idempotencyRetentionMs.map(uint))
        append(&members, "enableLazyState", service.enableLazyState.map(bool))
        append(&members, "ingressPrivate", service.ingressPrivate.map(bool))
        retryPolicy(service.retryPolicy, into: &members)
        return .object(members)
    }

    static func handler(_ handler: ManifestHandler) -> OrderedJSON {
        var members: [(String, OrderedJSON)] = [("name", string(handler.name))]
        append(&members, "ty", handler.ty.map { string($0.rawValue) })
        if let input = handler.input {
            var fields: [(String, OrderedJSON)] = []
            append(&fields, "required", input.required.map(bool))
            append(&fields, "contentType", input.contentType.map(string))
            append(&fields, "jsonSchema", input.jsonSchema.map { OrderedJSON($0) })
            members.append(("input", .object(fields)))
        }
        if let output = handler.output {
            var fields: [(String, OrderedJSON)] = []
            append(&fields, "contentType", output.contentType.map(string))
            append(&fields, "setContentTypeIfEmpty", output.setContentTypeIfEmpty.map(bool))
            append(&fields, "jsonSchema", output.jsonSchema.map { OrderedJSON($0) })
            members.append(("output", .object(fields)))
        }
        append(&members, "documentation", handler.documentation.map(string))
        append(&members, "metadata", handler.metadata.map(metadata))
        append(&members, "inactivityTimeout", handler.inactivityTimeoutMs.map(uint))
        append(&members, "abortTimeout", handler.abortTimeoutMs.map(uint))
        append(&members, "journalRetention", handler.journalRetentionMs.map(uint))
        append(&members, "idempotencyRetention", handler.idempotencyRetentionMs.map(uint))
        append(&members, "workflowCompletionRetention", handler.workflowCompletionRetentionMs.map(uint))
        append(&members, "enableLazyState", handler.enableLazyState.map(bool))
        append(&members, "ingressPrivate", handler.ingressPrivate.map(bool))
        retryPolicy(handler.retryPolicy, into: &members)
        return .object(members)
    }

    private static func retryPolicy(_ policy: ManifestRetryPolicy, into members: inout [(String, OrderedJSON)]) {
        append(&members, "retryPolicyInitialInterval", policy.initialIntervalMs.map(uint))
        append(&members, "retryPolicyMaxInterval", policy.maxIntervalMs.map(uint))
        append(&members, "retryPolicyMaxAttempts", policy.maxAttempts.map(uint))
        append(&members, "retryPolicyExponentiationFactor", policy.exponentiationFactor.map { .value(.double($0)) })
        append(&members, "retryPolicyOnMaxAttempts", policy.onMaxAttempts.map { string($0.rawValue) })
    }

    private static func append(_ members: inout [(String, OrderedJSON)], _ key: String, _ value: OrderedJSON?) {
        if let value { members.append((key, value)) }
    }

    private static func string(_ text: String) -> OrderedJSON { .value(.string(text)) }
    private static func bool(_ flag: Bool) -> OrderedJSON { .value(.bool(flag)) }

    /// An unsigned integer; values above `Int64.max` are written as exact digits.
    private static func uint(_ number: UInt64) -> OrderedJSON {
        if let exact = Int64(exactly: number) { return .value(.int(exact)) }
        return .raw(String(number))
    }

    private static func metadata(_ map: [String: String]) -> OrderedJSON {
        .object(map.sorted { $0.key < $1.key }.map { ($0.key, string($0.value)) })
    }
}
