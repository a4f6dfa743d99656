import AdminCore
import ArgumentParser
import Foundation

extension AdminCommand {
    /// `restate-admin deployments …`: list, describe, register, remove, prune and promote
    /// deployments.
    struct Deployments: AsyncParsableCommand {
        /// The group's configuration.
        static let configuration = CommandConfiguration(
            commandName: "deployments",
            abstract: "Manage the deployments of a running Admin API.",
            subcommands: [List.self, Describe.self, Register.self, Remove.self, Prune.self, Promote.self]
        )

        /// `deployments list`: with each deployment's status when the server reports it
        /// (`?include=status`), `-` otherwise.
        struct List: DisplayingClientSubcommand {
            /// The command's help.
            static let configuration = CommandConfiguration(
                abstract: "List the deployments, their status and their services.",
                discussion: """
                    STATUS is active (the latest revision of a service points to it), draining (not active, but \
                    invocations that have not completed are pinned to it) or drained (neither); PINNED counts those \
                    invocations, and "latest" marks the services whose latest revision it holds. A server without the \
                    deployment lifecycle (Restate itself) shows - in both columns. --json prints the server's list.
                    """
            )
            /// Where the Admin API is.
            @OptionGroup var connection: ClientOptions

            /// The table, or with `--json` the server's `GET /deployments` body.
            func output(display: ClientDisplay) async throws -> String {
                let json = try await connection.withClient { client in try await client.deploymentsWithStatus().json }
                return connection.json ? ClientOutput.json(json) : ClientOutput.deployments(json, style: effectiveDisplay(display).style)
            }
        }

        /// `deployments describe ID`.
        struct Describe: DisplayingClientSubcommand {
            /// The command's help.
            static let configuration = CommandConfiguration(
                abstract: "Show one deployment: address, protocol, status and services.",
                discussion: "--json prints the server's GET /deployments/{id}?include=status (without status from a server that refuses include)."
            )
            /// Where the Admin API is.
            @OptionGroup var connection: ClientOptions
            /// The deployment.
            @Argument(help: "The deployment id (dp_…).") var id: String

            /// The deployment's fields and its services, or with `--json` the server's body.
            func output(display: ClientDisplay) async throws -> String {
                let json = try await connection.withClient { client in
                    try await client.withStatus("/deployments/\(AdminClient.segment(id))").json
                }
                return connection.json ? ClientOutput.json(json) : ClientOutput.deployment(json, style: effectiveDisplay(display).style)
            }
        }

        /// `deployments remove ID [--force]`: the server's safe removal, or a forced one.
        struct Remove: DisplayingClientSubcommand {
            /// The command's help.
            static let configuration = CommandConfiguration(
                abstract: "Remove a deployment: a drained one, or any with --force.",
                discussion: """
                    Without --force the server removes the deployment only when it is drained, and refuses an active or \
                    draining one (HTTP 409, exit code 1) with its reason. --force removes it whatever its status; \
                    invocations still running on it may break, and an older revision of its services becomes the latest \
                    again. Restate 1.6.2 itself removes only with --force. --json prints {"id", "removed": true, "force"}.
                    """
            )
            /// Where the Admin API is.
            @OptionGroup var connection: ClientOptions
            /// The deployment.
            @Argument(help: "The deployment id (dp_…).") var id: String
            /// Remove it even when it is active or draining.
            @Flag(help: "Remove it even when it is active or draining.") var force = false

            /// `Removed dp_….`, or with `--json` `{"id", "removed": true, "force"}`.
            /// - Throws: ``CLIFailure`` with the server's refusal (a `501` from a server without
            ///   safe removal says to use `--force`).
            func output(display: ClientDisplay) async throws -> String {
                let path = "/deployments/\(AdminClient.segment(id))" + (force ? "?force=true" : "")
                let response = try await connection.withClient { client in try await client.exchange("DELETE", path) }
                if response.status == 501, !force {
                    throw CLIFailure.refused(
                        "error (HTTP 501): the admin API does not remove a deployment without force (Restate 1.6.2 does not); "
                            + "check that nothing runs on it and use --force")
                }
                _ = try AdminClient.answer(response)
                if connection.json {
                    return ClientOutput.json(["id": id, "removed": true, "force": force] as [String: Any])
                }
                return "Removed \(id)."
            }
        }
    }
}
