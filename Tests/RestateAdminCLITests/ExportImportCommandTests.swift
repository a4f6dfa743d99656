import AdminCore
import AdminLMDB
import AdminSQLite
import AdminStorageTestKit
import Foundation
import Testing

@testable import restate_admin

/// `restate-admin export` and `import` end to end: parsed with `AdminCommand.parseAsRoot`, run
/// in-process (and through the built binary for standard output and real exit codes).
@Suite(.serialized, .timeLimit(.minutes(2)))
struct ExportImportCommandTests {
    /// Fills the SQLite store in `directory` with two deployments, state and invocation records.
    static func populateSQLite(_ directory: URL) async throws -> RegistryDump {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let storage = try SQLiteStorage(path: directory.appending(path: "admin.sqlite"))
        let first = StorageFixtures.deployment(index: 1)
        let second = StorageFixtures.deployment(index: 2, services: ["Greeter"], revision: 2)
        try await storage.write { tx in
            var changes = RegistryChanges()
            changes.upserts = [first.id: first, second.id: second]
            changes.latest["Greeter"] = .some(LatestRevision(deploymentID: second.id, revision: 2))
            changes.latest["Counter"] = .some(LatestRevision(deploymentID: first.id, revision: 1))
            changes.latest["Checkout"] = .some(LatestRevision(deploymentID: first.id, revision: 1))
            let subscription = StorageFixtures.subscription(index: 1)
            changes.subscriptions[subscription.id] = subscription
            try changes.apply(to: tx)
            try tx.setServiceState(service: "Counter", key: "alice", state: StorageFixtures.state(index: 1))
            try tx.putInvocation(StorageFixtures.invocation(index: 1))
        }
        let dump = try await StorageDump.export(from: storage)
        try await storage.close()
        return dump
    }

    /// What the store of `kind` in `directory` holds, read with the backend directly.
    static func contents(_ kind: StorageKind, _ directory: URL) async throws -> RegistryDump {
        let storage = try await Backends.openStorage(StorageLocation(kind: kind, dataDirectory: directory))
        let dump = try await StorageDump.export(from: storage)
        try await storage.close()
        return dump
    }

    @Test func parsesTheOptions() throws {
        let export = try #require(try AdminCommand.parseAsRoot(["export", "--data-dir", "d", "--storage", "lmdb"]) as? AdminCommand.Export)
        #expect(export.storage == .lmdb && export.dataDir == "d" && export.output == nil)
        let parsed = try AdminCommand.parseAsRoot(["import", "--input", "f.json", "--replace"])
        let command = try #require(parsed as? AdminCommand.Import)
        #expect(command.storage == .sqlite && command.replace && command.input == "f.json")
    }

    @Test func usageErrorsExitWith2() async {
        #expect(await DumpCommandRunner.run(["import", "--data-dir", "d"]).code == CLIExitCode.invalidInput)
        #expect(await DumpCommandRunner.run(["export", "--storage", "postgres"]).code == CLIExitCode.invalidInput)
    }

    @Test func exportsSQLiteAndImportsIntoLMDB() async throws {
        try await TemporaryDirectory.with(prefix: "export-import") { directory in
            let source = directory.appending(path: "source")
            let target = directory.appending(path: "target")
            let file = directory.appending(path: "dump.json").path
            let expected = try await Self.populateSQLite(source)
            let exported = await DumpCommandRunner.run(["export", "--data-dir", source.path, "--storage", "sqlite", "--output", file])
            #expect(exported.code == 0, "\(exported.message)")
            #expect(try RegistryDump.decode(Data(contentsOf: URL(fileURLWithPath: file))) == expected)
            let imported = await DumpCommandRunner.run(["import", "--data-dir", target.path, "--storage", "lmdb", "--input", file])
            #expect(imported.code == 0, "\(imported.message)")
            #expect(try await Self.contents(.lmdb, target) == expected)
        }
    }

    @Test func exportingAFolderWithoutAStoreExitsWith2AndCreatesNothing() async throws {
        try await TemporaryDirectory.with(prefix: "export-import") { directory in
            for kind in ["sqlite", "lmdb"] {
                let outcome = await DumpCommandRunner.run(["export", "--data-dir", directory.appending(path: "none").path, "--storage", kind])
                #expect(outcome.code == CLIExitCode.invalidInput)
                #expect(outcome.message.contains("no \(kind) store"), "\(outcome.message)")
            }
            #expect(!FileManager.default.fileExists(atPath: directory.appending(path: "none").path))
        }
    }

    @Test func invalidDumpsExitWith2AndChangeNothing() async throws {
        try await TemporaryDirectory.with(prefix: "export-import") { directory in
            let source = directory.appending(path: "source")
            let dump = try await Self.populateSQLite(source)
            var broken = dump
            broken.latest["Greeter"]?.revision = 9
            var newer = String(decoding: try dump.encoded(), as: UTF8.self)
            newer = newer.replacingOccurrences(of: #""version":1,"#, with: #""version":2,"#)
            let cases: [(String, String)] = [
                ("not json", "not a registry dump"),
                (newer, "newer than this build reads"),
                (String(decoding: try broken.encoded(), as: UTF8.self), "the latest revision of 'Greeter' is 9"),
            ]
            for (index, (text, expected)) in cases.enumerated() {
                let file = directory.appending(path: "bad-\(index).json")
                try Data(text.utf8).write(to: file)
                for (kind, folder) in [("sqlite", source), ("lmdb", directory.appending(path: "fresh"))] {
                    let outcome = await DumpCommandRunner.run([
                        "import", "--data-dir", folder.path, "--storage", kind, "--input", file.path, "--replace",
                    ])
                    #expect(outcome.code == CLIExitCode.invalidInput, "\(expected): \(outcome.message)")
                    #expect(outcome.message.contains(expected), "\(outcome.message)")
                }
            }
            let missing = await DumpCommandRunner.run([
                "import", "--data-dir", source.path, "--input", directory.appending(path: "missing.json").path,
            ])
            #expect(missing.code == CLIExitCode.invalidInput && missing.message.contains("cannot read"), "\(missing.message)")
            #expect(try await Self.contents(.sqlite, source) == dump)
            #expect(!FileManager.default.fileExists(atPath: directory.appending(path: "fresh").path), "a refused import created a store")
        }
    }

    @Test func aTargetThatIsNotEmptyIsRefusedWith1UnlessReplace() async throws {
        try await TemporaryDirectory.with(prefix: "export-import") { directory in
            let source = directory.appending(path: "source")
            let target = directory.appending(path: "target")
            let dump = try await Self.populateSQLite(source)
            let file = directory.appending(path: "dump.json")
            try Data(try dump.encoded()).write(to: file)
            let other = try await Self.populateSQLite(target)
            #expect(other != dump)
            let refused = await DumpCommandRunner.run(["import", "--data-dir", target.path, "--input", file.path])
            #expect(refused.code == CLIExitCode.refused)
            #expect(refused.message.contains("not empty") && refused.message.contains("--replace"), "\(refused.message)")
            #expect(try await Self.contents(.sqlite, target) == other)
            let replaced = await DumpCommandRunner.run(["import", "--data-dir", target.path, "--input", file.path, "--replace"])
            #expect(replaced.code == 0, "\(replaced.message)")
            #expect(try await Self.contents(.sqlite, target) == dump)
        }
    }

    @Test func theBinaryWritesTheDumpToStandardOutputAndExitsWithTheCodes() async throws {
        let binary = try ChildProcess.sibling(named: "restate-admin")
        try await TemporaryDirectory.with(prefix: "export-import") { directory in
            let source = directory.appending(path: "source")
            let dump = try await Self.populateSQLite(source)
            let exported = try await binary.run(["export", "--data-dir", source.path])
            #expect(exported.status == 0, "\(exported.standardError)")
            #expect(exported.lines.count == 1)
            #expect(try RegistryDump.decode(Array((exported.lines.first ?? "").utf8)) == dump)

            let file = directory.appending(path: "dump.json")
            try Data(try dump.encoded()).write(to: file)
            let refused = try await binary.run(["import", "--data-dir", source.path, "--input", file.path])
            #expect(refused.status == CLIExitCode.refused, "\(refused.standardError)")
            try Data("{}".utf8).write(to: file)
            let invalid = try await binary.run(["import", "--data-dir", source.path, "--input", file.path])
            #expect(invalid.status == CLIExitCode.invalidInput, "\(invalid.standardError)")
        }
    }

    @Test func anLMDBFolderARunningServerHoldsIsRefusedWith1() async throws {
        let binary = try ChildProcess.sibling(named: "restate-admin")
        try await TemporaryDirectory.with(prefix: "export-import") { directory in
            let source = directory.appending(path: "source")
            let dump = try await Self.populateSQLite(source)
            let file = directory.appending(path: "dump.json")
            try Data(try dump.encoded()).write(to: file)
            let target = directory.appending(path: "target")

            let server = Process()
            server.executableURL = binary.executable
            server.arguments = ["serve", "--data-dir", target.path, "--storage", "lmdb", "--bind", "127.0.0.1:0", "--log-level", "error"]
            server.standardOutput = FileHandle.nullDevice
            server.standardError = FileHandle.nullDevice
            try server.run()
            defer { if server.isRunning { kill(server.processIdentifier, SIGKILL) } }
            let clock = ContinuousClock()
            let deadline = clock.now.advanced(by: .seconds(30))
            var holder: Int32?
            while holder == nil, server.isRunning, clock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
                holder = try LMDBStorage.processHoldingEnvironment(in: target.appending(path: "lmdb"))
            }
            #expect(holder == server.processIdentifier, "the server's lock was not seen")

            let refused = await DumpCommandRunner.run(["import", "--data-dir", target.path, "--storage", "lmdb", "--input", file.path, "--replace"])
            #expect(refused.code == CLIExitCode.refused)
            #expect(refused.message.contains("in use (process \(server.processIdentifier)"), "\(refused.message)")
            let export = await DumpCommandRunner.run(["export", "--data-dir", target.path, "--storage", "lmdb"])
            #expect(export.code == CLIExitCode.refused, "\(export.message)")

            server.terminate()
            while server.isRunning, clock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            #expect(try await Self.contents(.lmdb, target) == RegistryDump(registryVersion: 0), "the refused import changed the store")
            let imported = await DumpCommandRunner.run(["import", "--data-dir", target.path, "--storage", "lmdb", "--input", file.path])
            #expect(imported.code == 0, "\(imported.message)")
            #expect(try await Self.contents(.lmdb, target) == dump)
        }
    }
}
