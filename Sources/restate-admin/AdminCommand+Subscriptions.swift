import AdminCore
import ArgumentParser
import Foundation

extension AdminCommand {
    /// `restate-admin subscriptions …`: create, list, describe and remove Kafka subscriptions.
    struct Subscriptions: AsyncParsableCommand {
        /// The group's configuration.
        static let configuration = CommandConfiguration(
            commandName: "subscriptions",
            abstract: "Manage the Kafka subscriptions of a running Admin API.",
            subcommands: [Create.self, List.self, Describe.self, Remove.self]
        )

        /// Refuses a subscription id that is not `sub_…`, with Restate's reason.
        static func validateID(_ id: String) throws(ValidationError) {
            do {
                _ = try SubscriptionID(parsing: id)
            } catch {
                throw ValidationError("'\(id)' is not a subscription id (sub_…): \(error.message)")
            }
        }

        /// `subscriptions create SOURCE SINK [--option key=value]…`.
        struct Create: ClientSubcommand {
            /// The command's configuration.
            static let configuration = CommandConfiguration(
                abstract: "Subscribe a handler to a Kafka topic.",
                discussion: """
                    SOURCE is kafka://CLUSTER/TOPIC, with a cluster the server has configured; SINK is \
                    service://SERVICE/HANDLER, a handler of a registered service. Options are Kafka consumer \
                    properties; of two with the same key the later wins. The server adds group.id (the subscription \
                    id) and client.id (restate) when they are not set. Prints the new subscription; with --json, the \
                    server's answer.
                    """
            )
            /// Where the Admin API is, and whether `--json` was given.
            @OptionGroup var connection: ClientOptions
            /// The source, `kafka://CLUSTER/TOPIC`.
            @Argument(help: "The source, kafka://CLUSTER/TOPIC.") var source: String
            /// The sink, `service://SERVICE/HANDLER`.
            @Argument(help: "The sink, service://SERVICE/HANDLER.") var sink: String
            /// The `--option key=value` values, in order.
            @Option(name: .customLong("option"), help: "A Kafka consumer property, key=value (repeatable).")
            var options: [String] = []

            /// Refuses an `--option` that is not `key=value`.
            mutating func validate() throws {
                _ = try optionValues()
            }

            /// The `--option` values as a dictionary (of two with the same key, the later wins).
            /// - Throws: `ValidationError` for an option without `=` or with an empty key.
            func optionValues() throws(ValidationError) -> [String: String] {
                var values: [String: String] = [:]
                for option in options {
                    guard let equals = option.firstIndex(of: "="), equals != option.startIndex else {
                        throw ValidationError("--option takes key=value, got '\(option)'")
                    }
                    values[String(option[..<equals])] = String(option[option.index(after: equals)...])
                }
                return values
            }

            /// Creates the subscription and prints it.
            func output() async throws -> String {
                let body: [String: Any] = ["source": source, "sink": sink, "options": try optionValues()]
                let answer = try await connection.withClient { client in try await client.call("POST", "/subscriptions", body: body) }
                return connection.json ? ClientOutput.json(answer) : ClientOutput.createdSubscription(answer)
            }
        }

        /// `subscriptions list [--source SOURCE] [--sink SINK]`.
        struct List: ClientSubcommand {
            /// The command's configuration.
            static let configuration = CommandConfiguration(
                abstract: "List the subscriptions.",
                discussion: """
                    The filters compare the canonical kafka://CLUSTER/TOPIC and service://SERVICE/HANDLER strings \
                    exactly; both together must both match. With --json, the server's {"subscriptions": […]}.
                    """
            )
            /// Where the Admin API is, and whether `--json` was given.
            @OptionGroup var connection: ClientOptions
            /// The `--source` filter.
            @Option(help: "Only subscriptions from this source (kafka://CLUSTER/TOPIC).") var source: String?
            /// The `--sink` filter.
            @Option(help: "Only subscriptions to this sink (service://SERVICE/HANDLER).") var sink: String?

            /// `/subscriptions` with the filters given, percent-encoded.
            var path: String {
                let query = [("source", source), ("sink", sink)].compactMap { name, value in
                    value.map { "\(name)=\(AdminClient.segment($0))" }
                }
                return "/subscriptions" + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
            }

            /// Lists the subscriptions as a table.
            func output() async throws -> String {
                let answer = try await connection.withClient { client in try await client.call("GET", path) }
                return connection.json ? ClientOutput.json(answer) : ClientOutput.subscriptions(answer)
            }
        }

        /// `subscriptions describe ID`.
        struct Describe: ClientSubcommand {
            /// The command's configuration.
            static let configuration = CommandConfiguration(
                abstract: "Show one subscription.",
                discussion: "Prints its id, source, sink and options; with --json, the server's answer."
            )
            /// Where the Admin API is, and whether `--json` was given.
            @OptionGroup var connection: ClientOptions
            /// The subscription id (`sub_…`).
            @Argument(help: "The subscription id (sub_…).") var id: String

            /// Refuses an id that is not `sub_…`.
            mutating func validate() throws {
                try Subscriptions.validateID(id)
            }

            /// Fetches the subscription and prints it.
            func output() async throws -> String {
                let answer = try await connection.withClient { client in
                    try await client.call("GET", "/subscriptions/\(AdminClient.segment(id))")
                }
                return connection.json ? ClientOutput.json(answer) : ClientOutput.subscription(answer)
            }
        }

        /// `subscriptions remove ID`.
        struct Remove: ClientSubcommand {
            /// The command's configuration.
            static let configuration = CommandConfiguration(
                abstract: "Remove a subscription.",
                discussion: #"The server answers with no body: --json prints {"id": "sub_…", "result": "removed"}."#
            )
            /// Where the Admin API is, and whether `--json` was given.
            @OptionGroup var connection: ClientOptions
            /// The subscription id (`sub_…`).
            @Argument(help: "The subscription id (sub_…).") var id: String

            /// Refuses an id that is not `sub_…`.
            mutating func validate() throws {
                try Subscriptions.validateID(id)
            }

            /// Removes the subscription and confirms it.
            func output() async throws -> String {
                _ = try await connection.withClient { client in
                    try await client.call("DELETE", "/subscriptions/\(AdminClient.segment(id))")
                }
                return ClientOutput.removedSubscription(id, json: connection.json)
            }
        }
    }
}
