import ArgumentParser
import Foundation

extension AdminCommand.Deployments {
    /// `deployments promote ID [--breaking] [--dry-run]`: makes the deployment's services point
    /// to it again (`POST /deployments/{id}/promote`, BEHAVIOR.md §5.8).
    struct Promote: DisplayingClientSubcommand {
        /// The command's help, with the `--json` shape.
        static let configuration = CommandConfiguration(
            abstract: "Make a deployment's services point to it again, as new revisions.",
            discussion: """
                Every service of the deployment that does not point to it gets a new revision that does, built from what \
                the deployment holds (no discovery). The change is checked like a registration: a breaking change is \
                refused (exit code 1, every violation listed) unless --breaking is given. Prints each service: revised \
                (revision old → new) or unchanged, with handlers added and removed. Needs a swift-restate-admin server; \
                Restate itself has no promotion.

                --json prints the shape of `deployments register --json`, with "outcome": "promoted".
                """
        )
        /// Where the Admin API is.
        @OptionGroup var connection: AdminCommand.ClientOptions
        /// The deployment.
        @Argument(help: "The deployment id (dp_…).") var id: String
        /// Accept breaking changes.
        @Flag(help: "Accept breaking changes against the current latest revisions.") var breaking = false
        /// Check without storing.
        @Flag(help: "Check the promotion without storing it.") var dryRun = false

        /// Reads `GET /services`, promotes, and renders the changes or their JSON.
        func output(display: ClientDisplay) async throws -> String {
            let (before, answer) = try await connection.withClient { client in
                let before = try await client.call("GET", "/services")
                let answer = try await client.call(
                    "POST", "/deployments/\(AdminClient.segment(id))/promote", body: ["breaking": breaking, "dry_run": dryRun])
                return (before, answer)
            }
            if connection.json {
                return ClientOutput.registrationJSON(answer, before: before, outcome: .promoted, dryRun: dryRun)
            }
            return ClientOutput.registration(answer, before: before, outcome: .promoted, dryRun: dryRun, style: effectiveDisplay(display).style)
        }
    }
}
