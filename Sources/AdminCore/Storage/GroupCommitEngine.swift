/// The primitives a durable engine supplies so that ``GroupCommit`` can run many writes in one
/// transaction and make them durable with one commit.
///
/// ``GroupCommit`` owns the algorithm (which writes share a transaction, which roll back alone,
/// when each caller is answered); an engine only begins and ends things. Every method is called on
/// the group commit's serial writer queue, one at a time, so an engine needs no locking of its own
/// for the state these methods touch.
///
/// One attempt is: ``beginTransaction()``, then for each write ``beginStep(in:)``,
/// ``writer(for:in:)`` (the write's body runs against it) and ``endStep(_:in:keeping:)``, then
/// ``commit(_:)`` unless the attempt was given up, and always ``close(_:)`` last.
///
/// SQLite's engine makes each step a savepoint; LMDB's makes it a nested transaction. A
/// third-party backend that implements these methods gets group commit with the same promises.
public protocol GroupCommitEngine: AnyObject, Sendable {
    /// One shared write transaction.
    associatedtype Transaction
    /// One write's part of a shared transaction (a savepoint, a nested transaction).
    associatedtype Step

    /// Begins a shared write transaction.
    /// - Throws: when none can begin (for example, the store is closed); every write waiting for
    ///   it fails with that error.
    func beginTransaction() throws -> Transaction

    /// Begins one write's step inside `transaction`. A step sees the steps kept before it.
    /// - Throws: when it cannot begin; the transaction is then given up (see ``GroupCommit``).
    func beginStep(in transaction: Transaction) throws -> Step

    /// The writer that a write's body uses inside `step`.
    func writer(for step: Step, in transaction: Transaction) -> any StorageWriter

    /// Ends `step`: keeps its changes in `transaction` (`keeping`), or undoes them alone.
    /// - Throws: when the step cannot be ended; its changes may then still be in `transaction`,
    ///   so the transaction is given up.
    func endStep(_ step: Step, in transaction: Transaction, keeping: Bool) throws

    /// Whether the engine has abandoned `transaction` by itself (SQLite rolls a transaction back
    /// on some errors). Checked after a write's body throws. The default is `false`.
    func isLost(_ transaction: Transaction) -> Bool

    /// Whether `transaction` ran out of space (LMDB's map is full). The attempt is then dropped,
    /// the store grows (``grow()``) and the writes run again. The default is `false`.
    func isOutOfSpace(_ transaction: Transaction) -> Bool

    /// Makes room after ``isOutOfSpace(_:)``; no transaction is open while it runs.
    /// - Throws: when the store cannot grow (it is at its configured maximum). The default throws.
    func grow() throws

    /// Commits `transaction`: every kept step is durable when this returns.
    func commit(_ transaction: Transaction) throws

    /// Ends `transaction`: rolls back whatever was not committed, and releases it. Called exactly
    /// once for every transaction begun, after ``commit(_:)`` or instead of it.
    func close(_ transaction: Transaction)
}

extension GroupCommitEngine {
    /// An engine that never abandons a transaction by itself.
    public func isLost(_ transaction: Transaction) -> Bool { false }

    /// An engine that never runs out of space.
    public func isOutOfSpace(_ transaction: Transaction) -> Bool { false }

    /// An engine that cannot grow.
    public func grow() throws {
        throw AdminError(.storage, "the storage is full and cannot grow")
    }
}
