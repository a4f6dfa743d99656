import ArgumentParser

@testable import restate_admin

/// How `restate-admin` refuses a command line at parse time: the message it prints and its exit
/// code.
struct ArgumentRefusal: Sendable, CustomStringConvertible {
    /// The error message (without the usage text).
    let message: String
    /// The process's exit code (``CLIExitCode/code(for:)``: 2 for every usage error).
    let exitCode: Int32

    /// Parses `arguments` as `restate-admin` would; `nil` when they are accepted.
    init?(_ arguments: [String]) {
        do {
            _ = try AdminCommand.parseAsRoot(arguments)
            return nil
        } catch {
            message = AdminCommand.message(for: error)
            exitCode = CLIExitCode.code(for: error)
        }
    }

    /// The message and exit code.
    var description: String { "\(message) (exit code \(exitCode))" }
}
