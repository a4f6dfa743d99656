import AdminCore
import AdminSQLite
import AdminStorageTestKit
import Foundation
import Testing

@Suite("SQLiteStorage across processes", .serialized, .timeLimit(.minutes(2)))
struct SQLiteProcessTests {
    @Test("Every acknowledged registration survives SIGKILL at random moments (12 trials)")
    func crashSafety() async throws {
        let probe = try ChildProcess.sibling(named: "storage-crash-probe")
        try await TemporaryDirectory.with(prefix: "admin-sqlite") { directory in
            let path = directory.appending(path: "admin.sqlite")
            try await CrashTrials.run(
                trials: 12, probe: probe, arguments: ["sqlite", directory.path, "register"],
                open: { try SQLiteStorage(path: path) }, checkIntegrity: { try await $0.checkIntegrity() }
            )
        }
    }

    @Test("Every acknowledged registration survives SIGKILL while 8 writers share commits (8 trials)")
    func crashSafetyWithGroupCommit() async throws {
        let probe = try ChildProcess.sibling(named: "storage-crash-probe")
        try await TemporaryDirectory.with(prefix: "admin-sqlite") { directory in
            let path = directory.appending(path: "admin.sqlite")
            try await CrashTrials.run(
                trials: 8, probe: probe, arguments: ["sqlite", directory.path, "register-concurrently", "8"],
                open: { try SQLiteStorage(path: path) }, checkIntegrity: { try await $0.checkIntegrity() }
            )
        }
    }

    @Test("Two processes writing to one database lose no update")
    func twoProcessesShareTheDatabase() async throws {
        let probe = try ChildProcess.sibling(named: "storage-crash-probe")
        try await TemporaryDirectory.with(prefix: "admin-sqlite") { directory in
            async let first = probe.run(["sqlite", directory.path, "increment", "150"])
            async let second = probe.run(["sqlite", directory.path, "increment", "150"])
            let outcomes = try await [first, second]
            for outcome in outcomes {
                #expect(outcome.status == 0 && outcome.lines == ["done"], "\(outcome.standardError)")
            }
            let storage = try SQLiteStorage(path: directory.appending(path: "admin.sqlite"))
            #expect(try await storage.schemaVersion() == 300)
            try await storage.checkIntegrity()
            try await storage.close()
        }
    }
}
