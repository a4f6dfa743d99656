import AdminCore
import AdminLMDB
import AdminStorageTestKit
import Foundation
import Synchronization
import Testing

@Suite("LMDBStorage.processHoldingEnvironment", .serialized, .timeLimit(.minutes(1)))
struct LMDBLockHolderTests {
    @Test("Another process with the environment open is reported by its id, and not once it has exited")
    func reportsAnotherProcess() async throws {
        let probe = try ChildProcess.sibling(named: "storage-crash-probe")
        try await TemporaryDirectory.with(prefix: "admin-lmdb-holder") { directory in
            #expect(try LMDBStorage.processHoldingEnvironment(in: directory) == nil, "no lock.mdb yet")
            let seen = Mutex<Int32?>(nil)
            // The probe registers in a loop with the environment open until it is killed.
            async let outcome = probe.run(["lmdb", directory.path, "register"], killAfter: .seconds(3), afterLines: 1)
            let clock = ContinuousClock()
            let deadline = clock.now.advanced(by: .seconds(20))
            while clock.now < deadline {
                if let holder = try LMDBStorage.processHoldingEnvironment(in: directory) {
                    seen.withLock { $0 = holder }
                    break
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            let finished = try await outcome
            #expect(finished.killed, "\(finished.standardError)")
            let holder = try #require(seen.withLock { $0 }, "the probe's lock was never seen")
            #expect(holder != getpid() && holder > 0)
            #expect(try LMDBStorage.processHoldingEnvironment(in: directory) == nil, "the lock is released when the process dies")
        }
    }

    @Test("The lock.mdb a closed environment leaves behind is not reported")
    func ownEnvironmentIsNotReported() async throws {
        try await TemporaryDirectory.with(prefix: "admin-lmdb-holder") { directory in
            let storage = try LMDBStorage(directory: directory)
            try await storage.close()
            #expect(FileManager.default.fileExists(atPath: directory.appending(path: "lock.mdb").path))
            #expect(try LMDBStorage.processHoldingEnvironment(in: directory) == nil)
        }
    }
}
