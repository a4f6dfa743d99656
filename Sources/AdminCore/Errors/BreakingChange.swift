/// One breaking change found while registering a new service revision (META0006).
///
/// Restate reports only the first violation it meets; this project collects every one of them and
/// exposes them as structured data next to the message.
public struct BreakingChange: Hashable, Sendable, Codable {
    /// Which rule was violated.
    public enum Rule: String, Hashable, Sendable, Codable {
        /// VERSIONING.md R23: the service type changed.
        case serviceTypeChanged = "R23"
        /// VERSIONING.md R24: a handler present in the latest revision is missing.
        case handlerRemoved = "R24"
    }

    /// The violated rule.
    public var rule: Rule
    /// The service concerned.
    public var service: String
    /// The handler concerned, for removed handlers.
    public var handler: String?
    /// What the latest revision had (a service type, or the handler name).
    public var before: String?
    /// What the new revision has (a service type), or `nil` when something was removed.
    public var after: String?

    /// Creates a violation record.
    public init(rule: Rule, service: String, handler: String? = nil, before: String? = nil, after: String? = nil) {
        self.rule = rule
        self.service = service
        self.handler = handler
        self.before = before
        self.after = after
    }
}
