import AdminCore
import AdminHTTP
import AdminHTTPTestSupport
import AdminTestSupport
import ArgumentParser
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import restate_admin

/// The client subcommands against a live in-process server (a real socket, stub discovery).
@Suite("restate-admin client subcommands", .capturingLogs)
struct ClientCommandTests {
    /// Runs `body` with the base URL of a live server over `harness`.
    private func withLiveServer(_ harness: Harness, _ body: @Sendable (String) async throws -> Void) async throws {
        let app = buildApplication(service: harness.service, configuration: .init(port: 0), logger: TestLogging.logger())
        try await app.test(.live) { client in
            let port = try #require(client.port)
            try await body("http://127.0.0.1:\(port)")
        }
    }

    private func run(_ arguments: [String], url: String) async throws -> String {
        try await ClientCommandRunner.output(arguments, url: url)
    }

    private func failure(_ arguments: [String], url: String) async throws -> String? {
        try await ClientCommandRunner.failure(arguments, url: url)
    }

    @Test("register, list, describe and remove a deployment; list and describe its services")
    func deploymentLifecycle() async throws {
        let harness = Harness()
        try harness.serve(
            "http://localhost:9080",
            services: [
                Harness.service("Greeter", handlers: ["greet"]), Harness.service("Counter", "VIRTUAL_OBJECT", handlers: ["add"]),
            ])
        try await withLiveServer(harness) { url in
            #expect(try await run(["deployments", "list"], url: url) == "No deployments.")
            let dryRun = try await run(["deployments", "register", "http://localhost:9080", "--dry-run"], url: url)
            #expect(
                dryRun.hasPrefix("Dry run: dp_")
                    && dryRun.hasSuffix(
                        """
                        would be registered with:
                          SERVICE  CHANGE  REVISION  HANDLERS
                          Counter  new     1         +add
                          Greeter  new     1         +greet
                        """),
                "\(dryRun)")
            #expect(try await run(["deployments", "list"], url: url) == "No deployments.")

            let registered = try await run(["deployments", "register", "http://localhost:9080"], url: url)
            let id = try #require(registered.split(separator: " ").dropFirst().first.map(String.init))
            #expect(registered.hasPrefix("Registered \(id) with:\n  SERVICE  CHANGE  REVISION  HANDLERS\n  Counter  new "), "\(registered)")
            let again = try await run(["deployments", "register", "http://localhost:9080"], url: url)
            #expect(again.hasPrefix("Already registered, unchanged: \(id) with:"), "\(again)")
            let againDry = try await run(["deployments", "register", "http://localhost:9080", "--dry-run"], url: url)
            #expect(againDry.hasPrefix("Dry run: already registered, would stay unchanged: \(id) with:"), "\(againDry)")

            let list = try await run(["deployments", "list"], url: url).split(separator: "\n").map(String.init)
            #expect(list.count == 2 && list[0].hasPrefix("ID ") && list[0].contains("ADDRESS") && list[0].hasSuffix("SERVICES"))
            #expect(
                list[1].hasPrefix(id) && list[1].contains("http://localhost:9080/  active  0       ")
                    && list[1].hasSuffix("Counter (rev 1, latest), Greeter (rev 1, latest)"),
                "\(list)")

            let services = try await run(["services", "list"], url: url).split(separator: "\n").map(String.init)
            #expect(services.count == 3 && services[1].hasPrefix("Counter ") && services[2].hasPrefix("Greeter "), "\(services)")
            #expect(services[1].contains("VirtualObject") && services[1].contains(id) && services[1].hasSuffix("yes"))

            let service =
                try JSONSerialization.jsonObject(with: Data(try await run(["services", "describe", "Greeter", "--json"], url: url).utf8))
                as? [String: Any]
            #expect(service?["name"] as? String == "Greeter" && service?["deployment_id"] as? String == id)
            let deployment =
                try JSONSerialization.jsonObject(with: Data(try await run(["deployments", "describe", id, "--json"], url: url).utf8))
                as? [String: Any]
            #expect(deployment?["id"] as? String == id)

            let overwritten = try await run(["deployments", "register", "http://localhost:9080", "--force"], url: url)
            #expect(
                overwritten == """
                    Overwrote \(id) with:
                      SERVICE  CHANGE   REVISION  HANDLERS
                      Counter  revised  1 → 2     -
                      Greeter  revised  1 → 2     -
                    """, "\(overwritten)")

            #expect(try await run(["deployments", "remove", id, "--force"], url: url) == "Removed \(id).")
            #expect(try await run(["deployments", "list"], url: url) == "No deployments.")
        }
    }

    @Test("A refused breaking registration prints every violation")
    func breakingRegistrationListsEveryViolation() async throws {
        let harness = Harness()
        try harness.serve(
            "http://localhost:9080",
            services: [
                Harness.service("Greeter", handlers: ["greet", "wave"]), Harness.service("Counter", "VIRTUAL_OBJECT", handlers: ["add"]),
            ])
        try harness.serve(
            "http://localhost:9081",
            services: [
                Harness.service("Greeter", handlers: ["greet"]), Harness.service("Counter", "VIRTUAL_OBJECT", handlers: ["get"]),
            ])
        try await withLiveServer(harness) { url in
            _ = try await run(["deployments", "register", "http://localhost:9080"], url: url)
            let text = try #require(try await failure(["deployments", "register", "http://localhost:9081"], url: url))
            let lines = text.split(separator: "\n").map(String.init)
            #expect(lines.first?.hasPrefix("error (HTTP 409, META0006): the service") == true, "\(text)")
            #expect(lines.contains("breaking changes (2):"), "\(text)")
            #expect(lines.contains { $0.hasPrefix("  R24 Greeter/wave") }, "\(text)")
            #expect(lines.contains { $0.hasPrefix("  R24 Counter/add") }, "\(text)")
            let accepted = try await run(["deployments", "register", "http://localhost:9081", "--breaking"], url: url)
            #expect(accepted.hasPrefix("Registered dp_") && accepted.contains("Greeter  revised  1 → 2     -wave"), "\(accepted)")
        }
    }

    @Test("Rejections, unknown ids and unreachable servers are reported, never printed as success")
    func failuresAreReported() async throws {
        try await withLiveServer(Harness()) { url in
            let malformed = try await failure(["deployments", "describe", "dp_bad"], url: url)
            #expect(malformed?.hasPrefix("error (HTTP 400): Invalid URL: Cannot parse `deployment`") == true, "\(malformed ?? "")")
            let unknown = try await failure(["services", "describe", "Nope"], url: url)
            #expect(unknown == "error (HTTP 404): The requested service 'Nope' does not exist")
            // Refused by parsing (validate()), before any request.
            let header = ArgumentRefusal(["deployments", "register", "http://localhost:9080", "--header", "no-colon", "--admin-url", url])
            #expect(header?.message == "--header takes name:value, got 'no-colon'")
        }
        let unreachable = try await failure(["deployments", "list"], url: "http://127.0.0.1:1")
        #expect(unreachable?.hasPrefix("error: cannot reach the admin API at http://127.0.0.1:1") == true, "\(unreachable ?? "")")
        let badURL = ArgumentRefusal(["deployments", "list", "--admin-url", "ftp://x"])
        #expect(badURL?.message.contains("the admin URL must be") == true, "\(badURL?.message ?? "")")
    }

    @Test(
        "Path segments are percent-encoded down to unreserved ASCII",
        arguments: [
            ("Greeter", "Greeter"), ("dp_1a-B.c~d", "dp_1a-B.c~d"), ("a/b", "a%2Fb"), ("é", "%C3%A9"), ("a b?c", "a%20b%3Fc"),
        ])
    func segmentEncoding(_ raw: String, _ encoded: String) {
        #expect(AdminClient.segment(raw) == encoded)
    }

    @Test("Error bodies render as code, message and violations; plain-text rejections as status and text")
    func failureRendering() {
        let json = Data(
            #"{"message":"[META0006] x","restate_code":"META0006","violations":[{"rule":"R23","service":"S","handler":"h","before":"SHARED","after":"EXCLUSIVE"},{"rule":"R24","service":"T"}]}"#
                .utf8)
        #expect(
            ClientOutput.failure(status: 409, body: json, contentType: "application/json") == """
                error (HTTP 409, META0006): x
                breaking changes (2):
                  R23 S/h: SHARED -> EXCLUSIVE
                  R24 T
                """)
        #expect(
            ClientOutput.failure(status: 415, body: Data("Expected request with `Content-Type: application/json`".utf8), contentType: "text/plain")
                == "error (HTTP 415): Expected request with `Content-Type: application/json`")
        #expect(ClientOutput.failure(status: 429, body: Data(), contentType: nil) == "error (HTTP 429)")
    }

    @Test("The META code is shown once: the message's [CODE] prefixes are dropped, a null code shows none")
    func failureCode() {
        let doubled = Data(#"{"message":"[META0003] [META0003] got status code '404'","restate_code":"META0003"}"#.utf8)
        #expect(
            ClientOutput.failure(status: 500, body: doubled, contentType: "application/json") == "error (HTTP 500, META0003): got status code '404'")
        let null = Data(#"{"message":"Conflict: x","restate_code":null}"#.utf8)
        #expect(ClientOutput.failure(status: 409, body: null, contentType: "application/json") == "error (HTTP 409): Conflict: x")
    }

    @Test("Colour only when enabled: error and breaking changes in red, statuses and changes coloured in tables that still line up")
    func colour() {
        let failure = "error (HTTP 409, META0006): x\nbreaking changes (1):\n  R24 S/h"
        #expect(ClientOutput.styledFailure(failure, style: .plain) == failure)
        let styled = ClientOutput.styledFailure(failure, style: TextStyle(enabled: true))
        #expect(
            styled
                == "\u{1B}[1m\u{1B}[31merror\u{1B}[0m\u{1B}[0m (HTTP 409, META0006): x\n\u{1B}[31mbreaking changes (1):\u{1B}[0m\n\u{1B}[31m  R24 S/h\u{1B}[0m"
        )

        let list: [String: Any] = [
            "deployments": [
                ["id": "dp_a", "uri": "http://a/", "status": "active", "pinned_invocations": 0, "latest_for": ["S"], "services": []],
                ["id": "dp_b", "uri": "http://b/", "status": "drained", "pinned_invocations": 0, "latest_for": [], "services": []],
            ]
        ]
        let plain = ClientOutput.deployments(list)
        let coloured = ClientOutput.deployments(list, style: TextStyle(enabled: true))
        #expect(!plain.contains("\u{1B}"))
        #expect(
            coloured.replacingOccurrences(of: "\u{1B}[32m", with: "").replacingOccurrences(of: "\u{1B}[2m", with: "").replacingOccurrences(
                of: "\u{1B}[0m", with: "") == plain)
        #expect(coloured.contains("\u{1B}[32mactive ") && coloured.contains("\u{1B}[2mdrained"), "\(coloured)")

        let answer: [String: Any] = ["id": "dp_a", "services": [["name": "S", "revision": 2, "handlers": [["name": "b"]]]]]
        let before: [String: Any] = ["services": [["name": "S", "revision": 1, "handlers": [["name": "a"]]]]]
        let registration = ClientOutput.registration(answer, before: before, outcome: .created, dryRun: false, style: TextStyle(enabled: true))
        #expect(
            registration.contains("\u{1B}[33mrevised\u{1B}[0m") && registration.contains("\u{1B}[32m+b\u{1B}[0m \u{1B}[31m-a\u{1B}[0m"),
            "\(registration)")
        #expect(TextStyle.forStream(isTerminal: true, environment: ["NO_COLOR": ""]).enabled == false)
        #expect(TextStyle.forStream(isTerminal: false, environment: [:]).enabled == false)
    }
}
