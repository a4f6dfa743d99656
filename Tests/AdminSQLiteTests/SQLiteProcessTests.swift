import AdminCore
import AdminStorageTestKit
import Foundation
import Testing
import AdminSQLite

@Suite("SQLiteStorage across processes", .serialized, .timeLimit(.minutes(2)))
struct SQLiteProcessTests {
    @Test("Every acknowledged registration survives SIGKILL at random moments (12 trials)")
    func crashSafety() async throws {
        let probe = try ChildProcess.sibling(named: "storage-crash-probe")
        try await withTemporaryDirectory { directory in
            let path = directory.appending(path: "admin.sqlite")
            var acknowledged: [(index: Int, id: DeploymentID)] = []
            for _ in 0..<12 {
                let outcome = try await probe.run(["sqlite", directory.path, "register"], killAfter: .milliseconds(Int.random(in: 50...300)))
                #expect(outcome.killed, "the probe ended on its own: \(outcome.standardError)")
                let acks = try CrashTrials.acknowledged(outcome.lines)
                #expect(!acks.isEmpty, "the probe acknowledged nothing: \(outcome.standardError)")
                acknowledged += acks
                let storage = try SQLiteStorage(path: path)
                try await storage.checkIntegrity()
                try await CrashTrials.verify(storage, acknowledged: acknowledged)
                try await storage.close()
            }
        }
    }

    @Test("Two processes writing to one database lose no update")
    func twoProcessesShareTheDatabase() async throws {
        let probe = try ChildProcess.sibling(named: "storage-crash-probe")
        try await withTemporaryDirectory { directory in
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
