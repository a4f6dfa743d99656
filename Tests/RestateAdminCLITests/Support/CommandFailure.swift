import Testing

@testable import restate_admin

/// How a client subcommand failed at run time: the text it prints on standard error and its exit
/// code (``CLIExitCode``).
struct CommandFailure: Sendable, CustomStringConvertible {
    /// The text printed on standard error.
    let text: String
    /// The process's exit code.
    let exitCode: Int32

    /// Runs `arguments` against `url` (``ClientCommandRunner/output(_:url:)``) and returns how it
    /// failed.
    /// - Throws: an issue-recording error when the command succeeded, with its output.
    static func of(_ arguments: [String], url: String) async throws -> CommandFailure {
        do {
            let output = try await ClientCommandRunner.output(arguments, url: url)
            Issue.record("\(arguments) succeeded: \(output)")
            throw UnexpectedSuccess(output: output)
        } catch let failure as CLIFailure {
            return CommandFailure(text: failure.description, exitCode: failure.exitCode)
        }
    }

    /// The text and exit code.
    var description: String { "\(text) (exit code \(exitCode))" }

    /// The command that should have failed succeeded.
    struct UnexpectedSuccess: Error {
        /// What it printed.
        let output: String
    }
}
