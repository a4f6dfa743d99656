import AdminCore
import ArgumentParser

extension AdminCommand.Services {
    /// `services config view|set`: a service's settings (BEHAVIOR.md §5.3, PATCH /services).
    struct Config: AsyncParsableCommand {
        /// The group's configuration.
        static let configuration = CommandConfiguration(
            abstract: "View or change a service's settings: public, retentions and timeouts.",
            subcommands: [View.self, Set.self]
        )

        /// `services config view NAME`.
        struct View: DisplayingClientSubcommand {
            /// The command's help.
            static let configuration = CommandConfiguration(
                abstract: "Show a service's settings.",
                discussion: """
                    Shows public, idempotency_retention, workflow_completion_retention (workflows only), \
                    journal_retention, inactivity_timeout and abort_timeout, from GET /services/{name}. --json prints \
                    those keys of the server's answer as an object.
                    """
            )
            /// Where the Admin API is.
            @OptionGroup var connection: AdminCommand.ClientOptions
            /// The service.
            @Argument(help: "The service name.") var name: String

            /// The settings, or their JSON.
            func output(display: ClientDisplay) async throws -> String {
                let json = try await connection.withClient { client in try await client.call("GET", "/services/\(AdminClient.segment(name))") }
                return connection.json ? ClientOutput.serviceConfigurationJSON(json) : ClientOutput.serviceConfiguration(json)
            }
        }

        /// `services config set NAME [--public B] [--… D]…`: `PATCH /services/{name}` with the
        /// given settings only.
        struct Set: DisplayingClientSubcommand {
            /// The command's help.
            static let configuration = CommandConfiguration(
                abstract: "Change a service's settings (PATCH /services/{name}); at least one option.",
                discussion: """
                    Durations are written as Restate reads them: friendly (10m, 1h 30m, 2 days, 0) or ISO 8601 (PT1H, \
                    P1D); no years or months, nothing negative. They are checked before anything is sent (a bad one is a \
                    usage error, exit code 2) and sent in Restate's compact form. The change applies to the latest \
                    revision and lasts until the next registration of the service. --workflow-completion-retention is \
                    for workflows only. Prints the settings after the change; --json prints the server's answer \
                    (the service).
                    """
            )
            /// Where the Admin API is.
            @OptionGroup var connection: AdminCommand.ClientOptions
            /// The service.
            @Argument(help: "The service name.") var name: String
            /// Ingress visibility.
            @Option(name: .customLong("public"), help: "Whether the service is reachable through ingress (true or false).")
            var isPublic: Bool?
            /// How long idempotency keys are kept.
            @Option(help: ArgumentHelp("How long idempotent invocation results are kept.", valueName: "duration"))
            var idempotencyRetention: String?
            /// How long journals are kept after completion.
            @Option(help: ArgumentHelp("How long the journal is kept after completion.", valueName: "duration"))
            var journalRetention: String?
            /// How long workflow results are kept (workflows only).
            @Option(help: ArgumentHelp("How long workflow results are kept (workflows only).", valueName: "duration"))
            var workflowCompletionRetention: String?
            /// The inactivity timeout.
            @Option(help: ArgumentHelp("How long an invocation may stay inactive before it is suspended.", valueName: "duration"))
            var inactivityTimeout: String?
            /// The abort timeout.
            @Option(help: ArgumentHelp("How long after the inactivity timeout an invocation is aborted.", valueName: "duration"))
            var abortTimeout: String?

            /// The duration options: option name, body key, value.
            private var durations: [(option: String, key: String, value: String?)] {
                [
                    ("--idempotency-retention", "idempotency_retention", idempotencyRetention),
                    ("--journal-retention", "journal_retention", journalRetention),
                    ("--workflow-completion-retention", "workflow_completion_retention", workflowCompletionRetention),
                    ("--inactivity-timeout", "inactivity_timeout", inactivityTimeout),
                    ("--abort-timeout", "abort_timeout", abortTimeout),
                ]
            }

            /// Refuses a call without any setting, and a duration Restate would refuse, naming its
            /// option.
            mutating func validate() throws {
                _ = try body()
            }

            /// The body of `PATCH /services/{name}`: the given settings only, durations in
            /// Restate's compact form.
            /// - Throws: `ValidationError` when no setting is given or a duration does not parse.
            func body() throws(ValidationError) -> [String: Any] {
                var body: [String: Any] = [:]
                if let isPublic { body["public"] = isPublic }
                for duration in durations {
                    guard let value = duration.value else { continue }
                    do {
                        body[duration.key] = try RestateDuration(parsing: value).description
                    } catch {
                        throw ValidationError("\(duration.option): invalid duration '\(value)': \(error.message)")
                    }
                }
                guard !body.isEmpty else {
                    throw ValidationError(
                        "config set needs at least one of --public, --idempotency-retention, --journal-retention, "
                            + "--workflow-completion-retention, --inactivity-timeout, --abort-timeout")
                }
                return body
            }

            /// Sends the change and shows the settings after it, or the server's JSON.
            func output(display: ClientDisplay) async throws -> String {
                let body: [String: Any]
                do {
                    body = try self.body()
                } catch {
                    throw CLIFailure.invalidInput("error: \(error.message)")
                }
                let json = try await connection.withClient { client in
                    try await client.call("PATCH", "/services/\(AdminClient.segment(name))", body: body)
                }
                if connection.json { return ClientOutput.json(json) }
                return "Updated \(name):\n" + ClientOutput.serviceConfiguration(json, indent: "  ")
            }
        }
    }
}
