import ArgumentParser
import Foundation

@testable import restate_admin

/// Runs `export` and `import` in-process, as `restate-admin` would.
enum DumpCommandRunner {
    /// What a run ended with: the exit code `restate-admin` would exit with and the failure text.
    struct Outcome: Sendable {
        /// 0, or the code of the error that ended the command.
        var code: Int32
        /// The failure's text (empty on success).
        var message: String
    }

    /// Parses and runs `arguments`.
    static func run(_ arguments: [String]) async -> Outcome {
        do {
            var command = try AdminCommand.parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return Outcome(code: 0, message: "")
        } catch {
            return Outcome(code: CLIExitCode.code(for: error), message: (error as? CLIFailure)?.description ?? AdminCommand.message(for: error))
        }
    }
}
