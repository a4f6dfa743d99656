import AdminCore
import AdminLMDB
import AdminStorageTestKit
import Foundation
import Testing

@Suite("LMDBStorage across processes", .serialized, .timeLimit(.minutes(2)))
struct LMDBProcessTests {
    @Test("Every acknowledged registration survives SIGKILL at random moments (12 trials)")
    func crashSafety() async throws {
        let probe = try ChildProcess.sibling(named: "storage-crash-probe")
        try await TemporaryDirectory.with(prefix: "admin-lmdb") { directory in
            try await CrashTrials.run(
                trials: 12, probe: probe, arguments: ["lmdb", directory.path, "register"],
                open: { try LMDBStorage(directory: directory) }, checkIntegrity: { try await $0.checkIntegrity() }
            )
        }
    }

    @Test("Every acknowledged registration survives SIGKILL while 8 writers share commits (8 trials)")
    func crashSafetyWithGroupCommit() async throws {
        let probe = try ChildProcess.sibling(named: "storage-crash-probe")
        try await TemporaryDirectory.with(prefix: "admin-lmdb") { directory in
            try await CrashTrials.run(
                trials: 8, probe: probe, arguments: ["lmdb", directory.path, "register-concurrently", "8"],
                open: { try LMDBStorage(directory: directory) }, checkIntegrity: { try await $0.checkIntegrity() }
            )
        }
    }

    @Test("A second process on the same data directory gets a clear error, and works once the first closes")
    func secondProcessIsRefused() async throws {
        let probe = try ChildProcess.sibling(named: "storage-crash-probe")
        try await TemporaryDirectory.with(prefix: "admin-lmdb") { directory in
            let storage = try LMDBStorage(directory: directory)
            try await CrashTrials.register(storage)
            let refused = try await probe.run(["lmdb", directory.path, "increment", "5"])
            #expect(refused.status == 2)
            #expect(refused.standardError.contains("in use by another process"), "\(refused.standardError)")
            #expect(try await storage.schemaVersion() == 1)
            try await storage.close()
            let allowed = try await probe.run(["lmdb", directory.path, "increment", "5"])
            #expect(allowed.status == 0 && allowed.lines == ["done"], "\(allowed.standardError)")
            let reopened = try LMDBStorage(directory: directory)
            #expect(try await reopened.schemaVersion() == 6)
            try await reopened.checkIntegrity()
            try await reopened.close()
        }
    }

    @Test("After SIGKILL, the change stream resumes exactly after a version taken before the crash")
    func changeStreamResumesAfterCrash() async throws {
        let probe = try ChildProcess.sibling(named: "storage-crash-probe")
        try await TemporaryDirectory.with(prefix: "admin-lmdb") { directory in
            try await CrashTrials.resumeAfterCrash(
                probe: probe, arguments: ["lmdb", directory.path, "register-concurrently", "4"], open: { try LMDBStorage(directory: directory) })
        }
    }
}
