import AdminCore
import AdminHTTPTestSupport
import Foundation
import Testing

@testable import restate_admin

/// `subscriptions create | list | describe | remove`: parsing, what is sent, and each command
/// against a live in-process server with a Kafka cluster configured.
@Suite("restate-admin subscriptions", .capturingLogs, .timeLimit(.minutes(2)))
struct SubscriptionCommandTests {
    /// The server's configuration: one Kafka cluster, `my-cluster`.
    static let configuration = AdminConfiguration(kafkaClusters: [KafkaCluster(name: "my-cluster", brokers: ["PLAINTEXT://127.0.0.1:9092"])])

    /// A syntactically valid subscription id nobody created.
    static let unknownID = "sub_11nGQpCRmau6ypL82KH2TnQ"

    /// A harness with `Counter/count` registered, so that `service://Counter/count` is a sink.
    private static func harnessWithCounter() async throws -> Harness {
        let harness = Harness(configuration: configuration)
        try harness.serve("http://localhost:9080", services: [Harness.service("Counter", "VIRTUAL_OBJECT", handlers: ["count"])])
        let uri = try DeploymentURI(parsing: "http://localhost:9080")
        _ = try await harness.service.registerDeployment(RegistrationRequest(address: .http(uri, useHTTP11: false)))
        return harness
    }

    /// The JSON object `text` holds.
    private static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text)")
    }

    // MARK: Parsing

    /// Good command lines parse.
    @Test(
        "Command lines that parse",
        arguments: [
            ["subscriptions", "create", "kafka://my-cluster/orders", "service://Counter/count"],
            ["subscriptions", "create", "kafka://c/t", "service://S/h", "--option", "auto.offset.reset=earliest", "--option", "empty="],
            ["subscriptions", "list"], ["subscriptions", "list", "--source", "kafka://c/t", "--sink", "service://S/h", "--json"],
            ["subscriptions", "describe", unknownID], ["subscriptions", "remove", unknownID, "--json"],
        ])
    func accepted(_ arguments: [String]) {
        #expect(ArgumentRefusal(arguments) == nil)
    }

    /// Bad command lines are usage errors (exit code 2) with a message saying what is wrong.
    @Test(
        "Command lines refused before any request, with exit code 2",
        arguments: [
            (["subscriptions", "create", "kafka://c/t", "service://S/h", "--option", "no-equals"], "--option takes key=value, got 'no-equals'"),
            (["subscriptions", "create", "kafka://c/t", "service://S/h", "--option", "=value"], "--option takes key=value, got '=value'"),
            (["subscriptions", "create", "kafka://c/t"], "Missing expected argument '<sink>'"),
            (["subscriptions", "describe", "sub_bad"], "'sub_bad' is not a subscription id (sub_…): unrecognized codec version"),
            (
                ["subscriptions", "remove", "dp_11nGQpCRmau6ypL82KH2TnP"],
                "'dp_11nGQpCRmau6ypL82KH2TnP' is not a subscription id (sub_…): id doesn't match the expected type"
            ),
            (["subscriptions", "remove", "\(unknownID)x"], "'\(unknownID)x' is not a subscription id (sub_…): bad length"),
            (["subscriptions", "list", "--status", "x"], "Unknown option '--status'"),
        ])
    func refused(_ arguments: [String], message: String) throws {
        let refusal = try #require(ArgumentRefusal(arguments), "\(arguments) was accepted")
        #expect(refusal.exitCode == 2)
        #expect(refusal.message.hasPrefix(message), "\(refusal)")
    }

    /// How `--option` values become the `options` object.
    @Test("--option values: split at the first =, the later of two equal keys wins, an empty value is kept")
    func optionValues() throws {
        let command = try #require(
            try AdminCommand.parseAsRoot(
                [
                    "subscriptions", "create", "kafka://c/t", "service://S/h", "--option", "a=1", "--option", "b=x=y", "--option", "a=2", "--option",
                    "c=",
                ]
            ) as? AdminCommand.Subscriptions.Create)
        #expect(try command.optionValues() == ["a": "2", "b": "x=y", "c": ""])
    }

    // MARK: What is sent

    /// The method, path, query and body of each command, as a stand-in server receives them.
    @Test("create posts source, sink and options; list sends its filters percent-encoded; describe and remove name the id")
    func requests() async throws {
        let recorder = RequestRecorder()
        try await LiveServer.run(AnsweringRouter.make(recorder: recorder, status: .ok, body: #"{"subscriptions":[]}"#)) { url in
            _ = try await ClientCommandRunner.output(
                ["subscriptions", "create", "kafka://my-cluster/orders", "service://Counter/count", "--option", "auto.offset.reset=earliest"],
                url: url)
            _ = try await ClientCommandRunner.output(["subscriptions", "create", "kafka://my-cluster/orders", "service://Counter/count"], url: url)
            _ = try await ClientCommandRunner.output(["subscriptions", "list"], url: url)
            _ = try await ClientCommandRunner.output(["subscriptions", "list", "--source", "kafka://my-cluster/orders"], url: url)
            _ = try await ClientCommandRunner.output(
                ["subscriptions", "list", "--source", "kafka://c/t", "--sink", "service://Counter/count"], url: url)
            _ = try await ClientCommandRunner.output(["subscriptions", "describe", Self.unknownID], url: url)
            _ = try await ClientCommandRunner.output(["subscriptions", "remove", Self.unknownID], url: url)
        }
        let sent = recorder.all
        #expect(
            sent.map { "\($0.method) \($0.path)" } == [
                "POST /subscriptions", "POST /subscriptions", "GET /subscriptions",
                "GET /subscriptions?source=kafka%3A%2F%2Fmy-cluster%2Forders",
                "GET /subscriptions?source=kafka%3A%2F%2Fc%2Ft&sink=service%3A%2F%2FCounter%2Fcount",
                "GET /subscriptions/\(Self.unknownID)", "DELETE /subscriptions/\(Self.unknownID)",
            ])
        try #require(sent.count == 7)
        #expect(sent[0].contentType == "application/json")
        let first = try Self.object(sent[0].body)
        #expect(first["source"] as? String == "kafka://my-cluster/orders" && first["sink"] as? String == "service://Counter/count")
        #expect(first["options"] as? [String: String] == ["auto.offset.reset": "earliest"])
        #expect(try Self.object(sent[1].body)["options"] as? [String: String] == [:])
    }

    // MARK: Against the Admin API

    /// The human-readable output of each command, and the server state after it.
    @Test("create, list, describe and remove a subscription, as text")
    func lifecycle() async throws {
        let harness = try await Self.harnessWithCounter()
        try await LiveServer.run(harness) { url in
            #expect(try await ClientCommandRunner.output(["subscriptions", "list"], url: url) == "No subscriptions.")
            let created = try await ClientCommandRunner.output(
                ["subscriptions", "create", "kafka://my-cluster/orders", "service://Counter/count", "--option", "auto.offset.reset=earliest"],
                url: url)
            let stored = try #require(try await harness.service.subscriptions().first)
            let id = stored.id.description
            #expect(stored.options == ["auto.offset.reset": "earliest", "group.id": id, "client.id": "restate"])
            #expect(
                created == """
                    Created \(id):
                      source:   kafka://my-cluster/orders
                      sink:     service://Counter/count
                      options:
                        auto.offset.reset:  earliest
                        client.id:          restate
                        group.id:           \(id)
                    """, "\(created)")

            let list = try await ClientCommandRunner.output(["subscriptions", "list"], url: url)
            #expect(
                list == """
                    ID                           SOURCE                     SINK
                    \(id)  kafka://my-cluster/orders  service://Counter/count
                    """, "\(list)")
            #expect(
                try await ClientCommandRunner.output(["subscriptions", "list", "--source", "kafka://my-cluster/orders"], url: url) == list)
            #expect(try await ClientCommandRunner.output(["subscriptions", "list", "--sink", "service://Counter/count"], url: url) == list)
            #expect(
                try await ClientCommandRunner.output(["subscriptions", "list", "--sink", "service://Counter/other"], url: url)
                    == "No subscriptions.")

            let described = try await ClientCommandRunner.output(["subscriptions", "describe", id], url: url)
            #expect(
                described == """
                    id:       \(id)
                    source:   kafka://my-cluster/orders
                    sink:     service://Counter/count
                    options:
                      auto.offset.reset:  earliest
                      client.id:          restate
                      group.id:           \(id)
                    """, "\(described)")

            #expect(try await ClientCommandRunner.output(["subscriptions", "remove", id], url: url) == "Removed \(id).")
            #expect(try await harness.service.subscriptions().isEmpty)
            #expect(try await ClientCommandRunner.output(["subscriptions", "list"], url: url) == "No subscriptions.")
        }
    }

    /// The `--json` output of each command.
    @Test("--json prints the server's answers, and {id, result} for remove")
    func json() async throws {
        let harness = try await Self.harnessWithCounter()
        try await LiveServer.run(harness) { url in
            let created = try Self.object(
                try await ClientCommandRunner.output(
                    ["subscriptions", "create", "kafka://my-cluster/orders", "service://Counter/count", "--json"], url: url))
            let id = try #require(created["id"] as? String)
            #expect(id.hasPrefix("sub_1") && created["sink"] as? String == "service://Counter/count")
            #expect((created["options"] as? [String: String])?["group.id"] == id)

            let list = try Self.object(try await ClientCommandRunner.output(["subscriptions", "list", "--json"], url: url))
            #expect((list["subscriptions"] as? [[String: Any]])?.map { $0["id"] as? String } == [id])
            let described = try Self.object(try await ClientCommandRunner.output(["subscriptions", "describe", id, "--json"], url: url))
            #expect(described["id"] as? String == id && described["source"] as? String == "kafka://my-cluster/orders")

            let removed = try await ClientCommandRunner.output(["subscriptions", "remove", id, "--json"], url: url)
            #expect(try Self.object(removed) as? [String: String] == ["id": id, "result": "removed"])
            #expect(try await harness.service.subscriptions().isEmpty)
        }
    }

    /// A command the server refuses: its arguments, the status, the Restate code (if any) and the
    /// message.
    static let refusals: [(arguments: [String], status: Int, code: String?, message: String)] = [
        (
            ["subscriptions", "create", "kafka://my-cluster/orders", "service://Counter/nope"], 400, "META0009",
            "invalid sink URI 'service://Counter/nope': cannot find service/handler specified in the sink URI."
        ),
        (
            ["subscriptions", "create", "http://my-cluster/orders", "service://Counter/count"], 400, "META0009",
            "invalid source URI 'http://my-cluster/orders': must have a scheme segment, with supported schemes: [kafka]."
        ),
        (
            ["subscriptions", "create", "kafka://other/orders", "service://Counter/count"], 400, nil,
            "invalid option 'source'. Reason: specified cluster in the source URI does not exist."
        ),
        (["subscriptions", "describe", unknownID], 404, nil, "The requested subscription '\(unknownID)' does not exist"),
        (["subscriptions", "remove", unknownID], 404, nil, "not found in the schema registry: subscription with id '\(unknownID)'"),
    ]

    /// A refusal by the server: exit code 1, the status, the code and the message; nothing created.
    @Test("Refusals exit with code 1 and print the status, the code and the message", arguments: refusals.indices)
    func refusal(_ index: Int) async throws {
        let (arguments, status, code, message) = Self.refusals[index]
        let harness = try await Self.harnessWithCounter()
        try await LiveServer.run(harness) { url in
            let failure = try await CommandFailure.of(arguments, url: url)
            #expect(failure.exitCode == 1)
            #expect(failure.text.hasPrefix("error (HTTP \(status)"), "\(failure)")
            #expect(failure.text.contains(code ?? "META") == (code != nil), "\(failure)")
            #expect(failure.text.contains(message), "\(failure)")
            #expect(try await harness.service.subscriptions().isEmpty)
        }
    }

    /// A closed port: exit code 3.
    @Test(
        "An unreachable server exits with code 3",
        arguments: [
            ["subscriptions", "create", "kafka://my-cluster/orders", "service://Counter/count"], ["subscriptions", "list"],
            ["subscriptions", "describe", unknownID], ["subscriptions", "remove", unknownID],
        ])
    func unreachable(_ arguments: [String]) async throws {
        let failure = try await CommandFailure.of(arguments, url: "http://127.0.0.1:1")
        #expect(failure.exitCode == 3)
        #expect(failure.text.hasPrefix("error: cannot reach the admin API at http://127.0.0.1:1"), "\(failure)")
    }
}
