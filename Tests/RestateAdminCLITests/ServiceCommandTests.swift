import AdminCore
import AdminHTTPTestSupport
import AdminTestSupport
import ArgumentParser
import Foundation
import Testing

@testable import restate_admin

/// `services list | describe | history | config view | config set`, against a live in-process
/// server, and their argument checks.
@Suite("restate-admin services", .capturingLogs, .timeLimit(.minutes(2)))
struct ServiceCommandTests {
    /// Runs `arguments` against `url`.
    private static func run(_ arguments: [String], url: String) async throws -> String {
        try await ClientCommandRunner.output(arguments, url: url)
    }

    /// Parses a command's JSON output as an object.
    private static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
    }

    /// A harness serving `Greeter` (greet) and the workflow `Signup` (run) at 9080, and `Greeter`
    /// with `greet` and `wave` at 9081.
    private static func harness() throws -> Harness {
        let harness = Harness()
        try harness.serve(
            "http://localhost:9080",
            services: [
                Harness.service("Greeter", handlers: ["greet"]),
                Harness.service("Signup", "WORKFLOW", handlers: [["name": "run", "ty": "WORKFLOW"]]),
            ])
        try harness.serve("http://localhost:9081", services: [Harness.service("Greeter", handlers: ["greet", "wave"])])
        return harness
    }

    /// Registers `uri` and returns the deployment id.
    private static func register(_ uri: String, url: String) async throws -> String {
        let text = try await run(["deployments", "register", uri], url: url)
        return try #require(text.split(separator: " ").dropFirst().first.map(String.init), "\(text)")
    }

    @Test("list and describe: tables and text, --json the server's bodies")
    func listAndDescribe() async throws {
        let harness = try Self.harness()
        try await LiveServer.run(harness) { url in
            #expect(try await Self.run(["services", "list"], url: url) == "No services.")
            let id = try await Self.register("http://localhost:9080", url: url)
            let list = try await Self.run(["services", "list"], url: url)
            #expect(
                list == """
                    NAME     TYPE      REVISION  DEPLOYMENT                  PUBLIC
                    Greeter  Service   1         \(id)  yes
                    Signup   Workflow  1         \(id)  yes
                    """)
            let listed = try Self.object(try await Self.run(["services", "list", "--json"], url: url))
            #expect((listed["services"] as? [Any])?.count == 2)

            let described = try await Self.run(["services", "describe", "Signup"], url: url).split(separator: "\n").map(String.init)
            try #require(described.count == 14, "\(described)")
            #expect(described[0..<5] == ["Name:        Signup", "Type:        Workflow", "Revision:    1", "Deployment:  \(id)", "Handlers:"])
            #expect(described[5].hasPrefix("  NAME  TYPE      PUBLIC  INPUT") && described[6].hasPrefix("  run   Workflow  yes     "), "\(described)")
            #expect(
                described[7...] == [
                    "Configuration:", "  public                         true", "  idempotency_retention          1d",
                    "  workflow_completion_retention  1d", "  journal_retention              1d", "  inactivity_timeout             1m",
                    "  abort_timeout                  10m",
                ], "\(described)")
            let json = try Self.object(try await Self.run(["services", "describe", "Greeter", "--json"], url: url))
            #expect(json["name"] as? String == "Greeter" && json["deployment_id"] as? String == id)

            let unknown = try await CommandFailure.of(["services", "describe", "Nope"], url: url)
            #expect(unknown.exitCode == CLIExitCode.refused && unknown.text == "error (HTTP 404): The requested service 'Nope' does not exist")
        }
    }

    @Test("history lists the revisions with their changes; --json the server's body")
    func history() async throws {
        let harness = try Self.harness()
        try await LiveServer.run(harness) { url in
            let first = try await Self.register("http://localhost:9080", url: url)
            let second = try await Self.register("http://localhost:9081", url: url)
            let lines = try await Self.run(["services", "history", "Greeter"], url: url).split(separator: "\n").map(String.init)
            try #require(lines.count == 3, "\(lines)")
            #expect(lines[0].hasPrefix("REVISION  DEPLOYMENT                  CREATED") && lines[0].hasSuffix("TYPE     CHANGES"), "\(lines)")
            #expect(lines[1].hasPrefix("1         \(first)  20") && lines[1].hasSuffix("Service  -"), "\(lines)")
            #expect(lines[2].hasPrefix("2         \(second)  20") && lines[2].hasSuffix("Service  +wave"), "\(lines)")
            let json = try Self.object(try await Self.run(["services", "history", "Greeter", "--json"], url: url))
            let revisions = try #require(json["revisions"] as? [[String: Any]])
            #expect(revisions.map { $0["deployment_id"] as? String } == [first, second])
            let unknown = try await CommandFailure.of(["services", "history", "Nope"], url: url)
            #expect(unknown.exitCode == CLIExitCode.refused && unknown.text.hasPrefix("error (HTTP 404): "), "\(unknown)")
        }
    }

    @Test("Rendering of every kind of revision change")
    func changeRendering() {
        #expect(ClientOutput.change(["kind": "handler_added", "handler": "a"]) == "+a")
        #expect(ClientOutput.change(["kind": "handler_removed", "handler": "a"]) == "-a")
        #expect(
            ClientOutput.change(["kind": "service_type_changed", "before": "Service", "after": "VirtualObject"]) == "type Service → VirtualObject")
        #expect(
            ClientOutput.change(["kind": "handler_type_changed", "handler": "h", "before": "Shared", "after": "Exclusive"]) == "h: Shared → Exclusive"
        )
    }

    @Test("config view shows the settings; config set changes only the given ones and shows the result")
    func configViewAndSet() async throws {
        let harness = try Self.harness()
        try await LiveServer.run(harness) { url in
            _ = try await Self.register("http://localhost:9080", url: url)
            #expect(
                try await Self.run(["services", "config", "view", "Greeter"], url: url) == """
                    public                 true
                    idempotency_retention  1d
                    journal_retention      1d
                    inactivity_timeout     1m
                    abort_timeout          10m
                    """)
            let viewJSON = try Self.object(try await Self.run(["services", "config", "view", "Signup", "--json"], url: url))
            #expect(
                Set(viewJSON.keys) == [
                    "public", "idempotency_retention", "workflow_completion_retention", "journal_retention", "inactivity_timeout", "abort_timeout",
                ])

            let set = try await Self.run(
                ["services", "config", "set", "Greeter", "--public", "false", "--idempotency-retention", "P1DT2H", "--abort-timeout", "90 seconds"],
                url: url)
            #expect(
                set == """
                    Updated Greeter:
                      public                 false
                      idempotency_retention  1d 2h
                      journal_retention      1d
                      inactivity_timeout     1m
                      abort_timeout          1m 30s
                    """)
            let after = try Self.object(try await Self.run(["services", "describe", "Greeter", "--json"], url: url))
            #expect(after["public"] as? Bool == false && after["idempotency_retention"] as? String == "1d 2h")
            #expect(after["inactivity_timeout"] as? String == "1m" && after["abort_timeout"] as? String == "1m 30s")

            let json = try Self.object(
                try await Self.run(["services", "config", "set", "Signup", "--workflow-completion-retention", "0", "--json"], url: url))
            #expect(json["name"] as? String == "Signup" && json["workflow_completion_retention"] as? String == "0s")

            let refused = try await CommandFailure.of(["services", "config", "set", "Greeter", "--workflow-completion-retention", "1h"], url: url)
            #expect(refused.exitCode == CLIExitCode.refused)
            #expect(refused.text.hasPrefix("error (HTTP 400): ") && refused.text.contains("unsupported"), "\(refused)")
            let unknown = try await CommandFailure.of(["services", "config", "set", "Nope", "--public", "true"], url: url)
            #expect(unknown.exitCode == CLIExitCode.refused && unknown.text.hasPrefix("error (HTTP 404): "), "\(unknown)")
        }
    }

    @Test("config set sends PATCH with only the given settings, durations in Restate's compact form")
    func configSetBody() async throws {
        let recorder = RequestRecorder()
        try await LiveServer.run(AnsweringRouter.make(recorder: recorder, status: .ok, body: #"{"name":"Greeter"}"#)) { url in
            _ = try await Self.run(
                ["services", "config", "set", "Greeter", "--journal-retention", "PT36H", "--inactivity-timeout", "1h 30m"], url: url)
            let request = try #require(recorder.all.first)
            #expect(recorder.all.count == 1 && request.method == "PATCH" && request.path == "/services/Greeter")
            let body = try Self.object(request.body)
            #expect(body as NSDictionary == ["journal_retention": "1d 12h", "inactivity_timeout": "1h 30m"] as NSDictionary)
        }
    }

    @Test(
        "config set refuses bad durations and a call without settings, naming the option, with exit code 2",
        arguments: [
            (["--idempotency-retention", "1 month"], "--idempotency-retention: invalid duration '1 month': "),
            (["--journal-retention=-5m"], "--journal-retention: invalid duration '-5m': "),
            (["--abort-timeout", "soon"], "--abort-timeout: invalid duration 'soon': "),
            (["--inactivity-timeout", ""], "--inactivity-timeout: invalid duration '': "),
            (["--workflow-completion-retention", "P1Y"], "--workflow-completion-retention: invalid duration 'P1Y': "),
            ([], "config set needs at least one of --public, --idempotency-retention"),
            (["--public", "maybe"], "The value 'maybe' is invalid for '--public <public>'"),
        ] as [([String], String)])
    func configSetRefusals(_ options: [String], _ message: String) async throws {
        let arguments = ["services", "config", "set", "Greeter"] + options
        let refusal = try #require(ArgumentRefusal(arguments), "\(arguments) was accepted")
        #expect(refusal.message.hasPrefix(message), "\(refusal)")
        #expect(refusal.exitCode == CLIExitCode.invalidInput)
        // Nothing reaches a server.
        let recorder = RequestRecorder()
        try await LiveServer.run(AnsweringRouter.make(recorder: recorder, status: .ok, body: "{}")) { url in
            await #expect(throws: (any Error).self) { _ = try await Self.run(arguments, url: url) }
        }
        #expect(recorder.all.isEmpty, "\(recorder.all)")
    }

    @Test(
        "Good config set command lines are accepted",
        arguments: [
            ["--public", "true"], ["--idempotency-retention", "0"], ["--abort-timeout", "PT1H", "--inactivity-timeout", "10 min"],
            ["--journal-retention", "2 days", "--public", "false"],
        ])
    func configSetAccepted(_ options: [String]) {
        #expect(ArgumentRefusal(["services", "config", "set", "Greeter"] + options) == nil)
    }

    @Test(
        "Every services command exits with 3 when the server cannot be reached",
        arguments: [
            ["services", "list"], ["services", "describe", "Greeter"], ["services", "history", "Greeter"],
            ["services", "config", "view", "Greeter"], ["services", "config", "set", "Greeter", "--public", "true"],
        ])
    func unreachable(_ arguments: [String]) async throws {
        let failure = try await CommandFailure.of(arguments, url: "http://127.0.0.1:1")
        #expect(failure.exitCode == CLIExitCode.unreachable)
        #expect(failure.text.hasPrefix("error: cannot reach the admin API at http://127.0.0.1:1"), "\(failure)")
    }
}
