import ArgumentParser

extension AdminCommand {
    /// `restate-admin services …`: list, describe and configure services, and show their history.
    struct Services: AsyncParsableCommand {
        /// The group's configuration.
        static let configuration = CommandConfiguration(
            commandName: "services",
            abstract: "Inspect and configure the services of a running Admin API.",
            subcommands: [List.self, Describe.self, History.self, Config.self]
        )

        /// `services list`.
        struct List: DisplayingClientSubcommand {
            /// The command's help.
            static let configuration = CommandConfiguration(
                abstract: "List the services at their latest revision.", discussion: "--json prints the server's GET /services.")
            /// Where the Admin API is.
            @OptionGroup var connection: ClientOptions

            /// The table, or the server's JSON.
            func output(display: ClientDisplay) async throws -> String {
                let json = try await connection.withClient { client in try await client.call("GET", "/services") }
                return connection.json ? ClientOutput.json(json) : ClientOutput.services(json)
            }
        }

        /// `services describe NAME`.
        struct Describe: DisplayingClientSubcommand {
            /// The command's help.
            static let configuration = CommandConfiguration(
                abstract: "Show one service: its revision, deployment, handlers and configuration.",
                discussion: "--json prints the server's GET /services/{name}.")
            /// Where the Admin API is.
            @OptionGroup var connection: ClientOptions
            /// The service.
            @Argument(help: "The service name.") var name: String

            /// The service as text, or the server's JSON.
            func output(display: ClientDisplay) async throws -> String {
                let json = try await connection.withClient { client in try await client.call("GET", "/services/\(AdminClient.segment(name))") }
                return connection.json ? ClientOutput.json(json) : ClientOutput.service(json)
            }
        }

        /// `services history NAME`: `GET /services/{name}/revisions` (BEHAVIOR.md §5.8).
        struct History: DisplayingClientSubcommand {
            /// The command's help.
            static let configuration = CommandConfiguration(
                abstract: "List the revisions of a service that deployments still hold, oldest first.",
                discussion: """
                    CHANGES compares each revision with the one before: +handler added, -handler removed, type A → B, \
                    handler: A → B. Needs a swift-restate-admin server; Restate itself has no history. --json prints the \
                    server's GET /services/{name}/revisions.
                    """
            )
            /// Where the Admin API is.
            @OptionGroup var connection: ClientOptions
            /// The service.
            @Argument(help: "The service name.") var name: String

            /// The table, or the server's JSON.
            func output(display: ClientDisplay) async throws -> String {
                let json = try await connection.withClient { client in
                    try await client.call("GET", "/services/\(AdminClient.segment(name))/revisions")
                }
                return connection.json ? ClientOutput.json(json) : ClientOutput.history(json, style: effectiveDisplay(display).style)
            }
        }
    }
}
