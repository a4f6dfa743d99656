import AdminCore
import AdminPostgres
import AdminPostgresTestSupport
import Dispatch
import Synchronization
import Testing

/// Writes of two storages (two nodes) that collide under `SERIALIZABLE`: the second one's lock of
/// the registry version fails with SQLSTATE 40001 once the first commits, and is run again (or,
/// out of attempts, fails with `.unavailable`, having changed nothing).
@Suite("PostgresStorage write conflicts", .enabled(if: TestDatabase.isConfigured, "ADMIN_TEST_POSTGRES_URL is not set"))
struct PostgresWriteConflictTests {
    @Test("a write that conflicts is run again: both commit, versions 1 and 2")
    func conflictingWriteIsRunAgain() async throws {
        try await Self.withCollision(optionsB: .init()) { storageB, writeB, before throws in
            #expect(try await writeB.value == 2)
            // The first attempt failed (40001), the second committed.
            #expect(storageB.statistics.since(before).transactions == 2)
            #expect(try await storageB.schemaVersion() == 2)
            #expect(try await storageB.read { try $0.serviceState(service: "B", key: "k") } == ["by": [2]])
            #expect(try await storageB.read { try $0.serviceState(service: "A", key: "k") } == ["by": [1]])
        }
    }

    @Test("with one attempt, the conflicting write fails with .unavailable (conflicted) and stores nothing")
    func conflictingWriteOutOfAttemptsFails() async throws {
        try await Self.withCollision(optionsB: .init(maximumWriteAttempts: 1)) { storageB, writeB, _ throws in
            let error = await #expect(throws: AdminError.self) { try await writeB.value }
            #expect(error?.kind == .unavailable)
            #expect(error?.message.contains("conflicted") == true, "\(error?.message ?? "")")
            #expect(try await storageB.schemaVersion() == 1)
            #expect(try await storageB.read { try $0.serviceState(service: "B", key: "k") } == [:])
            #expect(try await storageB.read { try $0.serviceState(service: "A", key: "k") } == ["by": [1]])
        }
    }

    /// Sets up the collision on a fresh `SERIALIZABLE` database and hands `check` storage B, its
    /// write and B's statistics from before that write: storage A's write has locked the registry
    /// version and set version 1, B's write waits for that lock, then A commits. Each write sets
    /// the version after the one it reads and stores state under its own service name.
    static func withCollision(
        optionsB: PostgresStorage.Options,
        _ check: (PostgresStorage, Task<UInt64, any Error>, StorageStatistics) async throws -> Void
    ) async throws {
        try await TestDatabase.with("writeconflict") { url in
            try await TestDatabase.administer(#"ALTER DATABASE "\#(url.database)" SET default_transaction_isolation = 'serializable'"#)
            let storageA = try await PostgresStorage(url: url)
            let storageB = try await PostgresStorage(url: url, options: optionsB)
            let held = HeldWrite()
            let writeA = Task {
                try await storageA.write { writer in
                    let version = try writer.schemaVersion() + 1
                    try writer.setSchemaVersion(version)
                    try writer.setServiceState(service: "A", key: "k", state: ["by": [1]])
                    held.hold()
                    return version
                }
            }
            do {
                try await held.waitUntilInside()
                let before = storageB.statistics
                let writeB = Task {
                    try await storageB.write { writer in
                        let version = try writer.schemaVersion() + 1
                        try writer.setSchemaVersion(version)
                        try writer.setServiceState(service: "B", key: "k", state: ["by": [2]])
                        return version
                    }
                }
                try await BoundedWait.until(.seconds(10), "storage B's write to wait for the registry version's lock") {
                    try await TestDatabase.values(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = '\(url.database)' AND wait_event_type = 'Lock'", as: Int64.self
                    ) == [1]
                }
                held.release()
                #expect(try await writeA.value == 1)
                try await check(storageB, writeB, before)
            } catch {
                held.release()
                _ = await writeA.result
                try? await storageA.close()
                try? await storageB.close()
                throw error
            }
            try await storageA.close()
            try await storageB.close()
        }
    }
}

/// A write body that stops inside its transaction until the test releases it: the body is
/// synchronous and runs on a blocking thread of the storage, so it may wait on a semaphore.
final class HeldWrite: Sendable {
    private let inside: AsyncStream<Void>
    private let entered: AsyncStream<Void>.Continuation
    private let released = DispatchSemaphore(value: 0)

    init() { (inside, entered) = AsyncStream.makeStream(of: Void.self) }

    /// Called by the body: says it is inside, then waits for ``release()`` (30 s at most, so a
    /// failed test cannot leave it waiting forever).
    func hold() {
        entered.yield()
        _ = released.wait(timeout: .now() + 30)
    }

    /// Waits (10 s at most) until the body is inside.
    func waitUntilInside() async throws {
        let inside = inside
        try await BoundedWait.within(.seconds(10), "the held write to be inside its transaction") {
            for await _ in inside { return }
        }
    }

    /// Lets the body return.
    func release() { released.signal() }
}
