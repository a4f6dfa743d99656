import ArgumentParser
import Foundation

extension AdminCommand.Deployments {
    /// `deployments prune [--dry-run]`: removes every drained deployment, each with a `DELETE`
    /// without force so that the server checks again when it removes it.
    struct Prune: ClientSubcommand {
        /// The command's help, which says what "drained" means without recorded invocations.
        static let configuration = CommandConfiguration(
            abstract: "Remove every drained deployment.",
            discussion: """
                A deployment is drained when the latest revision of no service points to it and no invocation that \
                has not completed is pinned to it. Each one is removed without force, so the server checks again at \
                that moment: one that became active or draining since it was listed is skipped with the server's \
                reason, and the command still succeeds.

                Without a host runtime recording invocations (plain `restate-admin serve`), the server cannot know \
                about invocations nobody recorded: there, "drained" only means "the latest for no service", and a \
                deployment that still serves running invocations is removed all the same.

                Needs a server with this project's deployment lifecycle (GET /deployments?include=status); Restate \
                itself does not report drained deployments.

                --json prints {"dry_run", "deployments": [{"id", "address", "outcome": "removed" | "would_remove" | \
                "skipped", "reason" (skipped only)}], "removed": number, "skipped": number}.
                """
        )
        /// Where the Admin API is.
        @OptionGroup var connection: AdminCommand.ClientOptions
        /// List what would be removed, and remove nothing.
        @Flag(help: "List the drained deployments without removing them.") var dryRun = false

        /// Lists the deployments with their status, then removes the drained ones (or, in a dry
        /// run, lists them).
        /// - Returns: one line per drained deployment and a summary line, or their JSON.
        /// - Throws: ``CLIFailure`` for a server without the lifecycle, one that cannot be
        ///   reached, or an unexpected status (after the lines of what was already removed).
        func output() async throws -> String {
            try await connection.withClient { client in
                let (json, includeRefused) = try await client.deploymentsWithStatus()
                let deployments = ListedDeployment.all(in: json)
                guard !includeRefused, deployments.allSatisfy(\.reportsStatus) else {
                    throw CLIFailure.refused(
                        "error: the admin API at \(client.server) does not report deployment status "
                            + "(GET /deployments?include=status), so prune cannot tell which deployments are drained; "
                            + "it needs a swift-restate-admin server with the deployment lifecycle")
                }
                let drained = deployments.filter(\.isDrained)
                guard !dryRun else {
                    return render(drained.map { ($0, .wouldRemove) }, dryRun: true)
                }
                var results: [(deployment: ListedDeployment, outcome: PruneOutcome)] = []
                for deployment in drained {
                    do {
                        results.append((deployment, try await remove(deployment, with: client)))
                    } catch let failure as CLIFailure {
                        // Say what was removed before the failure.
                        let done = results.map { ClientOutput.pruneLine($0.deployment, $0.outcome) }
                        throw CLIFailure(description: (done + [failure.description]).joined(separator: "\n"), exitCode: failure.exitCode)
                    }
                }
                return render(results, dryRun: false)
            }
        }

        /// The lines of ``ClientOutput/prune(_:dryRun:)``, or with `--json`
        /// ``ClientOutput/pruneJSON(_:dryRun:)``.
        private func render(_ results: [(deployment: ListedDeployment, outcome: PruneOutcome)], dryRun: Bool) -> String {
            connection.json ? ClientOutput.pruneJSON(results, dryRun: dryRun) : ClientOutput.prune(results, dryRun: dryRun)
        }

        /// Removes `deployment` without force.
        /// - Returns: ``PruneOutcome/removed``, or ``PruneOutcome/skipped(_:)`` with the server's
        ///   message for a `409` (no longer drained) or a `404` (already removed).
        /// - Throws: ``CLIFailure`` for any other status, or when the server cannot be
        ///   reached.
        private func remove(_ deployment: ListedDeployment, with client: AdminClient) async throws -> PruneOutcome {
            let response = try await client.exchange("DELETE", "/deployments/\(AdminClient.segment(deployment.id))?force=false")
            switch response.status {
            case 409, 404:
                return .skipped(ClientOutput.message(status: response.status, body: response.body, contentType: response.contentType))
            default:
                _ = try AdminClient.answer(response)
                return .removed
            }
        }
    }
}
