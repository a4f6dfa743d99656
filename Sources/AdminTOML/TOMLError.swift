/// A parse failure with its line.
public struct TOMLError: Error, CustomStringConvertible {
    /// The 1-based line where parsing stopped.
    public let line: Int
    /// What is wrong, e.g. `expected '=' after a key`.
    public let message: String
    /// `line L: message`.
    public var description: String { "line \(line): \(message)" }

    /// Creates an error.
    /// - Parameters:
    ///   - line: the 1-based line.
    ///   - message: what is wrong.
    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }
}
