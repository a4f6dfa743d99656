/// One revision of a service, stored inside the deployment that serves it.
///
/// A deployment owns its own copy of each of its services. The registry's "latest" index says which
/// deployment holds the highest revision of each service name (VERSIONING.md §0, R27–R28).
public struct ServiceRevision: Hashable, Sendable, Codable {
    /// The service name.
    public var name: String
    /// The service type.
    public var ty: ServiceType
    /// The revision number (1 for a new service, latest + 1 afterwards).
    public var revision: UInt32
    /// The handlers, keyed by name.
    public var handlers: [String: Handler]
    /// Documentation from the manifest.
    public var documentation: String?
    /// Metadata from the manifest.
    public var metadata: [String: String]
    /// Ingress visibility (`!ingressPrivate`, default true).
    public var isPublic: Bool
    /// Service-level idempotency retention (24h written explicitly when the manifest has none).
    public var idempotencyRetention: RestateDuration?
    /// Service-level workflow completion retention (workflows only).
    public var workflowCompletionRetention: RestateDuration?
    /// Service-level journal retention, stored unclamped.
    public var journalRetention: RestateDuration?
    /// Service-level inactivity timeout.
    public var inactivityTimeout: RestateDuration?
    /// Service-level abort timeout.
    public var abortTimeout: RestateDuration?
    /// Service-level lazy-state flag.
    public var enableLazyState: Bool?
    /// Service-level retry-policy overrides.
    public var retryPolicy: RetryPolicyOverrides
    /// When this revision was created, by a registration or a promotion, in milliseconds since
    /// the Unix epoch; `nil` for revisions stored before it was recorded (their deployment's
    /// creation time stands in, see ``createdAt(in:)``).
    public var createdAtMilliseconds: Int64?

    /// Creates a revision.
    public init(
        name: String, ty: ServiceType, revision: UInt32, handlers: [String: Handler], documentation: String? = nil,
        metadata: [String: String] = [:], isPublic: Bool = true, idempotencyRetention: RestateDuration? = nil,
        workflowCompletionRetention: RestateDuration? = nil, journalRetention: RestateDuration? = nil,
        inactivityTimeout: RestateDuration? = nil, abortTimeout: RestateDuration? = nil,
        enableLazyState: Bool? = nil, retryPolicy: RetryPolicyOverrides = .init(), createdAtMilliseconds: Int64? = nil
    ) {
        self.name = name
        self.ty = ty
        self.revision = revision
        self.handlers = handlers
        self.documentation = documentation
        self.metadata = metadata
        self.isPublic = isPublic
        self.idempotencyRetention = idempotencyRetention
        self.workflowCompletionRetention = workflowCompletionRetention
        self.journalRetention = journalRetention
        self.inactivityTimeout = inactivityTimeout
        self.abortTimeout = abortTimeout
        self.enableLazyState = enableLazyState
        self.retryPolicy = retryPolicy
        self.createdAtMilliseconds = createdAtMilliseconds
    }

    /// When this revision was created: ``createdAtMilliseconds``, or the creation time of
    /// `deployment` (the one holding it) for a revision stored before that was recorded.
    public func createdAt(in deployment: Deployment) -> Int64 { createdAtMilliseconds ?? deployment.createdAtMilliseconds }

    /// The handlers sorted by name (the Admin API's stable order).
    public var sortedHandlers: [Handler] { handlers.values.sorted { $0.name < $1.name } }
}
