import AdminCore

/// `ServiceMetadata` on the wire (BEHAVIOR.md §4.4).
struct ServiceMetadataDTO: Encodable {
    let value: ServiceMetadata

    init(_ value: ServiceMetadata) { self.value = value }

    private enum Keys: String, CodingKey {
        case name, ty, handlers, documentation, metadata, deployment_id, revision, `public`, idempotency_retention
        case workflow_completion_retention, journal_retention, inactivity_timeout, abort_timeout, enable_lazy_state
        case retry_policy, info
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(value.name, forKey: .name)
        try c.encode(value.ty.adminName, forKey: .ty)
        try c.encode(value.handlers.map(HandlerMetadataDTO.init), forKey: .handlers)
        try c.encodeIfPresent(value.documentation, forKey: .documentation)
        if !value.metadata.isEmpty { try c.encode(value.metadata, forKey: .metadata) }
        try c.encode(value.deploymentID.description, forKey: .deployment_id)
        try c.encode(value.revision, forKey: .revision)
        try c.encode(value.isPublic, forKey: .public)
        try c.encode(value.idempotencyRetention.description, forKey: .idempotency_retention)
        try c.encodeIfPresent(value.workflowCompletionRetention?.description, forKey: .workflow_completion_retention)
        try c.encodeIfPresent(value.journalRetention?.description, forKey: .journal_retention)
        try c.encode(value.inactivityTimeout.description, forKey: .inactivity_timeout)
        try c.encode(value.abortTimeout.description, forKey: .abort_timeout)
        try c.encode(value.enableLazyState, forKey: .enable_lazy_state)
        try c.encode(RetryPolicyDTO(value.retryPolicy), forKey: .retry_policy)
        if !value.info.isEmpty { try c.encode(value.info.map(InfoDTO.init), forKey: .info) }
    }
}

/// The effective service-level retry policy: every key present.
struct RetryPolicyDTO: Encodable {
    let value: RetryPolicy

    init(_ value: RetryPolicy) { self.value = value }

    private enum Keys: String, CodingKey { case initial_interval, exponentiation_factor, max_attempts, max_interval, on_max_attempts }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(value.initialInterval.description, forKey: .initial_interval)
        try c.encode(Double(String(value.exponentiationFactor)) ?? 0, forKey: .exponentiation_factor)
        if let attempts = value.maxAttempts { try c.encode(attempts, forKey: .max_attempts) } else { try c.encodeNil(forKey: .max_attempts) }
        if let interval = value.maxInterval {
            try c.encode(interval.description, forKey: .max_interval)
        } else {
            try c.encodeNil(forKey: .max_interval)
        }
        try c.encode(value.onMaxAttempts.adminName, forKey: .on_max_attempts)
    }
}

/// Handler-level retry overrides: only `max_attempts` is always present.
struct RetryOverridesDTO: Encodable {
    let value: RetryPolicyOverrides

    init(_ value: RetryPolicyOverrides) { self.value = value }

    private enum Keys: String, CodingKey { case initial_interval, exponentiation_factor, max_attempts, max_interval, on_max_attempts }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encodeIfPresent(value.initialInterval?.description, forKey: .initial_interval)
        try c.encodeIfPresent(value.exponentiationFactor.flatMap { Double(String($0)) }, forKey: .exponentiation_factor)
        if let attempts = value.maxAttempts { try c.encode(attempts, forKey: .max_attempts) } else { try c.encodeNil(forKey: .max_attempts) }
        try c.encodeIfPresent(value.maxInterval?.description, forKey: .max_interval)
        try c.encodeIfPresent(value.onMaxAttempts?.adminName, forKey: .on_max_attempts)
    }
}

/// An `Info` note: `code` omitted when none.
struct InfoDTO: Encodable {
    let value: Info

    init(_ value: Info) { self.value = value }

    private enum Keys: String, CodingKey { case code, message }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encodeIfPresent(value.code, forKey: .code)
        try c.encode(value.message, forKey: .message)
    }
}

/// One breaking change of a META0006 refusal (this project's addition).
struct ViolationDTO: Encodable {
    let rule: String
    let service: String
    let handler: String?
    let before: String?
    let after: String?

    init(_ value: BreakingChange) {
        rule = value.rule.rawValue
        service = value.service
        handler = value.handler
        before = value.before
        after = value.after
    }
}

extension OnMaxAttempts {
    /// The Admin API spelling: `Pause` or `Kill`.
    var adminName: String { self == .pause ? "Pause" : "Kill" }
}
