import ArgumentParser
import Foundation

/// The `restate-admin` command: an embeddable Restate 1.6.2 Admin API server (`serve`, the
/// default) and a client for a running one.
@main
struct AdminCommand: AsyncParsableCommand {
    /// The command's configuration.
    static let configuration = CommandConfiguration(
        commandName: "restate-admin",
        abstract: "Restate 1.6.2 Admin API control plane.",
        discussion: """
            Exit codes: 0 done; 1 refused (the server answered an error, or check-compat found a breaking \
            change); 2 invalid input found locally (usage errors, bad durations, unreadable files); 3 the \
            server cannot be reached.
            """,
        subcommands: [Serve.self, Deployments.self, Services.self, Subscriptions.self, Invocations.self, CheckCompat.self, Export.self, Import.self],
        defaultSubcommand: Serve.self
    )

    /// Parses the command line and runs the command, with this project's exit codes
    /// (``CLIExitCode``): ArgumentParser's usage errors exit with 2 rather than 64.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let failure as CLIFailure {
            FileHandle.standardError.write(Data((failure.description + "\n").utf8))
            Foundation.exit(failure.exitCode)
        } catch {
            let code = CLIExitCode.code(for: error)
            let parsed = exitCode(for: error)
            if parsed == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(code)
            }
            exit(withError: error)
        }
    }
}
