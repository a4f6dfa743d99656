import Synchronization

/// Group commit for a durable backend's writer: the writes that queue up while one transaction
/// is being committed are handed together to the backend's `execute`, which runs them in one
/// transaction, each inside its own savepoint (SQLite) or nested transaction (LMDB), and makes
/// them durable with one commit (one sync of the disk).
///
/// The backend keeps the ``Storage`` contract for every write: the writes run one at a time, in
/// arrival order, each sees the ones before it; a body that throws leaves no trace; and no
/// caller resumes before the commit that made its write durable has returned. A backend may run
/// a body again (bodies are pure, per ``Storage``), for example when the engine abandoned the
/// shared transaction.
package final class GroupCommit: Sendable {
    /// The most writes one transaction takes, to bound the latency of the first of them.
    package static let maximumBatch = 64

    private let queue: DedicatedQueue
    private let pending = Mutex<(writes: [any PendingWrite], draining: Bool)>(([], false))
    private let execute: @Sendable ([any PendingWrite]) -> Void

    /// - Parameters:
    ///   - queue: the writer queue; batches run on it.
    ///   - execute: runs one batch (on `queue`) and completes every write in it.
    package init(queue: DedicatedQueue, execute: @escaping @Sendable ([any PendingWrite]) -> Void) {
        self.queue = queue
        self.execute = execute
    }

    /// How many writes wait for the next transaction (for tests).
    package var waiting: Int { pending.withLock { $0.writes.count } }

    /// Runs `body` in the next transaction and returns its result once that transaction committed.
    package func submit<T: Sendable>(_ body: @Sendable (any StorageWriter) throws -> T) async throws -> T {
        try await withoutActuallyEscaping(body) { body in
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                enqueue(QueuedWrite(body: body, continuation: continuation))
            }
        }
    }

    private func enqueue(_ write: any PendingWrite) {
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
            let batch = pending.withLock { state -> [any PendingWrite] in
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

/// One queued write, its result type erased. Used only on the writer queue.
package protocol PendingWrite: AnyObject, Sendable {
    /// Runs the body against `writer` (again, if it ran before); `false` when it threw (the
    /// error is kept for ``complete(overridingWith:)``).
    func run(_ writer: any StorageWriter) -> Bool
    /// Resumes the caller, once: with the body's last outcome, or with `error` (for example when
    /// the transaction that held a successful body failed to commit).
    func complete(overridingWith error: (any Error)?)
}

/// A queued write returning `T`.
private final class QueuedWrite<T: Sendable>: PendingWrite, @unchecked Sendable {
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
