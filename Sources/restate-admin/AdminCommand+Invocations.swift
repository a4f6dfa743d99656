import AdminCore
import ArgumentParser
import Foundation

extension AdminCommand {
    /// `restate-admin invocations …`: cancel, kill, purge, pause, resume and restart invocations
    /// (BEHAVIOR.md §5.5).
    struct Invocations: AsyncParsableCommand {
        /// The group's configuration.
        static let configuration = CommandConfiguration(
            commandName: "invocations",
            abstract: "Act on the invocations of a running Admin API.",
            discussion: """
                Every command takes an invocation id (inv_…), checked before anything is sent. Except restart-as-new, \
                the server answers with no body: --json prints {"id": "inv_…", "result": "…", "status": <HTTP status>}, \
                with "deployment" added when resume was given one.
                """,
            subcommands: [Cancel.self, Kill.self, Purge.self, PurgeJournal.self, Pause.self, Resume.self, RestartAsNew.self]
        )

        /// Refuses an invocation id that is not `inv_…`, with Restate's reason.
        static func validateID(_ id: String) throws(ValidationError) {
            do {
                _ = try InvocationID(parsing: id)
            } catch {
                throw ValidationError("'\(id)' is not an invocation id (inv_…): \(error.message)")
            }
        }

        /// `PATCH /invocations/{id}/{operation}`, with `?deployment=` when given, and its
        /// confirmation.
        static func operate(
            _ operation: InvocationRules.Operation, id: String, deployment: InvocationRules.DeploymentChoice? = nil, connection: ClientOptions
        ) async throws -> String {
            let query = deployment.map { "?deployment=\(AdminClient.segment($0.queryValue))" } ?? ""
            let answer = try await connection.withClient { client in
                try await client.send("PATCH", "/invocations/\(AdminClient.segment(id))/\(operation.rawValue)\(query)")
            }
            return ClientOutput.invocation(operation, id: id, status: answer.status, deployment: deployment?.queryValue, json: connection.json)
        }

        /// `invocations cancel ID`.
        struct Cancel: InvocationCommand {
            /// The command's configuration.
            static let configuration = CommandConfiguration(
                abstract: "Cancel an invocation.",
                discussion: """
                    One that has not started is cancelled at once (HTTP 200); a running, suspended or paused one gets \
                    a cancel signal and its handler runs the cancellation (202). With --json: {"id": "inv_…", "result": \
                    "cancelled" or "cancel-requested", "status": 200 or 202}.
                    """
            )
            /// The operation.
            static let operation = InvocationRules.Operation.cancel
            /// Where the Admin API is, and whether `--json` was given.
            @OptionGroup var connection: ClientOptions
            /// The invocation id (`inv_…`).
            @Argument(help: "The invocation id (inv_…).") var id: String
        }

        /// `invocations kill ID`.
        struct Kill: InvocationCommand {
            /// The command's configuration.
            static let configuration = CommandConfiguration(
                abstract: "Kill an invocation that has not completed (no compensation; state consistency is not guaranteed).",
                discussion: #"With --json: {"id": "inv_…", "result": "killed", "status": 200}."#
            )
            /// The operation.
            static let operation = InvocationRules.Operation.kill
            /// Where the Admin API is, and whether `--json` was given.
            @OptionGroup var connection: ClientOptions
            /// The invocation id (`inv_…`).
            @Argument(help: "The invocation id (inv_…).") var id: String
        }

        /// `invocations purge ID`.
        struct Purge: InvocationCommand {
            /// The command's configuration.
            static let configuration = CommandConfiguration(
                abstract: "Delete a completed invocation: its status, journal and idempotency key.",
                discussion: #"With --json: {"id": "inv_…", "result": "purged", "status": 200}."#
            )
            /// The operation.
            static let operation = InvocationRules.Operation.purge
            /// Where the Admin API is, and whether `--json` was given.
            @OptionGroup var connection: ClientOptions
            /// The invocation id (`inv_…`).
            @Argument(help: "The invocation id (inv_…).") var id: String
        }

        /// `invocations purge-journal ID`.
        struct PurgeJournal: InvocationCommand {
            /// The command's configuration.
            static let configuration = CommandConfiguration(
                commandName: "purge-journal",
                abstract: "Delete the journal of a completed invocation, keeping its metadata.",
                discussion: #"With --json: {"id": "inv_…", "result": "journal-purged", "status": 200}."#
            )
            /// The operation.
            static let operation = InvocationRules.Operation.purgeJournal
            /// Where the Admin API is, and whether `--json` was given.
            @OptionGroup var connection: ClientOptions
            /// The invocation id (`inv_…`).
            @Argument(help: "The invocation id (inv_…).") var id: String
        }

        /// `invocations pause ID`.
        struct Pause: InvocationCommand {
            /// The command's configuration.
            static let configuration = CommandConfiguration(
                abstract: "Pause a running invocation.",
                discussion: """
                    A running one is asked to pause (HTTP 202); one already paused or suspended stays so (200). With \
                    --json: {"id": "inv_…", "result": "pause-requested" or "already-paused", "status": 202 or 200}.
                    """
            )
            /// The operation.
            static let operation = InvocationRules.Operation.pause
            /// Where the Admin API is, and whether `--json` was given.
            @OptionGroup var connection: ClientOptions
            /// The invocation id (`inv_…`).
            @Argument(help: "The invocation id (inv_…).") var id: String
        }

        /// `invocations resume ID [--deployment keep|latest|ID]`.
        struct Resume: ClientSubcommand {
            /// The command's configuration.
            static let configuration = CommandConfiguration(
                abstract: "Resume a paused or suspended invocation (or retry a running one now).",
                discussion: """
                    Without --deployment it stays on its pinned deployment (the server's default, keep). With --json: \
                    {"id": "inv_…", "result": "resumed", "status": 200}, plus "deployment" when one was given.
                    """
            )
            /// Where the Admin API is, and whether `--json` was given.
            @OptionGroup var connection: ClientOptions
            /// The invocation id (`inv_…`).
            @Argument(help: "The invocation id (inv_…).") var id: String
            /// The `--deployment` text, checked by `validate()`.
            @Option(help: "The deployment to resume on: keep, latest or a deployment id (dp_…). [default: keep]")
            var deployment: String?

            /// Refuses an id that is not `inv_…` and a `--deployment` that is not keep, latest or `dp_…`.
            mutating func validate() throws {
                try Invocations.validateID(id)
                _ = try deployment.map(InvocationRules.DeploymentChoice.init(argument:))
            }

            /// Resumes the invocation and confirms it.
            func output() async throws -> String {
                let choice = try deployment.map(InvocationRules.DeploymentChoice.init(argument:))
                return try await Invocations.operate(.resume, id: id, deployment: choice, connection: connection)
            }
        }

        /// `invocations restart-as-new ID [--from N] [--deployment keep|latest|ID]`.
        struct RestartAsNew: ClientSubcommand {
            /// The command's configuration.
            static let configuration = CommandConfiguration(
                commandName: "restart-as-new",
                abstract: "Start a completed invocation again, as a new invocation with the same input.",
                discussion: """
                    Prints the new invocation's id; with --json, the server's {"new_invocation_id": "inv_…"}. --from N \
                    copies the journal up to and including entry N (0, the default, starts from the input only); \
                    without --deployment the server uses the latest deployment.
                    """
            )
            /// Where the Admin API is, and whether `--json` was given.
            @OptionGroup var connection: ClientOptions
            /// The invocation id (`inv_…`).
            @Argument(help: "The invocation id (inv_…).") var id: String
            /// The `--from` journal index.
            @Option(help: "The last journal entry to copy (a non-negative integer). [default: 0]") var from: UInt32?
            /// The `--deployment` text, checked by `validate()`.
            @Option(help: "The deployment to restart on: keep, latest or a deployment id (dp_…). [default: latest]")
            var deployment: String?

            /// Refuses an id that is not `inv_…` and a `--deployment` that is not keep, latest or `dp_…`.
            mutating func validate() throws {
                try Invocations.validateID(id)
                _ = try deployment.map(InvocationRules.DeploymentChoice.init(argument:))
            }

            /// `/invocations/{id}/restart-as-new` with the parameters given.
            func path() throws(ValidationError) -> String {
                var query: [String] = []
                if let from { query.append("from=\(from)") }
                if let choice = try deployment.map(InvocationRules.DeploymentChoice.init(argument:)) {
                    query.append("deployment=\(AdminClient.segment(choice.queryValue))")
                }
                return "/invocations/\(AdminClient.segment(id))/restart-as-new" + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
            }

            /// Restarts the invocation and prints the new id.
            func output() async throws -> String {
                let path = try path()
                let answer = try await connection.withClient { client in try await client.call("PATCH", path) }
                return ClientOutput.restart(answer, id: id, json: connection.json)
            }
        }
    }
}
