import AdminCore

/// SQLite's primitives for ``GroupCommit``: a shared transaction is `BEGIN IMMEDIATE … COMMIT` on
/// the writer connection, and each write's step is a savepoint inside it.
///
/// Used only on the storage's writer queue.
final class SQLiteCommitEngine: GroupCommitEngine, @unchecked Sendable {
    private let connection: SQLiteConnection
    private let changeLogRetention: Int
    private let collect: @Sendable (StorageStatistics) -> Void

    /// - Parameters:
    ///   - connection: the writer connection.
    ///   - changeLogRetention: how many versions the change log keeps.
    ///   - collect: receives the counters of each transaction when it ends.
    init(
        connection: SQLiteConnection, changeLogRetention: Int, collect: @escaping @Sendable (StorageStatistics) -> Void
    ) {
        self.connection = connection
        self.changeLogRetention = changeLogRetention
        self.collect = collect
    }

    func beginTransaction() throws -> SQLiteConnection {
        do {
            try connection.execute("BEGIN IMMEDIATE", operation: "begin write")
        } catch {
            collectCounters()
            throw error
        }
        return connection
    }

    func beginStep(in transaction: SQLiteConnection) throws {
        try transaction.execute("SAVEPOINT admin_write", operation: "begin write")
    }

    func writer(for step: Void, in transaction: SQLiteConnection) -> any StorageWriter {
        SQLiteWriteTransaction(connection: transaction, changeLogRetention: changeLogRetention)
    }

    func endStep(_ step: Void, in transaction: SQLiteConnection, keeping: Bool) throws {
        if keeping {
            try transaction.execute("RELEASE admin_write", operation: "end write")
        } else if !transaction.isAutocommit {
            try transaction.execute("ROLLBACK TO admin_write; RELEASE admin_write", operation: "roll back write")
        }
    }

    /// SQLite rolls the whole transaction back on some errors (a full disk, an I/O error).
    func isLost(_ transaction: SQLiteConnection) -> Bool { transaction.isAutocommit }

    func commit(_ transaction: SQLiteConnection) throws {
        try transaction.execute("COMMIT", operation: "commit")
    }

    func close(_ transaction: SQLiteConnection) {
        if !transaction.isAutocommit { try? transaction.execute("ROLLBACK", operation: "roll back") }
        collectCounters()
    }

    private func collectCounters() {
        var counters = connection.counters
        connection.counters = StorageStatistics()
        counters.transactions += 1
        collect(counters)
    }
}
