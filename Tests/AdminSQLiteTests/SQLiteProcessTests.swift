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

    @Test("After SIGKILL, the change stream resumes exactly after a version taken before the crash")
    func changeStreamResumesAfterCrash() async throws {
        let probe = try ChildProcess.sibling(named: "storage-crash-probe")
        try await TemporaryDirectory.with(prefix: "admin-sqlite") { directory in
            try await CrashTrials.resumeAfterCrash(
                probe: probe, arguments: ["sqlite", directory.path, "register-concurrently", "4"],
                open: { try SQLiteStorage(path: directory.appending(path: "admin.sqlite")) })
        }
    }

    @Test("A registration through another process is visible in this process's very next read")
    func otherProcessWritesAreVisibleAtOnce() async throws {
        let probe = try ChildProcess.sibling(named: "storage-crash-probe")
        try await TemporaryDirectory.with(prefix: "admin-sqlite") { directory in
            let storage = try SQLiteStorage(path: directory.appending(path: "admin.sqlite"))
            let admin = AdminService(storage: storage, discovery: StubDiscoveryClient())
            #expect(try await admin.deployments().isEmpty)
            let outcome = try await probe.run(["sqlite", directory.path, "register-count", "3"])
            #expect(outcome.status == 0 && outcome.lines == ["done"], "\(outcome.standardError)")
            #expect(try await admin.deployments().count == 3)
            #expect(try await admin.snapshot().version == 3)
            try await storage.close()
        }
    }
}
