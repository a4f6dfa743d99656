/// Counters a durable backend keeps about the work its transactions did: what they read and wrote,
/// counted in the backend's own unit (SQLite rows, LMDB keys). Tests use them to prove that the
/// cost of one registration does not grow with the size of the registry.
public struct StorageStatistics: Hashable, Sendable, CustomStringConvertible {
    /// Transactions run (reads and writes).
    public var transactions: Int
    /// Records (rows or keys) the transactions read.
    public var recordsRead: Int
    /// Records (rows or keys) the transactions inserted, replaced or deleted.
    public var recordsWritten: Int
    /// Low-level engine steps (SQLite virtual-machine steps; LMDB key and cursor operations).
    public var engineSteps: Int
    /// Steps spent scanning whole tables (SQLite full-scan steps); 0 when every lookup used a key.
    public var fullScanSteps: Int

    /// Creates a set of counters (all zero by default).
    public init(transactions: Int = 0, recordsRead: Int = 0, recordsWritten: Int = 0, engineSteps: Int = 0, fullScanSteps: Int = 0) {
        self.transactions = transactions
        self.recordsRead = recordsRead
        self.recordsWritten = recordsWritten
        self.engineSteps = engineSteps
        self.fullScanSteps = fullScanSteps
    }

    /// The counters accumulated since `earlier` was taken.
    public func since(_ earlier: StorageStatistics) -> StorageStatistics {
        StorageStatistics(
            transactions: transactions - earlier.transactions,
            recordsRead: recordsRead - earlier.recordsRead,
            recordsWritten: recordsWritten - earlier.recordsWritten,
            engineSteps: engineSteps - earlier.engineSteps,
            fullScanSteps: fullScanSteps - earlier.fullScanSteps
        )
    }

    /// Adds the counters of `rhs` to `lhs`.
    public static func += (lhs: inout StorageStatistics, rhs: StorageStatistics) {
        lhs.transactions += rhs.transactions
        lhs.recordsRead += rhs.recordsRead
        lhs.recordsWritten += rhs.recordsWritten
        lhs.engineSteps += rhs.engineSteps
        lhs.fullScanSteps += rhs.fullScanSteps
    }

    /// `transactions=… read=… written=… steps=… fullScan=…`.
    public var description: String {
        "transactions=\(transactions) read=\(recordsRead) written=\(recordsWritten) steps=\(engineSteps) fullScan=\(fullScanSteps)"
    }
}

/// A backend that counts its work (see ``StorageStatistics``).
public protocol StorageStatisticsReporting: Storage {
    /// The counters accumulated since the storage was opened.
    var statistics: StorageStatistics { get }
}
