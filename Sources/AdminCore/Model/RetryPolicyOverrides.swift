/// Retry-policy fields a service or handler may override (all optional).
public struct RetryPolicyOverrides: Hashable, Sendable, Codable {
    /// First retry delay.
    public var initialInterval: RestateDuration?
    /// Upper bound on the delay between retries.
    public var maxInterval: RestateDuration?
    /// Maximum number of attempts (a manifest value of 0 is stored as 1).
    public var maxAttempts: UInt64?
    /// Multiplier applied to the delay after each attempt.
    public var exponentiationFactor: Float?
    /// What happens when attempts run out.
    public var onMaxAttempts: OnMaxAttempts?

    /// Creates overrides; every field defaults to "not overridden".
    public init(
        initialInterval: RestateDuration? = nil, maxInterval: RestateDuration? = nil, maxAttempts: UInt64? = nil,
        exponentiationFactor: Float? = nil, onMaxAttempts: OnMaxAttempts? = nil
    ) {
        self.initialInterval = initialInterval
        self.maxInterval = maxInterval
        self.maxAttempts = maxAttempts
        self.exponentiationFactor = exponentiationFactor
        self.onMaxAttempts = onMaxAttempts
    }

    /// The overrides declared in a manifest (durations in milliseconds, max attempts 0 → 1).
    public init(_ manifest: ManifestRetryPolicy) {
        self.init(
            initialInterval: manifest.initialIntervalMs.map(RestateDuration.milliseconds),
            maxInterval: manifest.maxIntervalMs.map(RestateDuration.milliseconds),
            maxAttempts: manifest.maxAttempts.map { max($0, 1) },
            exponentiationFactor: manifest.exponentiationFactor.map { Float($0) },
            onMaxAttempts: manifest.onMaxAttempts
        )
    }
}

/// A complete retry policy (the server default with overrides applied).
public struct RetryPolicy: Hashable, Sendable, Codable {
    /// First retry delay.
    public var initialInterval: RestateDuration
    /// Multiplier applied to the delay after each attempt.
    public var exponentiationFactor: Float
    /// Maximum number of attempts; `nil` means unlimited.
    public var maxAttempts: UInt64?
    /// Upper bound on the delay; `nil` means none.
    public var maxInterval: RestateDuration?
    /// What happens when attempts run out.
    public var onMaxAttempts: OnMaxAttempts

    /// Restate 1.6.2's default invocation retry policy: 500ms, ×2, 70 attempts, max 1m, pause.
    public static let restateDefault = RetryPolicy(
        initialInterval: .milliseconds(500), exponentiationFactor: 2.0, maxAttempts: 70,
        maxInterval: .milliseconds(60_000), onMaxAttempts: .pause
    )

    /// Creates a policy.
    public init(
        initialInterval: RestateDuration, exponentiationFactor: Float, maxAttempts: UInt64?,
        maxInterval: RestateDuration?, onMaxAttempts: OnMaxAttempts
    ) {
        self.initialInterval = initialInterval
        self.exponentiationFactor = exponentiationFactor
        self.maxAttempts = maxAttempts
        self.maxInterval = maxInterval
        self.onMaxAttempts = onMaxAttempts
    }

    /// This policy with each present override applied.
    public func applying(_ overrides: RetryPolicyOverrides) -> RetryPolicy {
        var copy = self
        if let v = overrides.initialInterval { copy.initialInterval = v }
        if let v = overrides.exponentiationFactor { copy.exponentiationFactor = v }
        if let v = overrides.maxAttempts { copy.maxAttempts = v }
        if let v = overrides.maxInterval { copy.maxInterval = v }
        if let v = overrides.onMaxAttempts { copy.onMaxAttempts = v }
        return copy
    }
}
