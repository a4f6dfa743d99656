import AdminCore
import ArgumentParser
import Foundation

extension AdminCommand.Deployments {
    /// `deployments register URI`: discovers the deployment's services and says what changed.
    struct Register: DisplayingClientSubcommand {
        /// The command's help, with the `--json` shape.
        static let configuration = CommandConfiguration(
            abstract: "Register a deployment (discover its services) and show what changed.",
            discussion: """
                Reads the services (GET /services) before registering, then lists each service of the deployment: new, \
                revised (revision old → new) or unchanged, with the handlers added (+name) and removed (-name). A \
                refused breaking change lists every violation, not only the first. On a terminal a spinner shows while \
                discovery runs.

                --json prints {"id", "outcome": "created" | "overwritten" | "unchanged", "dry_run", "services": [{"name", \
                "change": "new" | "revised" | "unchanged", "revision_before": number | null, "revision_after", \
                "handlers_added": [name], "handlers_removed": [name]}], "response": <the server's answer>}.
                """
        )
        /// Where the Admin API is.
        @OptionGroup var connection: AdminCommand.ClientOptions
        /// The deployment's address.
        @Argument(help: "The deployment's URI (http:// or https://) or Lambda ARN.") var address: String
        /// Replace a deployment at the same address.
        @Flag(help: "Replace a deployment already registered at this address.") var force = false
        /// Accept breaking changes.
        @Flag(help: "Accept breaking changes to existing services.") var breaking = false
        /// Check without storing.
        @Flag(help: "Check the registration without storing it.") var dryRun = false
        /// Discover over HTTP/1.1.
        @Flag(name: .customLong("use-http11"), help: "Discover over HTTP/1.1 instead of HTTP/2.") var useHTTP11 = false
        /// `--header name:value`, repeatable.
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

        /// The body of `POST /deployments`.
        func body() throws -> [String: Any] {
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
            return body
        }

        /// Reads `GET /services`, registers with a spinner on a terminal, and renders the changes
        /// (``ClientOutput/registration(_:before:outcome:dryRun:style:)``) or their JSON.
        func output(display: ClientDisplay) async throws -> String {
            let display = effectiveDisplay(display)
            let body = try body()
            let (before, answer) = try await connection.withClient { client in
                let before = try await client.call("GET", "/services")
                let answer = try await ProgressSpinner.run("Discovering \(address)…", enabled: display.showsProgress) {
                    try await client.send("POST", "/deployments", body: body)
                }
                return (before, answer)
            }
            let outcome = RegistrationOutcome(registrationStatus: answer.status, force: force)
            if connection.json {
                return ClientOutput.registrationJSON(answer.json, before: before, outcome: outcome, dryRun: dryRun)
            }
            return ClientOutput.registration(answer.json, before: before, outcome: outcome, dryRun: dryRun, style: display.style)
        }
    }
}
