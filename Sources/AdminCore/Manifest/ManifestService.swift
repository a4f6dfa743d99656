/// One service of an endpoint manifest.
public struct ManifestService: Hashable, Sendable {
    /// The service name; matches ``namePattern``.
    public var name: String
    /// The service type.
    public var ty: ServiceType
    /// The handlers, in manifest order.
    public var handlers: [ManifestHandler]
    /// Documentation (Markdown assumed).
    public var documentation: String?
    /// Custom metadata.
    public var metadata: [String: String]?
    /// `inactivityTimeout`, in milliseconds.
    public var inactivityTimeoutMs: UInt64?
    /// `abortTimeout`, in milliseconds.
    public var abortTimeoutMs: UInt64?
    /// `journalRetention`, in milliseconds.
    public var journalRetentionMs: UInt64?
    /// `idempotencyRetention`, in milliseconds.
    public var idempotencyRetentionMs: UInt64?
    /// `enableLazyState`.
    public var enableLazyState: Bool?
    /// `ingressPrivate`: true hides the service from the HTTP and Kafka ingress.
    public var ingressPrivate: Bool?
    /// The `retryPolicy*` fields.
    public var retryPolicy: ManifestRetryPolicy

    /// The pattern service names must match: letters, digits, `.`, `_`, `-`.
    public static let namePattern = "^([a-zA-Z]|_[a-zA-Z0-9])[a-zA-Z0-9._-]*$"

    /// Whether `name` matches ``namePattern``.
    public static func isValidName(_ name: String) -> Bool {
        ManifestNames.matches(name, allowingDotAndDash: true)
    }

    /// Creates a service; optional fields default to absent.
    public init(
        name: String,
        ty: ServiceType,
        handlers: [ManifestHandler] = [],
        documentation: String? = nil,
        metadata: [String: String]? = nil,
        inactivityTimeoutMs: UInt64? = nil,
        abortTimeoutMs: UInt64? = nil,
        journalRetentionMs: UInt64? = nil,
        idempotencyRetentionMs: UInt64? = nil,
        enableLazyState: Bool? = nil,
        ingressPrivate: Bool? = nil,
        retryPolicy: ManifestRetryPolicy = ManifestRetryPolicy()
    ) {
        self.name = name
        self.ty = ty
        self.handlers = handlers
        self.documentation = documentation
        self.metadata = metadata
        self.inactivityTimeoutMs = inactivityTimeoutMs
        self.abortTimeoutMs = abortTimeoutMs
        self.journalRetentionMs = journalRetentionMs
        self.idempotencyRetentionMs = idempotencyRetentionMs
        self.enableLazyState = enableLazyState
        self.ingressPrivate = ingressPrivate
        self.retryPolicy = retryPolicy
    }
}
