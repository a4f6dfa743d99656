import AdminCore

/// LMDB's primitives for ``GroupCommit``: a shared transaction is one write transaction, and each
/// write's step is a transaction nested in it. When a write fills the map, the map grows (up to
/// the configured maximum) and the batch runs again.
///
/// Used only on the storage's writer queue (LMDB write transactions are bound to one thread, and
/// each attempt runs within one call on that queue).
final class LMDBCommitEngine: GroupCommitEngine, @unchecked Sendable {
    private let environment: LMDBEnvironment
    private let keys: LMDBKeys
    private let changeLogRetention: Int
    private let grower: @Sendable () throws -> Void
    private let collect: @Sendable (StorageStatistics) -> Void

    /// - Parameters:
    ///   - environment: the open environment.
    ///   - keys: the key layout.
    ///   - changeLogRetention: how many versions the change log keeps.
    ///   - grow: grows the map, or throws at its maximum.
    ///   - collect: receives the counters of each transaction when it ends.
    init(
        environment: LMDBEnvironment, keys: LMDBKeys, changeLogRetention: Int, grow: @escaping @Sendable () throws -> Void,
        collect: @escaping @Sendable (StorageStatistics) -> Void
    ) {
        self.environment = environment
        self.keys = keys
        self.changeLogRetention = changeLogRetention
        self.grower = grow
        self.collect = collect
    }

    func beginTransaction() throws -> LMDBTransaction {
        try environment.begin(readOnly: false)
    }

    func beginStep(in transaction: LMDBTransaction) throws -> LMDBTransaction {
        try environment.beginNested(in: transaction)
    }

    func writer(for step: LMDBTransaction, in transaction: LMDBTransaction) -> any StorageWriter {
        LMDBWriteTransaction(txn: step, file: environment.dataFile, keys: keys, changeLogRetention: changeLogRetention)
    }

    func endStep(_ step: LMDBTransaction, in transaction: LMDBTransaction, keeping: Bool) throws {
        defer {
            transaction.counters += step.counters
            if step.hitMapFull { transaction.noteMapFull() }
        }
        if keeping, !step.hitMapFull {
            try step.commit()
        } else {
            step.abort()
        }
    }

    func isOutOfSpace(_ transaction: LMDBTransaction) -> Bool { transaction.hitMapFull }

    func grow() throws { try grower() }

    func commit(_ transaction: LMDBTransaction) throws {
        try transaction.commit()
    }

    func close(_ transaction: LMDBTransaction) {
        transaction.abort()
        var counters = transaction.counters
        counters.transactions = 1
        collect(counters)
    }
}
