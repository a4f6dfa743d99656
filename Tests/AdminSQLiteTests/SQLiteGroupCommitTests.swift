import AdminCore
import AdminStorageTestKit
import Dispatch
import Foundation
import Testing
@testable import AdminSQLite

/// Writes that queue up behind a transaction share the next commit, each in its own savepoint.
@Suite("SQLiteStorage group commit")
struct SQLiteGroupCommitTests {
    struct Refused: Error {}

    /// Holds the writer inside a transaction, queues `count` writes behind it (write `i` sets the
    /// state of key `k<i>`, and throws after that when `i` is in `throwing`; when `i` is in
    /// `abandoning` it first ends the whole transaction, as SQLite does on some I/O errors),
    /// releases the writer, and returns each write's outcome and the number of transactions the
    /// queued writes took.
    private func queueBehindHeldWrite(
        _ storage: SQLiteStorage, count: Int, throwing: Set<Int> = [], abandoning: Set<Int> = []
    ) async throws -> (outcomes: [Int: Bool], transactions: Int) {
        let held = DispatchSemaphore(value: 0)
        let inside = DispatchSemaphore(value: 0)
        async let holder: Void = storage.write { tx in
            try tx.setServiceState(service: "Group", key: "holder", state: ["v": [1]])
            inside.signal()
            held.wait()
        }
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                inside.wait()
                continuation.resume()
            }
        }
        let before = storage.statistics.transactions
        let outcomes = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
            for i in 0..<count {
                group.addTask {
                    do {
                        try await storage.write { tx in
                            try tx.setServiceState(service: "Group", key: "k\(i)", state: ["v": Array("\(i)".utf8)])
                            if abandoning.contains(i) {
                                try (tx as? SQLiteWriteTransaction)?.connection.execute("ROLLBACK", operation: "test")
                                throw Refused()
                            }
                            if throwing.contains(i) { throw Refused() }
                        }
                        return (i, true)
                    } catch is Refused {
                        return (i, false)
                    }
                }
            }
            while storage.waitingWrites < count { try await Task.sleep(for: .milliseconds(1)) }
            held.signal()
            var outcomes: [Int: Bool] = [:]
            for try await (i, ok) in group { outcomes[i] = ok }
            return outcomes
        }
        try await holder
        return (outcomes, storage.statistics.transactions - before - 1)
    }

    @Test("Writes queued behind a transaction commit together, once")
    func queuedWritesShareOneCommit() async throws {
        try await TemporaryDirectory.with(prefix: "admin-sqlite") { directory in
            let path = directory.appending(path: "admin.sqlite")
            let storage = try SQLiteStorage(path: path)
            let (outcomes, transactions) = try await queueBehindHeldWrite(storage, count: 12)
            #expect(outcomes.values.allSatisfy { $0 } && outcomes.count == 12)
            #expect(transactions == 1, "the 12 queued writes took \(transactions) transactions")
            try await storage.close()
            let reopened = try SQLiteStorage(path: path)
            for i in 0..<12 {
                #expect(try await reopened.read { try $0.serviceState(service: "Group", key: "k\(i)") } == ["v": Array("\(i)".utf8)])
            }
            try await reopened.close()
        }
    }

    @Test("A write that throws inside a shared commit leaves no trace; the others commit")
    func throwingWriteRollsBackAlone() async throws {
        try await TemporaryDirectory.with(prefix: "admin-sqlite") { directory in
            let storage = try SQLiteStorage(path: directory.appending(path: "admin.sqlite"))
            let throwing: Set<Int> = [0, 4, 9]
            let (outcomes, transactions) = try await queueBehindHeldWrite(storage, count: 10, throwing: throwing)
            #expect(transactions == 1)
            for i in 0..<10 {
                #expect(outcomes[i] == !throwing.contains(i), "write \(i)")
                let state = try await storage.read { try $0.serviceState(service: "Group", key: "k\(i)") }
                #expect(state == (throwing.contains(i) ? [:] : ["v": Array("\(i)".utf8)]), "write \(i)")
            }
            try await storage.checkIntegrity()
            try await storage.close()
        }
    }

    @Test("When a failure ends the shared transaction, the writes before it run again and commit")
    func abandonedTransactionReRunsEarlierWrites() async throws {
        try await TemporaryDirectory.with(prefix: "admin-sqlite") { directory in
            let storage = try SQLiteStorage(path: directory.appending(path: "admin.sqlite"))
            let abandoning: Set<Int> = [3, 7]
            let (outcomes, transactions) = try await queueBehindHeldWrite(storage, count: 10, abandoning: abandoning)
            #expect(transactions == 3, "two abandoned transactions, then the one that commits")
            for i in 0..<10 {
                #expect(outcomes[i] == !abandoning.contains(i), "write \(i)")
                let state = try await storage.read { try $0.serviceState(service: "Group", key: "k\(i)") }
                #expect(state == (abandoning.contains(i) ? [:] : ["v": Array("\(i)".utf8)]), "write \(i)")
            }
            try await storage.checkIntegrity()
            try await storage.close()
        }
    }

    @Test("Queued writes run in arrival order, each seeing the ones before it")
    func queuedWritesSeeEachOther() async throws {
        try await TemporaryDirectory.with(prefix: "admin-sqlite") { directory in
            let storage = try SQLiteStorage(path: directory.appending(path: "admin.sqlite"))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<40 {
                    group.addTask { try await storage.write { tx in try tx.setSchemaVersion(try tx.schemaVersion() + 1) } }
                }
                try await group.waitForAll()
            }
            #expect(try await storage.schemaVersion() == 40)
            try await storage.close()
        }
    }
}
