import ArgumentParser

extension AdminCommand {
    /// `restate-admin services …`: list and describe services.
    struct Services: AsyncParsableCommand {
        /// The group's configuration.
        static let configuration = CommandConfiguration(
            commandName: "services",
            abstract: "Inspect the services of a running Admin API.",
            subcommands: [List.self, Describe.self]
        )

        /// `services list`.
        struct List: ClientSubcommand {
            static let configuration = CommandConfiguration(abstract: "List the services at their latest revision.")
            @OptionGroup var connection: ClientOptions

            func output() async throws -> String {
                try await connection.withClient { client in ClientOutput.services(try await client.call("GET", "/services")) }
            }
        }

        /// `services describe NAME`.
        struct Describe: ClientSubcommand {
            static let configuration = CommandConfiguration(abstract: "Show one service as JSON.")
            @OptionGroup var connection: ClientOptions
            @Argument(help: "The service name.") var name: String

            func output() async throws -> String {
                try await connection.withClient { client in
                    ClientOutput.json(try await client.call("GET", "/services/\(AdminClient.segment(name))"))
                }
            }
        }
    }
}
