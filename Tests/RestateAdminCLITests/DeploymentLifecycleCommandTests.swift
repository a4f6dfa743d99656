import AdminCore
import AdminHTTPTestSupport
import AdminTestSupport
import ArgumentParser
import Foundation
import Hummingbird
import NIOCore
import Testing

@testable import restate_admin

/// `deployments list` with each deployment's status and `deployments prune`, against the Admin
/// API with the deployment lifecycle (BEHAVIOR.md §5.8) and against stand-ins for servers without
/// it.
@Suite("restate-admin deployments list (status) and prune", .capturingLogs, .timeLimit(.minutes(2)))
struct DeploymentLifecycleCommandTests {
    /// The widths of the list's first four columns for `http://localhost:908x/` addresses and the
    /// given widest status.
    private static func row(_ cells: [String], statusWidth: Int) -> String {
        let widths = [26, 22, statusWidth, 6]
        return (zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) } + [cells[4]]).joined(separator: "  ")
    }

    /// Registers `uri` with the `deployments register` subcommand and returns the new id.
    private static func register(_ uri: String, url: String) async throws -> String {
        let text = try await ClientCommandRunner.output(["deployments", "register", uri], url: url)
        return try #require(text.split(separator: " ").dropFirst().first.map(String.init), "\(text)")
    }

    /// The ids of the deployments the server holds.
    private static func stored(_ harness: Harness) async throws -> Set<String> {
        Set(try await harness.service.deploymentsWithStatus().map { $0.deployment.id.description })
    }

    /// Three generations of `Greeter` (9080, 9081, 9082) and two of `Counter` (9082, 9083), and
    /// an invocation pinned to the second generation of `Greeter`: 9080 is drained, 9081 draining,
    /// 9082 active for `Greeter` only, 9083 active for `Counter`.
    private static func fourGenerations(_ harness: Harness, url: String) async throws -> [String] {
        try harness.serve("http://localhost:9080", services: [Harness.service("Greeter", handlers: ["greet"])])
        try harness.serve("http://localhost:9081", services: [Harness.service("Greeter", handlers: ["greet"])])
        try harness.serve(
            "http://localhost:9082",
            services: [Harness.service("Greeter", handlers: ["greet"]), Harness.service("Counter", "VIRTUAL_OBJECT", handlers: ["add"])])
        try harness.serve("http://localhost:9083", services: [Harness.service("Counter", "VIRTUAL_OBJECT", handlers: ["add"])])
        var ids: [String] = []
        for port in 9080...9083 { ids.append(try await register("http://localhost:\(port)", url: url)) }
        try await pin(harness, to: ids[1], status: .suspended)
        return ids
    }

    /// Records an invocation of `Greeter/greet` pinned to `deployment`.
    private static func pin(_ harness: Harness, to deployment: String, status: InvocationStatus) async throws {
        try await harness.service.recordInvocation(
            InvocationRecord(
                id: InvocationID(partitionKey: 1, invocationUUID: 2), target: "Greeter/greet", serviceType: .service, status: status,
                pinnedDeployment: try DeploymentID(parsing: deployment), pinnedProtocolVersion: 5))
    }

    /// Statuses, pinned counts and latest markers of four generations.
    @Test("list shows each deployment's status, its pinned invocations and the services it is the latest for")
    func listWithStatuses() async throws {
        let harness = Harness()
        try await LiveServer.run(harness) { url in
            let ids = try await Self.fourGenerations(harness, url: url)
            let lines = try await ClientCommandRunner.output(["deployments", "list"], url: url).split(separator: "\n").map(String.init)
            #expect(lines.first == Self.row(["ID", "ADDRESS", "STATUS", "PINNED", "SERVICES"], statusWidth: 8), "\(lines)")
            let expected: Set = [
                Self.row([ids[0], "http://localhost:9080/", "drained", "0", "Greeter (rev 1)"], statusWidth: 8),
                Self.row([ids[1], "http://localhost:9081/", "draining", "1", "Greeter (rev 2)"], statusWidth: 8),
                Self.row([ids[2], "http://localhost:9082/", "active", "0", "Counter (rev 1), Greeter (rev 3, latest)"], statusWidth: 8),
                Self.row([ids[3], "http://localhost:9083/", "active", "0", "Counter (rev 2, latest)"], statusWidth: 8),
            ]
            #expect(Set(lines.dropFirst()) == expected && lines.count == 5, "\(lines)")
        }
    }

    /// A dry run prints what it would remove; the server keeps everything.
    @Test("prune --dry-run lists the drained deployment and removes nothing")
    func pruneDryRun() async throws {
        let harness = Harness()
        try await LiveServer.run(harness) { url in
            let ids = try await Self.fourGenerations(harness, url: url)
            let output = try await ClientCommandRunner.output(["deployments", "prune", "--dry-run"], url: url)
            #expect(output == "Would remove \(ids[0])  http://localhost:9080/\nDry run: 1 drained deployment would be removed.")
            #expect(try await Self.stored(harness) == Set(ids))
        }
    }

    /// Only drained deployments go, and a draining one once its invocation completes.
    @Test("prune removes exactly the drained deployments; a draining one goes once its invocation completes")
    func pruneRemovesOnlyDrained() async throws {
        let harness = Harness()
        try await LiveServer.run(harness) { url in
            let ids = try await Self.fourGenerations(harness, url: url)
            let output = try await ClientCommandRunner.output(["deployments", "prune"], url: url)
            #expect(output == "Removed \(ids[0])  http://localhost:9080/\nRemoved 1 drained deployment.")
            #expect(try await Self.stored(harness) == Set(ids[1...]))

            #expect(try await ClientCommandRunner.output(["deployments", "prune"], url: url) == "No drained deployments: nothing to remove.")
            #expect(try await Self.stored(harness) == Set(ids[1...]))

            try await Self.pin(harness, to: ids[1], status: .completed)
            let second = try await ClientCommandRunner.output(["deployments", "prune"], url: url)
            #expect(second == "Removed \(ids[1])  http://localhost:9081/\nRemoved 1 drained deployment.")
            #expect(try await Self.stored(harness) == Set(ids[2...]))
        }
    }

    /// An empty server and one with only an active deployment: nothing to remove.
    @Test("prune with nothing drained says so and removes nothing")
    func pruneNothingDrained() async throws {
        let harness = Harness()
        try harness.serve("http://localhost:9080", services: [Harness.service("Greeter", handlers: ["greet"])])
        try await LiveServer.run(harness) { url in
            for arguments in [["deployments", "prune"], ["deployments", "prune", "--dry-run"]] {
                #expect(try await ClientCommandRunner.output(arguments, url: url) == "No drained deployments: nothing to remove.")
            }
            let id = try await Self.register("http://localhost:9080", url: url)
            for arguments in [["deployments", "prune"], ["deployments", "prune", "--dry-run"]] {
                #expect(try await ClientCommandRunner.output(arguments, url: url) == "No drained deployments: nothing to remove.")
            }
            #expect(try await Self.stored(harness) == [id])
        }
    }

    // MARK: Servers without the lifecycle, and races

    /// The first deployment of the stand-in servers.
    static let first = "dp_11nGQpCRmau6ypL82KH2TnP"
    /// The second deployment of the stand-in servers.
    static let second = "dp_15VqmTOnXH3Vv2pl5HOG7UB"

    /// A deployment object as Restate 1.6.2 lists it, plus `extra` keys.
    private static func deployment(_ id: String, port: Int, extra: String = "") -> String {
        #"{"id":"\#(id)","uri":"http://localhost:\#(port)/","protocol_type":"RequestResponse","http_version":"HTTP/2.0","#
            + #""created_at":"2025-01-07T18:05:49.519Z","min_protocol_version":5,"max_protocol_version":6,"#
            + #""services":[{"name":"Greeter","revision":\#(port - 9079)}]\#(extra)}"#
    }

    /// A `GET /deployments` body of Restate 1.6.2 (no status keys).
    static let plainList = #"{"deployments":["# + deployment(first, port: 9080) + "," + deployment(second, port: 9081) + "]}"

    /// A JSON response.
    private static func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// Records `request` in `recorder` (method and target).
    private static func record(_ request: Request, in recorder: RequestRecorder) {
        recorder.append(
            ReceivedRequest(method: request.method.rawValue, path: request.head.path ?? "", host: "", contentType: nil, contentLength: nil, body: ""))
    }

    /// A stand-in for Restate 1.6.2 (it ignores `include`) or for an older swift-restate-admin
    /// (it refuses it with `400`), recording every request; a `DELETE` would answer `202`.
    private static func serverWithoutLifecycle(refusingInclude: Bool, recorder: RequestRecorder) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/deployments") { request, _ in
            record(request, in: recorder)
            if refusingInclude, request.uri.queryParameters["include"] != nil {
                return json(#"{"message":"The query parameter 'include' is unknown","restate_code":null}"#, status: .badRequest)
            }
            return json(plainList)
        }
        router.delete("/deployments/{id}") { request, _ in
            record(request, in: recorder)
            return Response(status: .accepted)
        }
        return router
    }

    /// The fallback of `list`, and `prune` refusing to guess.
    @Test("Without status keys (Restate) or with include refused (400), list shows - and prune refuses", arguments: [false, true])
    func serverWithoutLifecycle(refusingInclude: Bool) async throws {
        let recorder = RequestRecorder()
        try await LiveServer.run(Self.serverWithoutLifecycle(refusingInclude: refusingInclude, recorder: recorder)) { url in
            let list = try await ClientCommandRunner.output(["deployments", "list"], url: url)
            #expect(
                list
                    == [
                        Self.row(["ID", "ADDRESS", "STATUS", "PINNED", "SERVICES"], statusWidth: 6),
                        Self.row([Self.first, "http://localhost:9080/", "-", "-", "Greeter (rev 1)"], statusWidth: 6),
                        Self.row([Self.second, "http://localhost:9081/", "-", "-", "Greeter (rev 2)"], statusWidth: 6),
                    ].joined(separator: "\n"), "\(list)")
            let listed = ["GET /deployments?include=status"] + (refusingInclude ? ["GET /deployments"] : [])
            #expect(recorder.all.map { "\($0.method) \($0.path)" } == listed)

            for arguments in [["deployments", "prune"], ["deployments", "prune", "--dry-run"]] {
                let failure = try await ClientCommandRunner.failure(arguments, url: url)
                #expect(
                    failure == "error: the admin API at \(url) does not report deployment status (GET /deployments?include=status), "
                        + "so prune cannot tell which deployments are drained; it needs a swift-restate-admin server with the "
                        + "deployment lifecycle")
            }
            #expect(!recorder.all.contains { $0.method == "DELETE" }, "\(recorder.all)")
        }
    }

    /// A server with the lifecycle listing two drained deployments, answering each `DELETE` with
    /// the given status and JSON body.
    private static func serverWithDrained(
        deletes: [String: (HTTPResponse.Status, String)], recorder: RequestRecorder
    ) -> Router<
        BasicRequestContext
    > {
        let router = Router()
        let drained = #","status":"drained","pinned_invocations":0,"latest_for":[]"#
        router.get("/deployments") { request, _ in
            record(request, in: recorder)
            return json(
                #"{"deployments":["# + deployment(first, port: 9080, extra: drained) + "," + deployment(second, port: 9081, extra: drained) + "]}")
        }
        router.delete("/deployments/{id}") { request, context in
            record(request, in: recorder)
            let (status, body) = deletes[context.parameters.get("id") ?? ""] ?? (.accepted, "")
            return body.isEmpty ? Response(status: status) : json(body, status: status)
        }
        return router
    }

    /// A removal refused at the last moment is a skip, not a failure.
    @Test("prune skips a deployment the server refuses (409) or no longer has (404), with its message, and succeeds")
    func pruneSkipsRefusals() async throws {
        let refused = #"The deployment '\#(Self.second)' is active: it holds the latest revision of [Greeter]."#
        for (status, message) in [(HTTPResponse.Status.conflict, refused), (.notFound, "The requested deployment '\(Self.second)' does not exist")] {
            let recorder = RequestRecorder()
            let router = Self.serverWithDrained(
                deletes: [Self.second: (status, #"{"message":"\#(message)","restate_code":null}"#)], recorder: recorder)
            try await LiveServer.run(router) { url in
                let output = try await ClientCommandRunner.output(["deployments", "prune"], url: url)
                #expect(
                    output == """
                        Removed \(Self.first)  http://localhost:9080/
                        Skipped \(Self.second)  http://localhost:9081/: \(message)
                        Removed 1 drained deployment, skipped 1.
                        """)
                #expect(
                    recorder.all.map { "\($0.method) \($0.path)" } == [
                        "GET /deployments?include=status", "DELETE /deployments/\(Self.first)?force=false",
                        "DELETE /deployments/\(Self.second)?force=false",
                    ])
            }
        }
    }

    /// A real error fails the command and keeps the lines of what was removed.
    @Test("prune fails on an unexpected status, after saying what it removed")
    func pruneFailsOnUnexpectedStatus() async throws {
        let recorder = RequestRecorder()
        let router = Self.serverWithDrained(
            deletes: [Self.second: (.internalServerError, #"{"message":"internal error: disk full","restate_code":null}"#)], recorder: recorder)
        try await LiveServer.run(router) { url in
            let failure = try await ClientCommandRunner.failure(["deployments", "prune"], url: url)
            #expect(failure == "Removed \(Self.first)  http://localhost:9080/\nerror (HTTP 500): internal error: disk full")
        }
    }

    // MARK: Arguments and help

    /// Parsing of `prune` and its one flag.
    @Test("prune takes --dry-run and nothing else")
    func pruneArguments() throws {
        let plain = try #require(try AdminCommand.parseAsRoot(["deployments", "prune"]) as? AdminCommand.Deployments.Prune)
        #expect(!plain.dryRun)
        let dry = try #require(
            try AdminCommand.parseAsRoot(["deployments", "prune", "--dry-run", "--admin-url", "http://h:1"]) as? AdminCommand.Deployments.Prune)
        #expect(dry.dryRun && dry.connection.adminURL == "http://h:1")
        #expect(ArgumentRefusal(["deployments", "prune", "--force"])?.message == "Unknown option '--force'")
        #expect(ArgumentRefusal(["deployments", "prune", "dp_x"])?.message == "Unexpected argument 'dp_x'")
        #expect(ArgumentRefusal(["deployments", "prune", "--force"])?.exitCode == CLIExitCode.invalidInput)
    }

    /// The help states the limit of "drained" without a host runtime.
    @Test("prune's help says what drained means without recorded invocations")
    func pruneHelp() {
        let help = AdminCommand.helpMessage(for: AdminCommand.Deployments.Prune.self, columns: 10_000)
        #expect(
            help.contains(
                #"Without a host runtime recording invocations (plain `restate-admin serve`), the server cannot know about "#
                    + #"invocations nobody recorded: there, "drained" only means "the latest for no service", and a deployment "#
                    + "that still serves running invocations is removed all the same.\n"), "\(help)")
        #expect(!help.contains("\\"), "\(help)")
        #expect(help.contains("--dry-run"), "\(help)")
    }
}
