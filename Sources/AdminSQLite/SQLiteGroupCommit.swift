import AdminCore
import Synchronization

/// Group commit for the writer connection: the writes that queue up while one transaction is
/// being committed are run together in the next transaction, each inside its own savepoint, and
/// share one `COMMIT` (one sync of the WAL with `synchronous = FULL`).
///
/// Every write keeps the ``Storage`` contract: the writes run one at a time, in arrival order,
/// each sees the ones before it; a body that throws rolls back to its savepoint and leaves no
/// trace; and no caller resumes before the `COMMIT` that made its write durable has returned.
/// When an error makes SQLite abandon the whole transaction, the bodies that had succeeded in it
/// run again in a new one (bodies are pure and may be retried, per ``Storage``).
final class SQLiteGroupCommit: Sendable {
    /// The most writes one transaction takes, to bound the latency of the first of them.
    static let maximumBatch = 64

    private let queue: DedicatedQueue
    private let pending = Mutex<(writes: [any SQLitePendingWrite], draining: Bool)>(([], false))
    private let execute: @Sendable ([any SQLitePendingWrite]) -> Void

    /// - Parameters:
    ///   - queue: the writer queue; batches run on it.
    ///   - execute: runs one batch (on `queue`) and completes every write in it.
    init(queue: DedicatedQueue, execute: @escaping @Sendable ([any SQLitePendingWrite]) -> Void) {
        self.queue = queue
        self.execute = execute
    }

    /// How many writes wait for the next transaction (for tests).
    var waiting: Int { pending.withLock { $0.writes.count } }

    /// Runs `body` in the next transaction and returns its result once that transaction committed.
    func submit<T: Sendable>(_ body: @Sendable (any StorageWriter) throws -> T) async throws -> T {
        try await withoutActuallyEscaping(body) { body in
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                enqueue(SQLiteWrite(body: body, continuation: continuation))
            }
        }
    }

    private func enqueue(_ write: any SQLitePendingWrite) {
        let startDrain = pending.withLock { state in
            state.writes.append(write)
            defer { state.draining = true }
            return !state.draining
        }
        if startDrain { queue.async { self.drain() } }
    }

    /// Runs batches until no write is waiting.
    private func drain() {
        while true {
            let batch = pending.withLock { state -> [any SQLitePendingWrite] in
                let batch = Array(state.writes.prefix(Self.maximumBatch))
                state.writes.removeFirst(batch.count)
                if batch.isEmpty { state.draining = false }
                return batch
            }
            if batch.isEmpty { return }
            execute(batch)
        }
    }
}

/// One queued write, its result type erased.
protocol SQLitePendingWrite: AnyObject, Sendable {
    /// Runs the body against `writer`; `false` when it threw (the error is kept).
    func run(_ writer: any StorageWriter) -> Bool
    /// Resumes the caller: with the body's own outcome, or with `error` when the transaction that
    /// held a successful body failed to commit.
    func complete(overridingWith error: (any Error)?)
}

/// A queued write returning `T`.
private final class SQLiteWrite<T: Sendable>: SQLitePendingWrite, @unchecked Sendable {
    // Touched only on the writer queue; dropped before the caller resumes, so
    // `withoutActuallyEscaping` sees the body released in time.
    private var body: (@Sendable (any StorageWriter) throws -> T)?
    private var outcome: Result<T, any Error>?
    private let continuation: CheckedContinuation<T, any Error>

    init(body: @escaping @Sendable (any StorageWriter) throws -> T, continuation: CheckedContinuation<T, any Error>) {
        self.body = body
        self.continuation = continuation
    }

    func run(_ writer: any StorageWriter) -> Bool {
        guard let body else {
            outcome = .failure(CancellationError())
            return false
        }
        outcome = Result { try body(writer) }
        if case .success = outcome { return true }
        return false
    }

    func complete(overridingWith error: (any Error)?) {
        body = nil
        let result = error.map { Result<T, any Error>.failure($0) } ?? outcome ?? .failure(CancellationError())
        continuation.resume(with: result)
    }
}
