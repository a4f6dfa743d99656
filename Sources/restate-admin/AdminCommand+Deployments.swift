import AdminCore
import ArgumentParser
import Foundation

extension AdminCommand {
    /// `restate-admin deployments …`: list, describe, register, remove and prune deployments.
    struct Deployments: AsyncParsableCommand {
        /// The group's configuration.
        static let configuration = CommandConfiguration(
            commandName: "deployments",
            abstract: "Manage the deployments of a running Admin API.",
            subcommands: [List.self, Describe.self, Register.self, Remove.self, Prune.self]
        )

        /// `deployments list`: with each deployment's status when the server reports it
        /// (`?include=status`), `-` otherwise.
        struct List: ClientSubcommand {
            static let configuration = CommandConfiguration(
                abstract: "List the deployments, their status and their services.",
                discussion: """
                    STATUS is active (the latest revision of a service points to it), draining (not active, but \
                    invocations that have not completed are pinned to it) or drained (neither); PINNED counts those \
                    invocations, and "latest" marks the services whose latest revision it holds. A server without the \
                    deployment lifecycle (Restate itself) shows - in both columns.
                    """
            )
            @OptionGroup var connection: ClientOptions

            func output() async throws -> String {
                try await connection.withClient { client in ClientOutput.deployments(try await client.deploymentsWithStatus().json) }
            }
        }

        /// `deployments describe ID`.
        struct Describe: ClientSubcommand {
            static let configuration = CommandConfiguration(abstract: "Show one deployment as JSON.")
            @OptionGroup var connection: ClientOptions
            @Argument(help: "The deployment id (dp_…).") var id: String

            func output() async throws -> String {
                try await connection.withClient { client in
                    ClientOutput.json(try await client.call("GET", "/deployments/\(AdminClient.segment(id))"))
                }
            }
        }

        /// `deployments register URI`.
        struct Register: ClientSubcommand {
            static let configuration = CommandConfiguration(
                abstract: "Register a deployment (discover its services).",
                discussion: "A refused breaking change lists every violation, not only the first."
            )
            @OptionGroup var connection: ClientOptions
            @Argument(help: "The deployment's URI (http:// or https://) or Lambda ARN.") var address: String
            @Flag(help: "Replace a deployment already registered at this address.") var force = false
            @Flag(help: "Accept breaking changes to existing services.") var breaking = false
            @Flag(help: "Check the registration without storing it.") var dryRun = false
            @Flag(name: .customLong("use-http11"), help: "Discover over HTTP/1.1 instead of HTTP/2.") var useHTTP11 = false
            @Option(name: .customLong("header"), help: "An additional header for the deployment, name:value (repeatable).")
            var headers: [String] = []

            /// Refuses a `--header` that is not `name:value` or not a valid header.
            mutating func validate() throws {
                _ = try additionalHeaders()
            }

            /// The `--header` options in order; of two names that differ only in case, the later
            /// wins (``AdditionalHeaders/init(ordered:)``). Spaces around name and value are dropped.
            /// - Throws: `ValidationError` for an option without `:`, or an invalid name or value.
            func additionalHeaders() throws(ValidationError) -> AdditionalHeaders {
                var pairs: [(String, String)] = []
                for header in headers {
                    guard let colon = header.firstIndex(of: ":") else {
                        throw ValidationError("--header takes name:value, got '\(header)'")
                    }
                    pairs.append(
                        (
                            String(header[..<colon]).trimmingCharacters(in: .whitespaces),
                            String(header[header.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
                        ))
                }
                do {
                    return try AdditionalHeaders(ordered: pairs)
                } catch {
                    throw ValidationError("--header: \(error.message)")
                }
            }

            func output() async throws -> String {
                var body: [String: Any] = ["force": force, "breaking": breaking, "dry_run": dryRun]
                if address.hasPrefix("arn:") {
                    body["arn"] = address
                } else {
                    body["uri"] = address
                    if useHTTP11 { body["use_http_11"] = true }
                }
                let additional = try additionalHeaders()
                if !additional.isEmpty {
                    body["additional_headers"] = additional.dictionary
                }
                let answer = try await connection.withClient { client in try await client.send("POST", "/deployments", body: body) }
                return ClientOutput.registration(answer.json, status: answer.status, force: force, dryRun: dryRun)
            }
        }

        /// `deployments remove ID`.
        struct Remove: ClientSubcommand {
            static let configuration = CommandConfiguration(abstract: "Remove a deployment (forced, as Restate requires).")
            @OptionGroup var connection: ClientOptions
            @Argument(help: "The deployment id (dp_…).") var id: String

            func output() async throws -> String {
                _ = try await connection.withClient { client in
                    try await client.call("DELETE", "/deployments/\(AdminClient.segment(id))?force=true")
                }
                return "Removed \(id)."
            }
        }
    }
}
