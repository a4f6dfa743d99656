import AdminCore
import AdminStorageTestKit
import Foundation
import Testing

@testable import AdminLMDB

/// Writes that queue up behind a transaction share the next commit, each in a nested transaction.
@Suite("LMDBStorage group commit")
struct LMDBGroupCommitTests {
    @Test("The nested-transaction primitives keep, discard, commit and roll back as group commit expects")
    func primitives() async throws {
        try await TemporaryDirectory.with(prefix: "admin-lmdb") { directory in
            let storage = try LMDBStorage(directory: directory)
            #expect(try GroupCommitPrimitives.problems(of: storage.commitEngine) == [])
            try await storage.checkIntegrity()
            try await storage.close()
        }
    }

    @Test("Writes queued behind a transaction commit together, once, and survive reopening")
    func queuedWritesShareOneCommit() async throws {
        try await TemporaryDirectory.with(prefix: "admin-lmdb") { directory in
            let storage = try LMDBStorage(directory: directory)
            let outcome = try await GroupCommitTrial.run(storage, waiting: { storage.waitingWrites }, count: 12)
            #expect(try await GroupCommitTrial.mismatches(in: storage, outcome: outcome, count: 12, failing: []) == [])
            #expect(outcome.transactions == 1, "the 12 queued writes took \(outcome.transactions) transactions")
            try await storage.close()
            let reopened = try LMDBStorage(directory: directory)
            #expect(try await GroupCommitTrial.mismatches(in: reopened, outcome: outcome, count: 12, failing: []) == [])
            try await reopened.checkIntegrity()
            try await reopened.close()
        }
    }

    @Test("A write that throws inside a shared commit leaves no trace; the others commit")
    func throwingWriteRollsBackAlone() async throws {
        try await TemporaryDirectory.with(prefix: "admin-lmdb") { directory in
            let storage = try LMDBStorage(directory: directory)
            let throwing: Set<Int> = [0, 4, 9]
            let outcome = try await GroupCommitTrial.run(storage, waiting: { storage.waitingWrites }, count: 10, throwing: throwing)
            #expect(outcome.transactions == 1)
            #expect(try await GroupCommitTrial.mismatches(in: storage, outcome: outcome, count: 10, failing: throwing) == [])
            try await storage.checkIntegrity()
            try await storage.close()
        }
    }

    @Test("A shared commit that fills the map grows it and runs every queued write again")
    func mapFullDuringSharedCommit() async throws {
        try await TemporaryDirectory.with(prefix: "admin-lmdb") { directory in
            let storage = try LMDBStorage(directory: directory, options: .init(initialMapSize: 64 << 10, maximumMapSize: 64 << 20))
            let initial = storage.mapSize
            let big = Array(repeating: UInt8(7), count: 16 << 10)
            let outcome = try await GroupCommitTrial.run(
                storage, waiting: { storage.waitingWrites }, count: 8, abandoning: [5],
                abandon: { tx in
                    for n in 0..<8 { try tx.setServiceState(service: "Big", key: "b\(n)", state: ["v": big]) }
                }
            )
            #expect(storage.mapSize > initial)
            #expect(outcome.transactions >= 2, "the batch that filled the map, then the one that committed")
            #expect(try await GroupCommitTrial.mismatches(in: storage, outcome: outcome, count: 8, failing: [5]) == [])
            #expect(try await storage.read { try $0.serviceState(service: "Big", key: "b0") }.isEmpty)
            try await storage.checkIntegrity()
            try await storage.close()
        }
    }

    @Test("At the map's maximum, only the queued write that does not fit fails")
    func mapFullAtMaximumFailsOnlyTheWriteThatDoesNotFit() async throws {
        try await TemporaryDirectory.with(prefix: "admin-lmdb") { directory in
            let storage = try LMDBStorage(directory: directory, options: .init(initialMapSize: 64 << 10, maximumMapSize: 256 << 10))
            let huge = Array(repeating: UInt8(7), count: 512 << 10)
            let outcome = try await GroupCommitTrial.run(
                storage, waiting: { storage.waitingWrites }, count: 8, abandoning: [5],
                abandon: { tx in try tx.setServiceState(service: "Big", key: "huge", state: ["v": huge]) }
            )
            #expect(try await GroupCommitTrial.mismatches(in: storage, outcome: outcome, count: 8, failing: [5]) == [])
            #expect(outcome.errors.keys.sorted() == [5])
            #expect(outcome.errors[5]?.contains("maximum") == true, "\(outcome.errors)")
            #expect(try await storage.read { try $0.serviceState(service: "Big", key: "huge") }.isEmpty)
            try await storage.checkIntegrity()
            try await storage.close()
        }
    }
}
