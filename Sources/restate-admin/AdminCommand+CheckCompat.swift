import AdminCore
import ArgumentParser
import Foundation
import Logging

extension AdminCommand {
    /// `restate-admin check-compat OLD NEW`: whether NEW can be registered after OLD without
    /// `--breaking`, decided offline by the registration rules (``CompatibilityCheck``).
    struct CheckCompat: AsyncParsableCommand {
        /// The command's configuration.
        static let configuration = CommandConfiguration(
            commandName: "check-compat",
            abstract: "Check offline whether a deployment can be registered after another without --breaking.",
            discussion: """
                OLD and NEW are each an endpoint manifest file (the JSON body of a /discover response) or an \
                http:// or https:// deployment URL, discovered as `serve` discovers it (HTTP/2, or HTTP/1.1 with \
                --use-http11). No server and no storage are involved: NEW is registered after OLD, under another \
                URI, into a throwaway in-memory registry by the same rules as POST /deployments without breaking \
                or force. Breaking (VERSIONING.md R23, R24): a service whose type changes, a handler that is \
                removed. Not breaking: added services and handlers, handler type changes a service type allows, \
                schemas, options, and a service missing from NEW (the old deployment keeps serving it).

                A manifest file is read as discovery reads a response labelled with the newest manifest version, \
                v4: Restate 1.6.2 decodes manifests v1 to v4 with one type and does not check which fields the \
                announced version has, so a file of any version v1 to v4 is accepted as it is (there is no \
                version option). It counts as discovered over HTTP/2.

                Exit codes: 0 compatible; 1 something breaks; 2 unreadable or invalid input (a file that cannot \
                be read, a URL that cannot be discovered, or a manifest that discovery or registration refuses, \
                printed with its META code: META0005 reserved name, META0012 protocol versions, META0013 missing \
                protocol mode, …).

                --json prints {"compatible": bool, "old": OLD, "new": NEW, "breaking_changes": [{"rule", \
                "service", "handler", "before", "after", "hint"}], "added_services": [name], "added_handlers": \
                [{"service", "handler"}], "handler_type_changes": [{"service", "handler", "before", "after"}], \
                "omitted_services": [name]}: rule is R23 (service type changed) or R24 (handler removed), absent \
                values are null, and the exit codes stay the same. Invalid input prints no JSON, only the error \
                on standard error.
                """
        )

        /// The deployment registered first.
        @Argument(help: "The deployment registered first: a manifest file or an http(s):// URL.")
        var old: String

        /// The deployment registered after it.
        @Argument(help: "The deployment registered after it: a manifest file or an http(s):// URL.")
        var new: String

        /// Print JSON instead of text.
        @Flag(help: "Print the report as JSON (the shape is described above).")
        var json = false

        /// Discover URL inputs over HTTP/1.1.
        @Flag(name: .customLong("use-http11"), help: "Discover URLs over HTTP/1.1 instead of HTTP/2.")
        var useHTTP11 = false

        /// Prints the report; exits with 1 when something breaks.
        /// - Throws: ``CLIFailure`` (exit code 2) for unreadable or invalid input; `ExitCode(1)`
        ///   after printing a report with breaking changes.
        func run() async throws {
            let (text, exitCode) = try await report(style: .standardOutput)
            print(text)
            if exitCode != CLIExitCode.success { throw ExitCode(exitCode) }
        }

        /// The report to print and the exit code: ``CLIExitCode/success`` when compatible,
        /// ``CLIExitCode/refused`` when something breaks.
        /// - Parameters:
        ///   - style: the text styling (ignored with `--json`).
        ///   - discovery: the client for URL inputs; `nil` uses the one `serve` uses.
        /// - Throws: ``CLIFailure/invalidInput(_:)`` naming the input that cannot be read or is invalid.
        func report(style: TextStyle, discovery: (any DiscoveryClient)? = nil) async throws -> (text: String, exitCode: Int32) {
            let client = discovery ?? Self.defaultDiscoveryClient()
            let oldEndpoint = try await endpoint(old, discovery: client)
            let newEndpoint = try await endpoint(new, discovery: client)
            let report: CompatibilityReport
            do {
                report = try CompatibilityCheck.check(old: oldEndpoint, new: newEndpoint)
            } catch {
                throw CLIFailure.invalidInput("error: \(error)")
            }
            let output = CompatibilityOutput(old: old, new: new, report: report)
            let text = json ? output.json() : output.text(style: style)
            return (text, report.isCompatible ? CLIExitCode.success : CLIExitCode.refused)
        }

        /// Reads, or discovers, one input and checks that registration would accept it alone.
        /// - Throws: ``CLIFailure/invalidInput(_:)`` starting with `error: <input>: `.
        private func endpoint(_ input: String, discovery: any DiscoveryClient) async throws(CLIFailure) -> DiscoveredEndpoint {
            do {
                let endpoint: DiscoveredEndpoint
                if let address = try Self.url(input) {
                    endpoint = try await discovery.discover(DiscoveryRequest(address: .http(address, useHTTP11: useHTTP11)))
                } else {
                    endpoint = try CompatibilityCheck.endpoint(manifest: try Self.contents(of: input))
                }
                try CompatibilityCheck.validate(endpoint)
                return endpoint
            } catch let failure as CLIFailure {
                throw failure
            } catch {
                throw CLIFailure.invalidInput("error: \(input): \(error)")
            }
        }

        /// The URL when `input` starts with `http://` or `https://` (any case), else `nil` (a file).
        /// - Throws: ``AdminError`` for a URL that is not a valid deployment URI.
        static func url(_ input: String) throws(AdminError) -> DeploymentURI? {
            let lower = input.lowercased()
            guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else { return nil }
            return try DeploymentURI(parsing: input)
        }

        /// The bytes of the file at `path`.
        /// - Throws: ``CLIFailure/invalidInput(_:)`` saying why it cannot be read.
        static func contents(of path: String) throws(CLIFailure) -> Data {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw CLIFailure.invalidInput("error: cannot read \(path): no such file (give a manifest file or an http(s):// URL)")
            }
            guard !isDirectory.boolValue else { throw CLIFailure.invalidInput("error: cannot read \(path): it is a directory") }
            do {
                return try Data(contentsOf: URL(fileURLWithPath: path))
            } catch {
                throw CLIFailure.invalidInput("error: cannot read \(path): \(error.localizedDescription)")
            }
        }

        /// The discovery client of `serve` (30 s deadline), logging retries on standard error so
        /// that standard output carries only the report.
        static func defaultDiscoveryClient() -> any DiscoveryClient {
            var logger = Logger(label: "restate-admin.check-compat") { StreamLogHandler.standardError(label: $0) }
            logger.logLevel = .warning
            return Backends.discoveryClient(configuration: AdminConfiguration(), deadline: RestateDuration(seconds: 30), logger: logger)
        }
    }
}
