import AdminCore
import AdminStorageTestKit
import Foundation
import Testing

@testable import AdminSQLite

/// Writes that queue up behind a transaction share the next commit, each in its own savepoint.
@Suite("SQLiteStorage group commit")
struct SQLiteGroupCommitTests {
    @Test("The savepoint primitives keep, discard, commit and roll back as group commit expects")
    func primitives() async throws {
        try await TemporaryDirectory.with(prefix: "admin-sqlite") { directory in
            let storage = try SQLiteStorage(path: directory.appending(path: "admin.sqlite"))
            #expect(try GroupCommitPrimitives.problems(of: storage.commitEngine) == [])
            try await storage.close()
        }
    }

    @Test("Writes queued behind a transaction commit together, once, and survive reopening")
    func queuedWritesShareOneCommit() async throws {
        try await TemporaryDirectory.with(prefix: "admin-sqlite") { directory in
            let path = directory.appending(path: "admin.sqlite")
            let storage = try SQLiteStorage(path: path)
            let outcome = try await GroupCommitTrial.run(storage, waiting: { storage.waitingWrites }, count: 12)
            #expect(try await GroupCommitTrial.mismatches(in: storage, outcome: outcome, count: 12, failing: []) == [])
            #expect(outcome.transactions == 1, "the 12 queued writes took \(outcome.transactions) transactions")
            try await storage.close()
            let reopened = try SQLiteStorage(path: path)
            #expect(try await GroupCommitTrial.mismatches(in: reopened, outcome: outcome, count: 12, failing: []) == [])
            try await reopened.close()
        }
    }

    @Test("A write that throws inside a shared commit leaves no trace; the others commit")
    func throwingWriteRollsBackAlone() async throws {
        try await TemporaryDirectory.with(prefix: "admin-sqlite") { directory in
            let storage = try SQLiteStorage(path: directory.appending(path: "admin.sqlite"))
            let throwing: Set<Int> = [0, 4, 9]
            let outcome = try await GroupCommitTrial.run(storage, waiting: { storage.waitingWrites }, count: 10, throwing: throwing)
            #expect(outcome.transactions == 1)
            #expect(try await GroupCommitTrial.mismatches(in: storage, outcome: outcome, count: 10, failing: throwing) == [])
            try await storage.checkIntegrity()
            try await storage.close()
        }
    }

    @Test("When a failure ends the shared transaction, the writes before it run again and commit")
    func abandonedTransactionReRunsEarlierWrites() async throws {
        try await TemporaryDirectory.with(prefix: "admin-sqlite") { directory in
            let storage = try SQLiteStorage(path: directory.appending(path: "admin.sqlite"))
            let abandoning: Set<Int> = [3, 7]
            let outcome = try await GroupCommitTrial.run(
                storage, waiting: { storage.waitingWrites }, count: 10, abandoning: abandoning,
                abandon: { tx in try (tx as? SQLiteWriteTransaction)?.connection.execute("ROLLBACK", operation: "test") }
            )
            #expect(outcome.transactions == 3, "two abandoned transactions, then the one that commits")
            #expect(try await GroupCommitTrial.mismatches(in: storage, outcome: outcome, count: 10, failing: abandoning) == [])
            try await storage.checkIntegrity()
            try await storage.close()
        }
    }

    @Test("A write whose savepoint cannot be ended leaves nothing behind; the others run again and commit")
    func savepointThatCannotEndAbandonsTheTransaction() async throws {
        try await TemporaryDirectory.with(prefix: "admin-sqlite") { directory in
            let storage = try SQLiteStorage(path: directory.appending(path: "admin.sqlite"))
            // Releasing the savepoint early makes the later `ROLLBACK TO` fail with the transaction
            // still open: the write's changes would otherwise reach the commit.
            let outcome = try await GroupCommitTrial.run(
                storage, waiting: { storage.waitingWrites }, count: 6, abandoning: [2],
                abandon: { tx in try (tx as? SQLiteWriteTransaction)?.connection.execute("RELEASE admin_write", operation: "test") }
            )
            #expect(outcome.transactions == 2, "the transaction given up, then the one that commits")
            #expect(try await GroupCommitTrial.mismatches(in: storage, outcome: outcome, count: 6, failing: [2]) == [])
            #expect(outcome.errors.keys.sorted() == [2], "the write is answered with the error that ended its savepoint")
            try await storage.checkIntegrity()
            try await storage.close()
        }
    }
}
