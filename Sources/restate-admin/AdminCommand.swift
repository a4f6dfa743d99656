import ArgumentParser

/// The `restate-admin` command: an embeddable Restate 1.6.2 Admin API server (`serve`, the
/// default) and a client for a running one (`deployments`, `services`).
@main
struct AdminCommand: AsyncParsableCommand {
    /// The command's configuration.
    static let configuration = CommandConfiguration(
        commandName: "restate-admin",
        abstract: "Restate 1.6.2 Admin API control plane.",
        subcommands: [Serve.self, Deployments.self, Services.self],
        defaultSubcommand: Serve.self
    )
}
