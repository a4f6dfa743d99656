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
        try await withTemporaryDirectory { directory in
            var acknowledged: [(index: Int, id: DeploymentID)] = []
            for _ in 0..<12 {
                let outcome = try await probe.run(["lmdb", directory.path, "register"], killAfter: .milliseconds(Int.random(in: 50...300)))
                #expect(outcome.killed, "the probe ended on its own: \(outcome.standardError)")
                let acks = try CrashTrials.acknowledged(outcome.lines)
                #expect(!acks.isEmpty, "the probe acknowledged nothing: \(outcome.standardError)")
                acknowledged += acks
                let storage = try LMDBStorage(directory: directory)
                try await storage.checkIntegrity()
                try await CrashTrials.verify(storage, acknowledged: acknowledged)
                try await storage.close()
            }
        }
    }

    @Test("A second process on the same data directory gets a clear error, and works once the first closes")
    func secondProcessIsRefused() async throws {
        let probe = try ChildProcess.sibling(named: "storage-crash-probe")
        try await withTemporaryDirectory { directory in
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
}
