import AdminCore
import ArgumentParser
import Foundation
import Hummingbird
import NIOCore
import Testing

@testable import restate_admin

/// `restate-admin check-compat OLD NEW`, end to end in process: parsed as the executable parses
/// it, run over manifest files in a temporary directory (and one URL on a live stand-in deployment).
@Suite("restate-admin check-compat", .timeLimit(.minutes(1)))
struct CheckCompatCommandTests {
    /// A temporary directory holding manifest files, removed at the end.
    final class Files {
        /// The directory.
        let directory: URL

        /// Creates an empty directory.
        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("check-compat-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }

        /// Removes the directory.
        deinit { try? FileManager.default.removeItem(at: directory) }

        /// Writes `text` to `name` and returns its path.
        func write(_ name: String, _ text: String) throws -> String {
            let url = directory.appendingPathComponent(name)
            try Data(text.utf8).write(to: url)
            return url.path
        }
    }

    /// A manifest (protocol versions 5...6) with `services` and `mode` (nil: none).
    static func manifest(_ services: String..., mode: String? = "BIDI_STREAM") -> String {
        let mode = mode.map { "\"protocolMode\":\"\($0)\"," } ?? ""
        return "{\(mode)\"minProtocolVersion\":5,\"maxProtocolVersion\":6,\"services\":[\(services.joined(separator: ","))]}"
    }

    /// A service of type `ty` with handlers of the given names.
    static func service(_ name: String, _ ty: String, _ handlers: String...) -> String {
        "{\"name\":\"\(name)\",\"ty\":\"\(ty)\",\"handlers\":[\(handlers.map { "{\"name\":\"\($0)\"}" }.joined(separator: ","))]}"
    }

    /// The manifest most tests start from: `Greeter` (greet, greetAgain), `Counter` (add, get).
    static let old = manifest(Self.service("Greeter", "SERVICE", "greet", "greetAgain"), Self.service("Counter", "VIRTUAL_OBJECT", "add", "get"))

    /// The outcome of one command line: the report and exit code, or the failure printed on
    /// standard error and its exit code.
    enum Outcome {
        /// The report and its exit code.
        case report(String, Int32)
        /// The failure text and its exit code.
        case failure(String, Int32)
    }

    /// Parses `arguments` as `restate-admin` does and computes the report, without colour.
    static func run(_ arguments: [String]) async throws -> Outcome {
        let parsed = try AdminCommand.parseAsRoot(arguments)
        let command = try #require(parsed as? AdminCommand.CheckCompat, "\(arguments) is not check-compat")
        do {
            let (text, code) = try await command.report(style: .plain)
            return .report(text, code)
        } catch let failure as CLIFailure {
            return .failure(failure.description, failure.exitCode)
        }
    }

    @Test("compatible: exit code 0 and the compatible changes")
    func compatible() async throws {
        let files = try Files()
        let old = try files.write("old.json", Self.old)
        let new = try files.write(
            "new.json",
            Self.manifest(
                Self.service("Greeter", "SERVICE", "greet", "greetAgain", "wave"), Self.service("Counter", "VIRTUAL_OBJECT", "add", "get"),
                Self.service("Ticket", "WORKFLOW", "run")))
        guard case .report(let text, let code) = try await Self.run(["check-compat", old, new]) else {
            Issue.record("not a report")
            return
        }
        #expect(code == 0)
        #expect(
            text == """
                Compatible: \(new) can be registered after \(old) without --breaking.
                  + service Ticket
                  + handler Greeter/wave
                """)
    }

    @Test("compatible with nothing added, and an omitted service")
    func compatibleOmitted() async throws {
        let files = try Files()
        let old = try files.write("old.json", Self.old)
        let same = try files.write("same.json", Self.old)
        let fewer = try files.write("fewer.json", Self.manifest(Self.service("Greeter", "SERVICE", "greet", "greetAgain")))
        guard case .report(let text, 0) = try await Self.run(["check-compat", old, same]) else {
            Issue.record("not compatible")
            return
        }
        #expect(text.hasSuffix("\n  No service or handler added, none omitted."), "\(text)")
        guard case .report(let omitted, 0) = try await Self.run(["check-compat", old, fewer]) else {
            Issue.record("not compatible")
            return
        }
        #expect(omitted.hasSuffix("\n  = service Counter is not in \(fewer): the old deployment keeps serving it (not breaking)"), "\(omitted)")
    }

    @Test("breaking: exit code 1, every violation with its rule, before, after and fix")
    func breaking() async throws {
        let files = try Files()
        let old = try files.write("old.json", Self.old)
        let new = try files.write(
            "new.json",
            Self.manifest(Self.service("Greeter", "VIRTUAL_OBJECT", "greet", "greetAgain"), Self.service("Counter", "VIRTUAL_OBJECT", "reset")))
        guard case .report(let text, let code) = try await Self.run(["check-compat", old, new]) else {
            Issue.record("not a report")
            return
        }
        #expect(code == 1)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first == "Breaking: \(new) cannot be registered after \(old) without --breaking (3 breaking changes, META0006).")
        #expect(
            lines.filter { $0.hasPrefix("  R") } == [
                "  R24 Counter/add: handler removed (before: add, after: -)",
                "  R24 Counter/get: handler removed (before: get, after: -)",
                "  R23 Greeter: service type changed (before: Service, after: VirtualObject)",
            ])
        #expect(lines.filter { $0.hasPrefix("      fix: ") }.count == 3)
        #expect(text.contains("fix: restore handler add in Counter, or register the service under a new name, or register with --breaking"))
        #expect(text.contains("fix: keep Greeter a Service, or register the VirtualObject version under a new service name"))
        #expect(lines.suffix(2) == ["Compatible changes:", "  + handler Counter/reset"])
    }

    @Test("--json: the violations as data, exit code 1")
    func breakingJSON() async throws {
        let files = try Files()
        let old = try files.write("old.json", Self.old)
        let new = try files.write(
            "new.json", Self.manifest(Self.service("Greeter", "SERVICE", "greet"), Self.service("Counter", "VIRTUAL_OBJECT", "add", "get", "inc")))
        guard case .report(let text, let code) = try await Self.run(["check-compat", "--json", old, new]) else {
            Issue.record("not a report")
            return
        }
        #expect(code == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(
            Set(json.keys) == [
                "compatible", "old", "new", "breaking_changes", "added_services", "added_handlers", "handler_type_changes", "omitted_services",
            ])
        #expect(json["compatible"] as? Bool == false)
        #expect(json["old"] as? String == old && json["new"] as? String == new)
        let changes = try #require(json["breaking_changes"] as? [[String: Any]])
        #expect(changes.count == 1)
        let change = try #require(changes.first)
        #expect(change["rule"] as? String == "R24")
        #expect(change["service"] as? String == "Greeter")
        #expect(change["handler"] as? String == "greetAgain")
        #expect(change["before"] as? String == "greetAgain")
        #expect(change["after"] is NSNull)
        #expect((change["hint"] as? String)?.hasPrefix("restore handler greetAgain in Greeter") == true)
        let added = try #require(json["added_handlers"] as? [[String: String]])
        #expect(added == [["service": "Counter", "handler": "inc"]])
        #expect((json["added_services"] as? [String])?.isEmpty == true)
        #expect((json["omitted_services"] as? [String])?.isEmpty == true)
    }

    @Test("--json when compatible: exit code 0, compatible true, a handler type change")
    func compatibleJSON() async throws {
        let files = try Files()
        let old = try files.write("old.json", Self.old)
        let new = try files.write(
            "new.json",
            Self.manifest(
                Self.service("Greeter", "SERVICE", "greet", "greetAgain"),
                "{\"name\":\"Counter\",\"ty\":\"VIRTUAL_OBJECT\",\"handlers\":[{\"name\":\"add\"},{\"name\":\"get\",\"ty\":\"SHARED\"}]}"))
        guard case .report(let text, 0) = try await Self.run(["check-compat", old, new, "--json"]) else {
            Issue.record("not compatible")
            return
        }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(json["compatible"] as? Bool == true)
        #expect((json["breaking_changes"] as? [Any])?.isEmpty == true)
        #expect(
            json["handler_type_changes"] as? [[String: String]] == [
                ["service": "Counter", "handler": "get", "before": "Exclusive", "after": "Shared"]
            ])
    }

    @Test("an unreadable file: exit code 2, naming it")
    func unreadableFile() async throws {
        let files = try Files()
        let old = try files.write("old.json", Self.old)
        let missing = files.directory.appendingPathComponent("missing.json").path
        guard case .failure(let message, let code) = try await Self.run(["check-compat", old, missing]) else {
            Issue.record("not refused")
            return
        }
        #expect(code == 2)
        #expect(message.hasPrefix("error: cannot read \(missing): no such file"), "\(message)")
        guard case .failure(let directoryMessage, 2) = try await Self.run(["check-compat", files.directory.path, old]) else {
            Issue.record("a directory was not refused")
            return
        }
        #expect(directoryMessage == "error: cannot read \(files.directory.path): it is a directory")
    }

    @Test(
        "an invalid manifest: exit code 2 with its META code",
        arguments: [
            (
                Self.manifest(Self.service("restate.Foo", "SERVICE", "x")),
                "[META0005] cannot insert/modify service 'restate.Foo' as it contains a reserved name"
            ),
            (
                Self.manifest(Self.service("Greeter", "SERVICE", "greet"), mode: nil),
                "[META0013] received a bad response from the SDK: missing protocol mode"
            ),
            (
                "{\"protocolMode\":\"BIDI_STREAM\",\"minProtocolVersion\":1,\"maxProtocolVersion\":4,\"services\":[]}",
                "[META0012] unsupported service protocol versions: [1, 4]"
            ),
            ("not json", "received a bad response from the SDK that cannot be decoded"),
        ])
    func invalidManifest(_ manifest: String, _ expected: String) async throws {
        let files = try Files()
        let old = try files.write("old.json", Self.old)
        let bad = try files.write("bad.json", manifest)
        for arguments in [["check-compat", old, bad], ["check-compat", "--json", bad, old]] {
            guard case .failure(let message, let code) = try await Self.run(arguments) else {
                Issue.record("\(arguments) not refused")
                continue
            }
            #expect(code == 2)
            #expect(message.hasPrefix("error: \(bad): \(expected)"), "\(message)")
        }
    }

    @Test("two arguments are required")
    func usage() {
        let refusal = ArgumentRefusal(["check-compat", "only-one.json"])
        #expect(refusal?.exitCode == 2)
        #expect(refusal?.message.contains("<new>") == true, "\(String(describing: refusal))")
    }

    @Test("a URL is discovered like serve does (HTTP/1.1 here), then checked against a file")
    func urlInput() async throws {
        let files = try Files()
        let old = try files.write("old.json", Self.old)
        let served = Self.manifest(Self.service("Greeter", "SERVICE", "greet"), Self.service("Counter", "VIRTUAL_OBJECT", "add", "get"))
        let router = Router()
        router.get("/discover") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/vnd.restate.endpointmanifest.v3+json"],
                body: .init(byteBuffer: ByteBuffer(string: served)))
        }
        try await LiveServer.run(router) { url in
            guard case .report(let text, let code) = try await Self.run(["check-compat", "--use-http11", "--json", old, url]) else {
                Issue.record("not a report")
                return
            }
            #expect(code == 1)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            let changes = try #require(json["breaking_changes"] as? [[String: Any]])
            #expect(changes.map { $0["handler"] as? String } == ["greetAgain"])
            #expect(json["new"] as? String == url)
        }
    }

    @Test("a URL whose /discover answers 404: exit code 2 with the discovery error (META0003)")
    func unreachableURL() async throws {
        let files = try Files()
        let old = try files.write("old.json", Self.old)
        let router = Router()
        router.get("/other") { _, _ in "" }
        try await LiveServer.run(router) { url in
            guard case .failure(let message, let code) = try await Self.run(["check-compat", "--use-http11", old, url]) else {
                Issue.record("not refused")
                return
            }
            #expect(code == 2)
            #expect(message.hasPrefix("error: \(url): [META0003]"), "\(message)")
        }
    }
}
