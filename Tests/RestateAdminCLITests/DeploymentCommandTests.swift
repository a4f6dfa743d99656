import AdminCore
import AdminHTTPTestSupport
import AdminTestSupport
import ArgumentParser
import Foundation
import Testing

@testable import restate_admin

/// `deployments register` (what changed), `describe`, `remove` (safe and forced), `promote` and
/// `--json`, against a live in-process server.
@Suite("restate-admin deployments register, describe, remove and promote", .capturingLogs, .timeLimit(.minutes(2)))
struct DeploymentCommandTests {
    /// Runs `arguments` against `url`.
    private static func run(_ arguments: [String], url: String) async throws -> String {
        try await ClientCommandRunner.output(arguments, url: url)
    }

    /// Parses a command's JSON output as an object.
    private static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
    }

    /// The id in the headline `Registered dp_… with:`.
    private static func id(_ output: String) throws -> String {
        try #require(output.split(separator: " ").dropFirst().first.map(String.init), "\(output)")
    }

    /// `Greeter` with `greet` and `wave`, and `Counter` at 9080; `Greeter` with `greet` and `hello`
    /// and a new `Ticket` at 9081.
    private static func twoGenerations(_ harness: Harness) throws {
        try harness.serve(
            "http://localhost:9080",
            services: [
                Harness.service("Greeter", handlers: ["greet", "wave"]), Harness.service("Counter", "VIRTUAL_OBJECT", handlers: ["add"]),
            ])
        try harness.serve(
            "http://localhost:9081",
            services: [Harness.service("Greeter", handlers: ["greet", "hello"]), Harness.service("Ticket", handlers: ["buy"])])
    }

    @Test("register lists new services, bumped revisions and the handlers added and removed")
    func registerShowsWhatChanged() async throws {
        let harness = Harness()
        try Self.twoGenerations(harness)
        try await LiveServer.run(harness) { url in
            let first = try await Self.run(["deployments", "register", "http://localhost:9080"], url: url)
            let firstID = try Self.id(first)
            #expect(
                first == """
                    Registered \(firstID) with:
                      SERVICE  CHANGE  REVISION  HANDLERS
                      Counter  new     1         +add
                      Greeter  new     1         +greet +wave
                    """)
            let second = try await Self.run(["deployments", "register", "http://localhost:9081", "--breaking"], url: url)
            let secondID = try Self.id(second)
            #expect(
                second == """
                    Registered \(secondID) with:
                      SERVICE  CHANGE   REVISION  HANDLERS
                      Greeter  revised  1 → 2     +hello -wave
                      Ticket   new      1         +buy
                    """)
            let again = try await Self.run(["deployments", "register", "http://localhost:9081"], url: url)
            #expect(
                again == """
                    Already registered, unchanged: \(secondID) with:
                      SERVICE  CHANGE     REVISION  HANDLERS
                      Greeter  unchanged  2         -
                      Ticket   unchanged  1         -
                    """)
            let overwrite = try await Self.run(["deployments", "register", "http://localhost:9080", "--force", "--dry-run"], url: url)
            #expect(
                overwrite == """
                    Dry run: \(firstID) would be overwritten with:
                      SERVICE  CHANGE   REVISION  HANDLERS
                      Counter  revised  1 → 2     -
                      Greeter  revised  2 → 3     +wave -hello
                    """)
        }
    }

    @Test("register --json prints the documented shape with the server's answer")
    func registerJSON() async throws {
        let harness = Harness()
        try Self.twoGenerations(harness)
        try await LiveServer.run(harness) { url in
            _ = try await Self.run(["deployments", "register", "http://localhost:9080"], url: url)
            let text = try await Self.run(["deployments", "register", "http://localhost:9081", "--breaking", "--json"], url: url)
            let object = try Self.object(text)
            #expect(Set(object.keys) == ["id", "outcome", "dry_run", "services", "response"])
            #expect(object["outcome"] as? String == "created" && object["dry_run"] as? Bool == false)
            let response = try #require(object["response"] as? [String: Any])
            #expect(response["id"] as? String == object["id"] as? String && (response["services"] as? [Any])?.count == 2)
            let services = try #require(object["services"] as? [[String: Any]])
            #expect(services.map { $0["name"] as? String } == ["Greeter", "Ticket"])
            #expect(services[0]["change"] as? String == "revised")
            #expect(services[0]["revision_before"] as? Int == 1 && services[0]["revision_after"] as? Int == 2)
            #expect(services[0]["handlers_added"] as? [String] == ["hello"] && services[0]["handlers_removed"] as? [String] == ["wave"])
            #expect(services[1]["change"] as? String == "new" && services[1]["revision_before"] is NSNull)
            #expect(services[1]["handlers_added"] as? [String] == ["buy"] && services[1]["handlers_removed"] as? [String] == [])
            #expect(text.contains("\n  \"dry_run\" : false"), "pretty-printed: \(text)")
            #expect(!text.contains("\u{1B}"))
        }
    }

    @Test("A refused registration exits with 1 and prints the status, the META code and every violation")
    func registerRefused() async throws {
        let harness = Harness()
        try Self.twoGenerations(harness)
        try await LiveServer.run(harness) { url in
            _ = try await Self.run(["deployments", "register", "http://localhost:9080"], url: url)
            let failure = try await CommandFailure.of(["deployments", "register", "http://localhost:9081"], url: url)
            #expect(failure.exitCode == CLIExitCode.refused)
            #expect(failure.text.hasPrefix("error (HTTP 409, META0006): the service 'Greeter'"), "\(failure)")
            #expect(!failure.text.contains("[META0006]"), "\(failure)")
            #expect(failure.text.contains("breaking changes (1):\n  R24 Greeter/wave"), "\(failure)")
        }
    }

    @Test("describe shows address, protocol, status and services; --json the server's body with status")
    func describe() async throws {
        let harness = Harness()
        try Self.twoGenerations(harness)
        try await LiveServer.run(harness) { url in
            let id = try Self.id(try await Self.run(["deployments", "register", "http://localhost:9080"], url: url))
            let text = try await Self.run(["deployments", "describe", id], url: url)
            let lines = text.split(separator: "\n").map(String.init)
            #expect(lines.first == "ID:                \(id)", "\(text)")
            #expect(lines.contains("Address:           http://localhost:9080/"), "\(text)")
            #expect(lines.contains("Protocol:          BidiStream over HTTP/2.0"), "\(text)")
            #expect(lines.contains("Service protocol:  5–6"), "\(text)")
            #expect(lines.contains("SDK:               restate-sdk-test/1.0.0"), "\(text)")
            #expect(lines.contains("Status:            active, 0 pinned invocations, latest for Counter, Greeter"), "\(text)")
            #expect(
                text.hasSuffix(
                    """
                    Services:
                      NAME     TYPE           REVISION  HANDLERS
                      Counter  VirtualObject  1         add
                      Greeter  Service        1         greet, wave
                    """), "\(text)")
            let json = try Self.object(try await Self.run(["deployments", "describe", id, "--json"], url: url))
            #expect(json["id"] as? String == id && json["status"] as? String == "active")
            let unknown = try await CommandFailure.of(["deployments", "describe", "dp_15VqmTOnXH3Vv2pl5HOG7UB"], url: url)
            #expect(unknown.exitCode == CLIExitCode.refused)
            #expect(unknown.text == "error (HTTP 404): The requested deployment 'dp_15VqmTOnXH3Vv2pl5HOG7UB' does not exist")
        }
    }

    @Test("list --json prints the server's list with each deployment's status")
    func listJSON() async throws {
        let harness = Harness()
        try Self.twoGenerations(harness)
        try await LiveServer.run(harness) { url in
            let id = try Self.id(try await Self.run(["deployments", "register", "http://localhost:9080"], url: url))
            let json = try Self.object(try await Self.run(["deployments", "list", "--json"], url: url))
            let deployments = try #require(json["deployments"] as? [[String: Any]])
            #expect(deployments.count == 1 && deployments[0]["id"] as? String == id && deployments[0]["status"] as? String == "active")
        }
    }

    @Test("remove without --force removes a drained deployment and refuses an active one (exit 1); --force removes it")
    func removeSafelyOrForced() async throws {
        let harness = Harness()
        try Self.twoGenerations(harness)
        try harness.serve("http://localhost:9082", services: [Harness.service("Counter", "VIRTUAL_OBJECT", handlers: ["add"])])
        try await LiveServer.run(harness) { url in
            let first = try Self.id(try await Self.run(["deployments", "register", "http://localhost:9080"], url: url))
            let refused = try await CommandFailure.of(["deployments", "remove", first], url: url)
            #expect(refused.exitCode == CLIExitCode.refused)
            #expect(
                refused.text.hasPrefix("error (HTTP 409): The deployment '\(first)' is active: it holds the latest revision of [Counter, Greeter]."),
                "\(refused)")

            // Newer deployments of both services: the first becomes drained.
            _ = try await Self.run(["deployments", "register", "http://localhost:9081", "--breaking"], url: url)
            let third = try Self.id(try await Self.run(["deployments", "register", "http://localhost:9082"], url: url))
            #expect(try await Self.run(["deployments", "remove", first], url: url) == "Removed \(first).")
            let gone = try await CommandFailure.of(["deployments", "remove", first], url: url)
            #expect(gone.exitCode == CLIExitCode.refused && gone.text.hasPrefix("error (HTTP 404): "), "\(gone)")

            let forced = try Self.object(try await Self.run(["deployments", "remove", third, "--force", "--json"], url: url))
            #expect(forced["id"] as? String == third && forced["removed"] as? Bool == true && forced["force"] as? Bool == true)
            let left = try await harness.service.deploymentsWithStatus().map { $0.deployment.id.description }
            #expect(!left.contains(first) && !left.contains(third) && left.count == 1)
        }
    }

    @Test("remove without --force against a server without safe removal (501) says to use --force")
    func removeAgainstRestate() async throws {
        let recorder = RequestRecorder()
        try await LiveServer.run(AnsweringRouter.make(recorder: recorder, status: .notImplemented)) { url in
            let failure = try await CommandFailure.of(["deployments", "remove", "dp_15VqmTOnXH3Vv2pl5HOG7UB"], url: url)
            #expect(failure.exitCode == CLIExitCode.refused)
            #expect(failure.text.hasPrefix("error (HTTP 501): the admin API does not remove a deployment without force"), "\(failure)")
            #expect(failure.text.hasSuffix("use --force"), "\(failure)")
            #expect(recorder.all.map { "\($0.method) \($0.path)" } == ["DELETE /deployments/dp_15VqmTOnXH3Vv2pl5HOG7UB"])
        }
    }

    @Test("promote gives an older deployment's services new revisions; a breaking one is refused with every violation")
    func promote() async throws {
        let harness = Harness()
        try Self.twoGenerations(harness)
        try await LiveServer.run(harness) { url in
            let first = try Self.id(try await Self.run(["deployments", "register", "http://localhost:9080"], url: url))
            _ = try await Self.run(["deployments", "register", "http://localhost:9081", "--breaking"], url: url)

            let refused = try await CommandFailure.of(["deployments", "promote", first], url: url)
            #expect(refused.exitCode == CLIExitCode.refused)
            #expect(refused.text.hasPrefix("error (HTTP 409, META0006): "), "\(refused)")
            #expect(refused.text.contains("breaking changes (1):\n  R24 Greeter/hello"), "\(refused)")

            let dryRun = try await Self.run(["deployments", "promote", first, "--breaking", "--dry-run"], url: url)
            #expect(
                dryRun == """
                    Dry run: \(first) would be promoted with:
                      SERVICE  CHANGE     REVISION  HANDLERS
                      Counter  unchanged  1         -
                      Greeter  revised    2 → 3     +wave -hello
                    """)
            let promoted = try Self.object(try await Self.run(["deployments", "promote", first, "--breaking", "--json"], url: url))
            #expect(promoted["outcome"] as? String == "promoted" && promoted["id"] as? String == first)
            let greeter = try #require((promoted["services"] as? [[String: Any]])?.last)
            #expect(greeter["name"] as? String == "Greeter" && greeter["revision_after"] as? Int == 3)
            let latest = try await Self.run(["deployments", "promote", first], url: url)
            #expect(latest.hasPrefix("Promoted \(first) with:") && latest.contains("Greeter  unchanged  3"), "\(latest)")
        }
    }

    @Test("prune --json prints the documented shape")
    func pruneJSON() async throws {
        let harness = Harness()
        try harness.serve("http://localhost:9080", services: [Harness.service("Greeter", handlers: ["greet"])])
        try harness.serve("http://localhost:9081", services: [Harness.service("Greeter", handlers: ["greet"])])
        try await LiveServer.run(harness) { url in
            let first = try Self.id(try await Self.run(["deployments", "register", "http://localhost:9080"], url: url))
            _ = try await Self.run(["deployments", "register", "http://localhost:9081"], url: url)
            let dry = try Self.object(try await Self.run(["deployments", "prune", "--dry-run", "--json"], url: url))
            #expect(dry["dry_run"] as? Bool == true && dry["removed"] as? Int == 0 && dry["skipped"] as? Int == 0)
            let planned = try #require(dry["deployments"] as? [[String: Any]])
            #expect(planned.count == 1 && planned[0]["id"] as? String == first && planned[0]["outcome"] as? String == "would_remove")
            #expect(planned[0]["address"] as? String == "http://localhost:9080/")
            let done = try Self.object(try await Self.run(["deployments", "prune", "--json"], url: url))
            #expect(done["removed"] as? Int == 1 && (done["deployments"] as? [[String: Any]])?.first?["outcome"] as? String == "removed")
        }
    }

    @Test(
        "Every deployments command exits with 3 when the server cannot be reached",
        arguments: [
            ["deployments", "list"], ["deployments", "describe", "dp_x"], ["deployments", "register", "http://localhost:9080"],
            ["deployments", "remove", "dp_x"], ["deployments", "remove", "dp_x", "--force"], ["deployments", "prune"],
            ["deployments", "promote", "dp_x"], ["deployments", "list", "--json"],
        ])
    func unreachable(_ arguments: [String]) async throws {
        let failure = try await CommandFailure.of(arguments, url: "http://127.0.0.1:1")
        #expect(failure.exitCode == CLIExitCode.unreachable)
        #expect(failure.text.hasPrefix("error: cannot reach the admin API at http://127.0.0.1:1"), "\(failure)")
    }

    @Test("Parsing of remove and promote")
    func arguments() throws {
        let remove = try #require(try AdminCommand.parseAsRoot(["deployments", "remove", "dp_x"]) as? AdminCommand.Deployments.Remove)
        #expect(remove.id == "dp_x" && !remove.force)
        let promote = try #require(
            try AdminCommand.parseAsRoot(["deployments", "promote", "dp_x", "--breaking", "--dry-run", "--json"])
                as? AdminCommand.Deployments.Promote)
        #expect(promote.breaking && promote.dryRun && promote.connection.json)
        for arguments in [["deployments", "promote"], ["deployments", "promote", "dp_x", "--force"], ["deployments", "remove"]] {
            let refusal = try #require(ArgumentRefusal(arguments), "\(arguments) was accepted")
            #expect(refusal.exitCode == CLIExitCode.invalidInput, "\(refusal)")
        }
    }
}
