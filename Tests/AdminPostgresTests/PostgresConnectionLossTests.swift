import AdminCore
import AdminPostgres
import AdminPostgresTestSupport
import AdminStorageTestKit
import Dispatch
import Foundation
import Testing

/// A transaction whose connection the server closes halfway: its next statement fails at once as a
/// connection loss (`.unavailable`, HTTP 503) instead of waiting forever for an answer postgres-nio
/// will never deliver, nothing of it is stored, and the storage goes on with other connections.
@Suite(
    "PostgresStorage when a transaction's connection is lost", .timeLimit(.minutes(1)),
    .enabled(if: TestDatabase.isConfigured, "ADMIN_TEST_POSTGRES_URL is not set"))
struct PostgresConnectionLossTests {
    @Test("The server ends the backend of an open write: the write fails as connection loss, the next one succeeds")
    func backendTerminatedMidWrite() async throws {
        try await TestDatabase.with("connectionloss") { url in
            let storage = try await PostgresStorage(url: url)
            let inside = DispatchSemaphore(value: 0)
            let release = DispatchSemaphore(value: 0)
            let write = Task { () -> AdminError? in
                do {
                    try await storage.write { writer in
                        inside.signal()
                        release.wait()
                        try writer.putSubscription(StorageFixtures.subscription(index: 1))
                    }
                    return nil
                } catch let error as AdminError {
                    return error
                }
            }
            while inside.wait(timeout: .now()) == .timedOut { try await Task.sleep(for: .milliseconds(10)) }
            // The write holds the version's row lock and waits: its backend is idle in a transaction.
            try await TestDatabase.administer(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '\(url.database)' AND state = 'idle in transaction'")
            release.signal()
            let failure = try await write.value
            #expect(failure?.kind == .unavailable, "\(String(describing: failure))")
            #expect(failure?.message.contains("PostgreSQL") == true, "\(String(describing: failure))")

            #expect(try await storage.read { try $0.allSubscriptions() }.isEmpty, "nothing of the lost write is stored")
            try await storage.write { writer in try writer.putSubscription(StorageFixtures.subscription(index: 2)) }
            #expect(try await storage.read { try $0.allSubscriptions() }.count == 1)
            try await storage.close()
        }
    }
}
