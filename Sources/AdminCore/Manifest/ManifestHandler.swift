/// One handler of a manifest service.
public struct ManifestHandler: Hashable, Sendable {
    /// The handler name; matches ``namePattern``.
    public var name: String
    /// The handler type; absent means the service type's default.
    public var ty: HandlerType?
    /// The input descriptor; absent means "anything or nothing".
    public var input: InputPayload?
    /// The output descriptor; absent means `application/json`.
    public var output: OutputPayload?
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
    /// `idempotencyRetention`, in milliseconds (invalid on WORKFLOW handlers).
    public var idempotencyRetentionMs: UInt64?
    /// `workflowCompletionRetention`, in milliseconds (only on WORKFLOW handlers).
    public var workflowCompletionRetentionMs: UInt64?
    /// `enableLazyState`.
    public var enableLazyState: Bool?
    /// `ingressPrivate`.
    public var ingressPrivate: Bool?
    /// The `retryPolicy*` fields.
    public var retryPolicy: ManifestRetryPolicy

    /// The pattern handler names must match: letters, digits and `_` only.
    public static let namePattern = "^([a-zA-Z]|_[a-zA-Z0-9])[a-zA-Z0-9_]*$"

    /// Whether `name` matches ``namePattern``.
    public static func isValidName(_ name: String) -> Bool {
        ManifestNames.matches(name, allowingDotAndDash: false)
    }

    /// Creates a handler; optional fields default to absent.
    public init(
        name: String,
        ty: HandlerType? = nil,
        input: InputPayload? = nil,
        output: OutputPayload? = nil,
        documentation: String? = nil,
        metadata: [String: String]? = nil,
        inactivityTimeoutMs: UInt64? = nil,
        abortTimeoutMs: UInt64? = nil,
        journalRetentionMs: UInt64? = nil,
        idempotencyRetentionMs: UInt64? = nil,
        workflowCompletionRetentionMs: UInt64? = nil,
        enableLazyState: Bool? = nil,
        ingressPrivate: Bool? = nil,
        retryPolicy: ManifestRetryPolicy = ManifestRetryPolicy()
    ) {
        self.name = name
        self.ty = ty
        self.input = input
        self.output = output
        self.documentation = documentation
        self.metadata = metadata
        self.inactivityTimeoutMs = inactivityTimeoutMs
        self.abortTimeoutMs = abortTimeoutMs
        self.journalRetentionMs = journalRetentionMs
        self.idempotencyRetentionMs = idempotencyRetentionMs
        self.workflowCompletionRetentionMs = workflowCompletionRetentionMs
        self.enableLazyState = enableLazyState
        self.ingressPrivate = ingressPrivate
        self.retryPolicy = retryPolicy
    }
}
