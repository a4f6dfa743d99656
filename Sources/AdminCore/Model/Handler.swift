/// One handler of a stored service revision, as the updater built it from a manifest.
public struct Handler: Hashable, Sendable, Codable {
    /// The handler name.
    public var name: String
    /// The resolved handler type (VERSIONING.md R12); `nil` for handlers of a plain service.
    public var ty: HandlerType?
    /// The explicit visibility override (`!ingressPrivate`), if the manifest set one.
    public var explicitPublic: Bool?
    /// Documentation from the manifest.
    public var documentation: String?
    /// Metadata from the manifest.
    public var metadata: [String: String]
    /// Handler-level idempotency retention.
    public var idempotencyRetention: RestateDuration?
    /// Handler-level workflow completion retention (WORKFLOW handlers only).
    public var workflowCompletionRetention: RestateDuration?
    /// Handler-level journal retention.
    public var journalRetention: RestateDuration?
    /// Handler-level inactivity timeout.
    public var inactivityTimeout: RestateDuration?
    /// Handler-level abort timeout.
    public var abortTimeout: RestateDuration?
    /// Handler-level lazy-state flag.
    public var enableLazyState: Bool?
    /// Handler-level retry-policy overrides.
    public var retryPolicy: RetryPolicyOverrides
    /// The input payload descriptor as declared.
    public var input: InputPayload?
    /// The output payload descriptor as declared.
    public var output: OutputPayload?

    /// Creates a handler.
    public init(
        name: String, ty: HandlerType? = nil, explicitPublic: Bool? = nil, documentation: String? = nil,
        metadata: [String: String] = [:], idempotencyRetention: RestateDuration? = nil,
        workflowCompletionRetention: RestateDuration? = nil, journalRetention: RestateDuration? = nil,
        inactivityTimeout: RestateDuration? = nil, abortTimeout: RestateDuration? = nil,
        enableLazyState: Bool? = nil, retryPolicy: RetryPolicyOverrides = .init(),
        input: InputPayload? = nil, output: OutputPayload? = nil
    ) {
        self.name = name
        self.ty = ty
        self.explicitPublic = explicitPublic
        self.documentation = documentation
        self.metadata = metadata
        self.idempotencyRetention = idempotencyRetention
        self.workflowCompletionRetention = workflowCompletionRetention
        self.journalRetention = journalRetention
        self.inactivityTimeout = inactivityTimeout
        self.abortTimeout = abortTimeout
        self.enableLazyState = enableLazyState
        self.retryPolicy = retryPolicy
        self.input = input
        self.output = output
    }
}
