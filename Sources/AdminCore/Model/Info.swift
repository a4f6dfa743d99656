/// An informational note attached to a view (for example RT0021 or RT0022).
public struct Info: Hashable, Sendable, Codable {
    /// The Restate code, such as `RT0021`, if any.
    public var code: String?
    /// The note.
    public var message: String

    /// Creates a note.
    public init(code: String?, message: String) {
        self.code = code
        self.message = message
    }
}
