import AdminCore

/// `HandlerMetadata` on the wire (BEHAVIOR.md §4.5).
struct HandlerMetadataDTO: Encodable {
    let value: HandlerMetadata

    init(_ value: HandlerMetadata) { self.value = value }

    private enum Keys: String, CodingKey {
        case name, ty, documentation, metadata, idempotency_retention, journal_retention, inactivity_timeout
        case abort_timeout, enable_lazy_state, `public`, input_description, output_description
        case input_json_schema, output_json_schema, retry_policy, info
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(value.name, forKey: .name)
        try c.encodeIfPresent(value.ty?.adminName, forKey: .ty)
        try c.encodeIfPresent(value.documentation, forKey: .documentation)
        if !value.metadata.isEmpty { try c.encode(value.metadata, forKey: .metadata) }
        try c.encodeIfPresent(value.idempotencyRetention?.description, forKey: .idempotency_retention)
        try c.encodeIfPresent(value.journalRetention?.description, forKey: .journal_retention)
        try c.encodeIfPresent(value.inactivityTimeout?.description, forKey: .inactivity_timeout)
        try c.encodeIfPresent(value.abortTimeout?.description, forKey: .abort_timeout)
        try c.encodeIfPresent(value.enableLazyState, forKey: .enable_lazy_state)
        try c.encode(value.isPublic, forKey: .public)
        try c.encode(value.inputDescription, forKey: .input_description)
        try c.encode(value.outputDescription, forKey: .output_description)
        try c.encodeIfPresent(value.inputJSONSchema, forKey: .input_json_schema)
        try c.encodeIfPresent(value.outputJSONSchema, forKey: .output_json_schema)
        try c.encode(RetryOverridesDTO(value.retryPolicy), forKey: .retry_policy)
        if !value.info.isEmpty { try c.encode(value.info.map(InfoDTO.init), forKey: .info) }
    }
}
