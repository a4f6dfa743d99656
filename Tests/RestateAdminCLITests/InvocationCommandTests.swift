import AdminCore
import AdminHTTPTestSupport
import Foundation
import Testing

@testable import restate_admin

/// `invocations cancel | kill | purge | purge-journal | pause | resume | restart-as-new`:
/// parsing, what is sent (BEHAVIOR.md §5.5), and each command against a live in-process server
/// with invocation records in its storage.
@Suite("restate-admin invocations", .capturingLogs, .timeLimit(.minutes(2)))
struct InvocationCommandTests {
    /// The invocation the tests record.
    static let id = InvocationID(partitionKey: 42, invocationUUID: 7).description
    /// A syntactically valid deployment id.
    static let deployment = "dp_11nGQpCRmau6ypL82KH2TnP"

    /// Records the invocation ``id`` of `Counter/a/add` with `status`, protocol 6 and three
    /// journal entries, pinned to `pinned` when given.
    private static func record(_ harness: Harness, _ status: InvocationStatus, pinned: String? = nil) async throws {
        try await harness.service.recordInvocation(
            InvocationRecord(
                id: try InvocationID(parsing: id), target: "Counter/a/add", status: status,
                pinnedDeployment: try pinned.map { try DeploymentID(parsing: $0) }, pinnedProtocolVersion: 6, journalLength: 3))
    }

    /// Registers a deployment serving `Counter/add` and returns its id.
    private static func registerCounter(_ harness: Harness) async throws -> String {
        try harness.serve("http://localhost:9080", services: [Harness.service("Counter", "VIRTUAL_OBJECT", handlers: ["add"])])
        let uri = try DeploymentURI(parsing: "http://localhost:9080")
        return try await harness.service.registerDeployment(RegistrationRequest(address: .http(uri, useHTTP11: false))).deployment.id.description
    }

    /// The stored record of ``id``.
    private static func stored(_ harness: Harness) async throws -> InvocationRecord? {
        try await harness.service.invocation(try InvocationID(parsing: id))
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
            ["invocations", "cancel", id], ["invocations", "kill", id, "--json"], ["invocations", "purge", id],
            ["invocations", "purge-journal", id], ["invocations", "pause", id], ["invocations", "resume", id],
            ["invocations", "resume", id, "--deployment", "keep"], ["invocations", "resume", id, "--deployment", "Latest"],
            ["invocations", "resume", id, "--deployment", deployment], ["invocations", "restart-as-new", id],
            ["invocations", "restart-as-new", id, "--from", "0", "--deployment", "latest"],
            ["invocations", "restart-as-new", id, "--from", "4294967295", "--deployment", deployment],
            // Restate ignores characters after an invocation id's payload; so does the check.
            ["invocations", "cancel", id + "x"],
        ])
    func accepted(_ arguments: [String]) {
        #expect(ArgumentRefusal(arguments) == nil)
    }

    /// Bad command lines are usage errors (exit code 2) with a message saying what is wrong.
    @Test(
        "Command lines refused before any request, with exit code 2",
        arguments: [
            (["invocations", "cancel", "xyz"], "'xyz' is not an invocation id (inv_…): bad format"),
            (["invocations", "kill", "inv_1abc"], "'inv_1abc' is not an invocation id (inv_…): bad length"),
            (["invocations", "purge", deployment], "'\(deployment)' is not an invocation id (inv_…): id doesn't match the expected type"),
            (["invocations", "purge-journal", ""], "'' is not an invocation id (inv_…): bad length"),
            (["invocations", "pause"], "Missing expected argument '<id>'"),
            (["invocations", "resume", "nope"], "'nope' is not an invocation id (inv_…): bad format"),
            (
                ["invocations", "resume", id, "--deployment", "newest"],
                "--deployment takes keep, latest or a deployment id (dp_…), got 'newest': bad format"
            ),
            (
                ["invocations", "restart-as-new", id, "--deployment", "dp_1x"],
                "--deployment takes keep, latest or a deployment id (dp_…), got 'dp_1x': bad length"
            ),
            (["invocations", "restart-as-new", id, "--from", "-1"], "Missing value for '--from <from>'"),
            (["invocations", "restart-as-new", id, "--from=-1"], "The value '-1' is invalid for '--from <from>'"),
            (["invocations", "restart-as-new", id, "--from", "two"], "The value 'two' is invalid for '--from <from>'"),
            (["invocations", "restart-as-new", id, "--from", "4294967296"], "The value '4294967296' is invalid for '--from <from>'"),
            (["invocations", "cancel", id, "--deployment", "latest"], "Unknown option '--deployment'"),
            (["invocations", "kill", id, "--from", "1"], "Unknown option '--from'"),
        ])
    func refused(_ arguments: [String], message: String) throws {
        let refusal = try #require(ArgumentRefusal(arguments), "\(arguments) was accepted")
        #expect(refusal.exitCode == 2)
        #expect(refusal.message.hasPrefix(message), "\(refusal)")
    }

    // MARK: What is sent

    /// The method, path and query of each command, as a stand-in server receives them.
    @Test("Each command sends one bodiless PATCH to its route, with deployment and from only when given")
    func requests() async throws {
        let recorder = RequestRecorder()
        let commands: [([String], String)] = [
            (["cancel", Self.id], "/invocations/\(Self.id)/cancel"), (["kill", Self.id], "/invocations/\(Self.id)/kill"),
            (["purge", Self.id], "/invocations/\(Self.id)/purge"), (["purge-journal", Self.id], "/invocations/\(Self.id)/purge-journal"),
            (["pause", Self.id], "/invocations/\(Self.id)/pause"), (["resume", Self.id], "/invocations/\(Self.id)/resume"),
            (["resume", Self.id, "--deployment", "Latest"], "/invocations/\(Self.id)/resume?deployment=latest"),
            (["resume", Self.id, "--deployment", Self.deployment], "/invocations/\(Self.id)/resume?deployment=\(Self.deployment)"),
            (["restart-as-new", Self.id], "/invocations/\(Self.id)/restart-as-new"),
            (["restart-as-new", Self.id, "--from", "2"], "/invocations/\(Self.id)/restart-as-new?from=2"),
            (
                ["restart-as-new", Self.id, "--deployment", "keep", "--from", "0"],
                "/invocations/\(Self.id)/restart-as-new?from=0&deployment=keep"
            ),
        ]
        try await LiveServer.run(AnsweringRouter.make(recorder: recorder, status: .ok, body: #"{"new_invocation_id":"inv_new"}"#)) { url in
            for (arguments, _) in commands {
                _ = try await ClientCommandRunner.output(["invocations"] + arguments, url: url)
            }
        }
        #expect(recorder.all.map { "\($0.method) \($0.path)" } == commands.map { "PATCH \($0.1)" })
        #expect(recorder.all.allSatisfy { $0.body.isEmpty && $0.contentType == nil })
    }

    // MARK: Against the Admin API

    /// An operation, the status the invocation has before it, the expected output (`{id}` for the
    /// id) and the status it has after (`nil`: purged).
    static let outcomes: [(arguments: [String], before: InvocationStatus, output: String, after: InvocationStatus?)] = [
        (["cancel"], .inboxed, "Cancelled {id} (it had not started).", .completed),
        (["cancel"], .invoked, "Cancel requested for {id}: it has started, its handler runs the cancellation.", .invoked),
        (["kill"], .suspended, "Killed {id}.", .completed),
        (["purge"], .completed, "Purged {id}.", nil),
        (["purge-journal"], .completed, "Purged the journal of {id}.", .completed),
        (["pause"], .invoked, "Pause requested for {id}.", .paused),
        (["pause"], .suspended, "{id} is already paused or suspended.", .suspended),
        (["resume"], .paused, "Resumed {id}.", .invoked),
        (["resume", "--deployment", "keep"], .suspended, "Resumed {id} on deployment keep.", .invoked),
    ]

    /// The confirmation of each operation, and the stored status after it.
    @Test("Each operation prints its confirmation and the server applies it", arguments: outcomes.indices)
    func operation(_ index: Int) async throws {
        let (arguments, before, output, after) = Self.outcomes[index]
        let harness = Harness()
        try await Self.record(harness, before)
        try await LiveServer.run(harness) { url in
            let printed = try await ClientCommandRunner.output(["invocations", arguments[0], Self.id] + arguments.dropFirst(), url: url)
            #expect(printed == output.replacingOccurrences(of: "{id}", with: Self.id))
            #expect(try await Self.stored(harness)?.status == after, "\(arguments) on \(before)")
        }
    }

    /// `purge-journal` keeps the record and drops its journal.
    @Test("purge-journal keeps the record and drops its journal")
    func purgeJournal() async throws {
        let harness = Harness()
        try await Self.record(harness, .completed)
        try await LiveServer.run(harness) { url in
            _ = try await ClientCommandRunner.output(["invocations", "purge-journal", Self.id], url: url)
            #expect(try await Self.stored(harness)?.journalLength == 0)
        }
    }

    /// The `--json` object of the operations whose answer is empty.
    @Test(
        "--json prints {id, result, status} for the operations without an answer",
        arguments: [
            (["cancel"], InvocationStatus.inboxed, "cancelled", 200), (["cancel"], .paused, "cancel-requested", 202),
            (["kill"], .invoked, "killed", 200), (["purge"], .completed, "purged", 200), (["purge-journal"], .completed, "journal-purged", 200),
            (["pause"], .invoked, "pause-requested", 202), (["pause"], .paused, "already-paused", 200), (["resume"], .suspended, "resumed", 200),
        ])
    func json(_ arguments: [String], before: InvocationStatus, result: String, status: Int) async throws {
        let harness = Harness()
        try await Self.record(harness, before)
        try await LiveServer.run(harness) { url in
            let printed = try await ClientCommandRunner.output(["invocations", arguments[0], Self.id, "--json"], url: url)
            let object = try Self.object(printed)
            #expect(object.count == 3 && object["id"] as? String == Self.id && object["result"] as? String == result, "\(printed)")
            #expect(object["status"] as? Int == status, "\(printed)")
        }
    }

    /// `resume --deployment` with a deployment id, as JSON.
    @Test("resume --deployment moves a suspended invocation; --json names the deployment")
    func resumeOnDeployment() async throws {
        let harness = Harness()
        let counter = try await Self.registerCounter(harness)
        try await Self.record(harness, .suspended, pinned: counter)
        try await LiveServer.run(harness) { url in
            let printed = try await ClientCommandRunner.output(["invocations", "resume", Self.id, "--deployment", counter, "--json"], url: url)
            #expect(try Self.object(printed) as NSDictionary == ["id": Self.id, "result": "resumed", "status": 200, "deployment": counter])
            #expect(try await Self.stored(harness)?.status == .invoked)
        }
    }

    /// `restart-as-new`: the new id, the JSON answer, and `--from`/`--deployment` reaching the server.
    @Test("restart-as-new prints the new id, or with --json the server's answer; --from and --deployment reach the server")
    func restartAsNew() async throws {
        let harness = Harness()
        let counter = try await Self.registerCounter(harness)
        try await Self.record(harness, .completed, pinned: counter)
        try await LiveServer.run(harness) { url in
            let printed = try await ClientCommandRunner.output(["invocations", "restart-as-new", Self.id], url: url)
            let newID = try #require(printed.split(separator: " ").last.map { String($0.dropLast()) }, "\(printed)")
            #expect(printed == "Restarted \(Self.id) as \(newID).")
            let restarted = try #require(try await harness.service.invocation(try InvocationID(parsing: newID)), "\(newID) not recorded")
            #expect(restarted.status == .inboxed && restarted.pinnedDeployment?.description == counter)

            let json = try Self.object(
                try await ClientCommandRunner.output(
                    ["invocations", "restart-as-new", Self.id, "--from", "2", "--deployment", counter, "--json"], url: url))
            #expect(json.count == 1 && (json["new_invocation_id"] as? String)?.hasPrefix("inv_1") == true, "\(json)")

            let outOfRange = try await CommandFailure.of(["invocations", "restart-as-new", Self.id, "--from", "3"], url: url)
            #expect(outOfRange.exitCode == 1)
            #expect(outOfRange.text.hasPrefix("error (HTTP 400): The journal index 3 is out of range"), "\(outOfRange)")
            let unknownDeployment = try await CommandFailure.of(
                ["invocations", "restart-as-new", Self.id, "--deployment", Self.deployment], url: url)
            #expect(
                unknownDeployment.text
                    == "error (HTTP 400): The given deployment was not found when trying to restart the invocation '\(Self.id)'.")
        }
    }

    /// A refusal by the server: exit code 1, the status and the message; the record unchanged.
    @Test(
        "Refusals exit with code 1 and print the status and the message",
        arguments: [
            (["cancel"], InvocationStatus.completed, "error (HTTP 409): The invocation '{id}' was already completed."),
            (["kill"], .completed, "error (HTTP 409): The invocation '{id}' was already completed."),
            (["purge"], .invoked, "error (HTTP 409): The invocation '{id}' is not yet completed."),
            (["purge-journal"], .suspended, "error (HTTP 409): The invocation '{id}' is not yet completed."),
            (["pause"], .inboxed, "error (HTTP 409): The invocation '{id}' is not running, cannot be paused."),
            (["resume"], .scheduled, "error (HTTP 425): The invocation '{id}' is either inboxed or scheduled, cannot be resumed."),
            (
                ["resume", "--deployment", "latest"], .invoked,
                "error (HTTP 409): The invocation '{id}' is still running or the deployment id is not pinned yet, deployment id cannot be changed."
            ),
            (["restart-as-new"], .invoked, "error (HTTP 409): The invocation '{id}' is still running."),
        ])
    func refusals(_ arguments: [String], before: InvocationStatus, message: String) async throws {
        let harness = Harness()
        try await Self.record(harness, before)
        try await LiveServer.run(harness) { url in
            let failure = try await CommandFailure.of(["invocations", arguments[0], Self.id] + arguments.dropFirst(), url: url)
            #expect(failure.exitCode == 1)
            // Invocation errors carry no Restate code: the status, then the message.
            #expect(failure.text == message.replacingOccurrences(of: "{id}", with: Self.id), "\(failure)")
            #expect(try await Self.stored(harness)?.status == before)
        }
    }

    /// An unknown invocation: 404 for every command.
    @Test("An unknown invocation is refused with 404 by every command")
    func unknownInvocation() async throws {
        try await LiveServer.run(Harness()) { url in
            for operation in ["cancel", "kill", "purge", "purge-journal", "pause", "resume", "restart-as-new"] {
                let failure = try await CommandFailure.of(["invocations", operation, Self.id], url: url)
                #expect(failure.exitCode == 1, "\(operation)")
                #expect(failure.text == "error (HTTP 404): The requested invocation '\(Self.id)' does not exist", "\(operation)")
            }
        }
    }

    /// A closed port: exit code 3.
    @Test(
        "An unreachable server exits with code 3",
        arguments: ["cancel", "kill", "purge", "purge-journal", "pause", "resume", "restart-as-new"])
    func unreachable(_ operation: String) async throws {
        let failure = try await CommandFailure.of(["invocations", operation, Self.id], url: "http://127.0.0.1:1")
        #expect(failure.exitCode == 3)
        #expect(failure.text.hasPrefix("error: cannot reach the admin API at http://127.0.0.1:1"), "\(failure)")
    }
}
