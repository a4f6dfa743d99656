/// A crash-safety trial that found acknowledged data missing or torn, or a child process whose
/// output or setup was not what the trial expects.
public struct CrashTrialFailure: Error, Sendable, CustomStringConvertible {
    /// What was expected and what was found.
    public let message: String

    /// Creates a failure.
    public init(_ message: String) {
        self.message = message
    }

    /// `crash trial: <message>`.
    public var description: String { "crash trial: \(message)" }
}
