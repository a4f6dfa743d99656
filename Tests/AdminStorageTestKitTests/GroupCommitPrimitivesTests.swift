import AdminCore
import AdminStorageTestKit
import Synchronization
import Testing

/// ``GroupCommitPrimitives`` passes a sound engine and catches each deliberately broken one.
@Suite("GroupCommitPrimitives")
struct GroupCommitPrimitivesTests {
    @Test("A sound engine passes")
    func soundEnginePasses() throws {
        #expect(try GroupCommitPrimitives.problems(of: SnapshotCommitEngine(flaw: nil)) == [])
    }

    @Test("Each broken primitive is caught", arguments: SnapshotCommitEngine.Flaw.allCases)
    func brokenPrimitiveIsCaught(_ flaw: SnapshotCommitEngine.Flaw) throws {
        #expect(try GroupCommitPrimitives.problems(of: SnapshotCommitEngine(flaw: flaw)) != [])
    }
}

/// An engine over a value-type registry: a transaction is a working copy, a step is the copy
/// taken when it began. `flaw` breaks one primitive.
final class SnapshotCommitEngine: GroupCommitEngine, Sendable {
    enum Flaw: CaseIterable, Sendable {
        /// Discarding a step keeps its changes.
        case discardKeeps
        /// Closing an uncommitted transaction commits it.
        case closeCommits
        /// A commit is lost.
        case commitLost
        /// A step starts from the committed state, not from the steps kept before it.
        case stepsBlind
    }

    final class Transaction: Sendable {
        let working: Mutex<MemoryRegistry>
        let committed = Mutex(false)
        init(_ registry: MemoryRegistry) { working = Mutex(registry) }
    }

    private let flaw: Flaw?
    private let disk = FlawedMemoryStorage.Disk()

    init(flaw: Flaw?) { self.flaw = flaw }

    func beginTransaction() throws -> Transaction { Transaction(disk.registry.withLock { $0 }) }

    func beginStep(in transaction: Transaction) throws -> MemoryRegistry {
        if flaw == .stepsBlind { transaction.working.withLock { $0 = disk.registry.withLock { $0 } } }
        return transaction.working.withLock { $0 }
    }

    func writer(for step: MemoryRegistry, in transaction: Transaction) -> any StorageWriter {
        MemoryTransaction(retention: RegistryChange.defaultLogRetention, holder: TransactionHolder(transaction), flaw: .none, disk: disk)
    }

    func endStep(_ step: MemoryRegistry, in transaction: Transaction, keeping: Bool) throws {
        if !keeping, flaw != .discardKeeps { transaction.working.withLock { $0 = step } }
    }

    func commit(_ transaction: Transaction) throws {
        transaction.committed.withLock { $0 = true }
        if flaw == .commitLost { return }
        disk.registry.withLock { $0 = transaction.working.withLock { $0 } }
    }

    func close(_ transaction: Transaction) {
        if flaw == .closeCommits, !transaction.committed.withLock({ $0 }) {
            disk.registry.withLock { $0 = transaction.working.withLock { $0 } }
        }
    }
}

/// Reads and writes the working copy of a ``SnapshotCommitEngine`` transaction.
private final class TransactionHolder: RegistryHolder {
    let transaction: SnapshotCommitEngine.Transaction
    init(_ transaction: SnapshotCommitEngine.Transaction) { self.transaction = transaction }
    func get<T>(_ read: (MemoryRegistry) throws -> T) rethrows -> T {
        let copy = transaction.working.withLock { $0 }
        return try read(copy)
    }
    func change(_ update: @escaping (inout MemoryRegistry) -> Void) { transaction.working.withLock { update(&$0) } }
}
