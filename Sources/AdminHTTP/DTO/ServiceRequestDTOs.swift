import AdminCore

/// The body of `PATCH /services/{service}`: every field optional; durations parse with
/// ``RestateDuration`` (a bad one is a 422 naming the field).
struct ModifyServiceRequestDTO: Decodable {
    let `public`: Bool?
    let idempotency_retention: RestateDuration?
    let workflow_completion_retention: RestateDuration?
    let journal_retention: RestateDuration?
    let inactivity_timeout: RestateDuration?
    let abort_timeout: RestateDuration?

    /// The core change set.
    var changes: ServiceChanges {
        ServiceChanges(
            isPublic: `public`, idempotencyRetention: idempotency_retention, journalRetention: journal_retention,
            workflowCompletionRetention: workflow_completion_retention, inactivityTimeout: inactivity_timeout,
            abortTimeout: abort_timeout
        )
    }
}

/// The body of `POST /services/{service}/state`.
struct ModifyServiceStateRequestDTO: Decodable {
    let version: String?
    let object_key: String
    let new_state: [String: StateValue]

    /// A state value: an array of bytes, or a string taken as its UTF-8 bytes.
    struct StateValue: Decodable {
        let bytes: [UInt8]

        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let text = try? c.decode(String.self) {
                bytes = Array(text.utf8)
            } else {
                bytes = try c.decode([UInt8].self)
            }
        }
    }
}

/// `{"services": [...]}`.
struct ServiceListDTO: Encodable {
    let services: [ServiceMetadataDTO]
}

/// `{"handlers": [...]}`.
struct HandlerListDTO: Encodable {
    let handlers: [HandlerMetadataDTO]
}
