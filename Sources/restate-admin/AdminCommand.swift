import ArgumentParser

/// The `restate-admin` command: an embeddable Restate 1.6.2 Admin API server.
@main
struct AdminCommand: AsyncParsableCommand {
    /// The command's configuration.
    static let configuration = CommandConfiguration(
        commandName: "restate-admin",
        abstract: "Restate 1.6.2 Admin API control plane.",
        subcommands: [Serve.self],
        defaultSubcommand: Serve.self
    )
}
