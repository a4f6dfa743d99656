/// The five `retryPolicy*` manifest fields of a service or handler; all optional.
public struct ManifestRetryPolicy: Hashable, Sendable {
    /// `retryPolicyInitialInterval`, in milliseconds.
    public var initialIntervalMs: UInt64?
    /// `retryPolicyMaxInterval`, in milliseconds.
    public var maxIntervalMs: UInt64?
    /// `retryPolicyMaxAttempts` (0 is treated as 1 by the runtime).
    public var maxAttempts: UInt64?
    /// `retryPolicyExponentiationFactor`.
    public var exponentiationFactor: Double?
    /// `retryPolicyOnMaxAttempts`.
    public var onMaxAttempts: OnMaxAttempts?

    /// Creates a retry policy; every field defaults to absent.
    public init(
        initialIntervalMs: UInt64? = nil,
        maxIntervalMs: UInt64? = nil,
        maxAttempts: UInt64? = nil,
        exponentiationFactor: Double? = nil,
        onMaxAttempts: OnMaxAttempts? = nil
    ) {
        self.initialIntervalMs = initialIntervalMs
        self.maxIntervalMs = maxIntervalMs
        self.maxAttempts = maxAttempts
        self.exponentiationFactor = exponentiationFactor
        self.onMaxAttempts = onMaxAttempts
    }

    /// Whether no field is set.
    public var isEmpty: Bool {
        initialIntervalMs == nil && maxIntervalMs == nil && maxAttempts == nil
            && exponentiationFactor == nil && onMaxAttempts == nil
    }
}
