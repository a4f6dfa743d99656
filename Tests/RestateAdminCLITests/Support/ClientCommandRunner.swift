import ArgumentParser
import Testing

@testable import restate_admin

/// Runs client subcommands the way `restate-admin` does, against a given admin URL.
enum ClientCommandRunner {
    /// Parses `arguments` plus `--admin-url url` as `restate-admin` would and returns the
    /// subcommand's output.
    static func output(_ arguments: [String], url: String) async throws -> String {
        let command = try AdminCommand.parseAsRoot(arguments + ["--admin-url", url])
        let client = try #require(command as? any ClientSubcommand, "\(arguments) is not a client subcommand")
        return try await client.output()
    }

    /// The failure text of `arguments`, or `nil` when it succeeded.
    static func failure(_ arguments: [String], url: String) async throws -> String? {
        do {
            _ = try await output(arguments, url: url)
            return nil
        } catch let failure as CLIFailure {
            return failure.description
        }
    }
}
