import Synchronization

/// Group commit for a durable backend's writer, over an engine's primitives
/// (``GroupCommitEngine``).
///
/// The writes that queue up while one transaction is being committed run together in the next
/// one, each in its own step (a savepoint, a nested transaction), and one commit (one sync of the
/// disk) makes them all durable. The promises of ``Storage/write(_:)`` hold for every write:
/// - the writes run one at a time, in arrival order, and each sees the ones kept before it;
/// - a write whose body throws is undone alone; the others still commit;
/// - when a step cannot begin or end, or the engine abandons the shared transaction, the
///   transaction is given up: that write fails, and the writes that had succeeded in it run again
///   in a new one (bodies are pure, per ``Storage``);
/// - when the store runs out of space, it grows and the whole batch runs again; when it cannot
///   grow, the writes run one per transaction, so only the writes that do not fit fail;
/// - no caller resumes before the commit that made its write durable has returned, and the callers
///   whose writes failed are answered once the batch is settled.
public final class GroupCommit<Engine: GroupCommitEngine>: Sendable {
    /// The most writes one transaction takes, to bound the latency of the first of them.
    public static var maximumBatch: Int { 64 }

    private let queue: DedicatedQueue
    private let engine: Engine
    private let pending = Mutex<(writes: [any PendingWrite], draining: Bool, refusal: AdminError?)>(([], false, nil))
    /// Set on the writer queue by ``close(_:)``: batches that still arrive fail with the refusal.
    private let closed = Mutex(false)
    private let metrics: CommitMetrics

    /// Creates a group commit that runs its batches on `queue`, the backend's writer queue.
    package init(queue: DedicatedQueue, engine: Engine, metrics: AdminMetrics, backend: String) {
        self.queue = queue
        self.engine = engine
        self.metrics = CommitMetrics(metrics, backend: backend)
    }

    /// Creates a group commit with a writer queue of its own.
    /// - Parameters:
    ///   - label: the writer queue's label.
    ///   - engine: the engine's primitives.
    ///   - metrics: where each commit's duration and group size are recorded
    ///     (``AdminMetrics/commitDuration``, ``AdminMetrics/commitGroupSize``).
    ///   - backend: the `backend` dimension of those metrics (e.g. `sqlite`).
    public convenience init(label: String, engine: Engine, metrics: AdminMetrics = AdminMetrics(), backend: String = "custom") {
        self.init(queue: DedicatedQueue(label: label), engine: engine, metrics: metrics, backend: backend)
    }

    /// How many writes wait for the next transaction (for tests).
    public var waiting: Int { pending.withLock { $0.writes.count } }

    /// Runs `body` in the next transaction and returns its result once that transaction committed.
    /// - Throws: what `body` threw, or the engine's error when the write could not be made durable.
    public func submit<T: Sendable>(_ body: @Sendable (any StorageWriter) throws -> T) async throws -> T {
        try await withoutActuallyEscaping(body) { body in
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                enqueue(QueuedWrite(body: body, continuation: continuation))
            }
        }
    }

    /// Refuses the writes submitted from now on with `error` (the writes already submitted still
    /// run): the first step of closing a store.
    /// - Returns: `false` when writes were already refused (so a store closes once).
    public func refuseNewWrites(with error: AdminError) -> Bool {
        pending.withLock { state in
            defer { state.refusal = state.refusal ?? error }
            return state.refusal == nil
        }
    }

    /// Whether ``refuseNewWrites(with:)`` was called: the store is closing or closed.
    public var refusesWrites: Bool { pending.withLock { $0.refusal != nil } }

    /// Closes the engine: runs `work` (which releases it) on the writer queue after every write
    /// submitted before ``refuseNewWrites(with:)``, and fails any batch that reaches the queue
    /// later with that refusal instead of handing it to the engine.
    public func close(_ work: @escaping @Sendable () throws -> Void) async throws {
        try await queue.run {
            self.closed.withLock { $0 = true }
            try work()
        }
    }

    /// Runs `work` on the writer queue, between batches (for integrity checks and other work on the
    /// writer's connection).
    public func exclusive<T: Sendable>(_ work: @Sendable () throws -> T) async throws -> T {
        try await queue.run(work)
    }

    private func enqueue(_ write: any PendingWrite) {
        let (startDrain, refusal) = pending.withLock { state -> (Bool, AdminError?) in
            if let refusal = state.refusal { return (false, refusal) }
            state.writes.append(write)
            defer { state.draining = true }
            return (!state.draining, nil)
        }
        if let refusal { write.complete(overridingWith: refusal) }
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
            run(batch)
        }
    }

    /// How one attempt at a batch ended.
    private enum Attempt {
        /// Every write ran; the kept ones can commit.
        case settled
        /// The transaction cannot go on; the writes still in the batch run again.
        case givenUp
        /// The store is full; it grows and the writes still in the batch run again.
        case outOfSpace
    }

    /// Runs one batch to its end and answers every write in it.
    private func run(_ batch: [any PendingWrite]) {
        if closed.withLock({ $0 }) {
            let refusal = pending.withLock { $0.refusal } ?? AdminError(.storage, "the storage is closed")
            for write in batch { write.complete(overridingWith: refusal) }
            return
        }
        var remaining = batch[...]
        // Failed writes are answered last, once the batch is settled.
        var failed: [(write: any PendingWrite, error: (any Error)?)] = []
        defer { for (write, error) in failed { write.complete(overridingWith: error) } }
        while !remaining.isEmpty {
            let start = ContinuousClock.now
            let transaction: Engine.Transaction
            do {
                transaction = try engine.beginTransaction()
            } catch {
                failed += remaining.map { ($0, error) }
                return
            }
            var kept: [any PendingWrite] = []
            // Writes whose body threw in this attempt: final, unless the attempt runs again whole.
            var threw: [any PendingWrite] = []
            var attempt = Attempt.settled
            for (offset, write) in zip(remaining.indices, remaining) {
                let ok: Bool
                do {
                    let step = try engine.beginStep(in: transaction)
                    ok = write.run(engine.writer(for: step, in: transaction))
                    try engine.endStep(step, in: transaction, keeping: ok && !engine.isOutOfSpace(transaction))
                } catch {
                    if engine.isOutOfSpace(transaction) {
                        attempt = .outOfSpace
                        break
                    }
                    // The step's changes may be in the transaction: give it up, drop this write.
                    failed += threw.map { ($0, nil) } + [(write, error)]
                    remaining = (kept + remaining[(offset + 1)...])[...]
                    attempt = .givenUp
                    break
                }
                if engine.isOutOfSpace(transaction) {
                    attempt = .outOfSpace
                    break
                }
                if ok {
                    kept.append(write)
                    continue
                }
                threw.append(write)
                if engine.isLost(transaction) {
                    failed += threw.map { ($0, nil) }
                    remaining = (kept + remaining[(offset + 1)...])[...]
                    attempt = .givenUp
                    break
                }
            }
            var failure: (any Error)?
            if case .settled = attempt {
                do { try engine.commit(transaction) } catch {
                    if engine.isOutOfSpace(transaction) { attempt = .outOfSpace } else { failure = error }
                }
            }
            engine.close(transaction)
            switch attempt {
            case .givenUp:
                continue
            case .outOfSpace:
                do {
                    try engine.grow()
                    continue
                } catch {
                    guard remaining.count > 1 else {
                        failed += remaining.map { ($0, error) }
                        return
                    }
                    // One write per transaction, so only those that do not fit fail.
                    for write in remaining { run([write]) }
                    return
                }
            case .settled:
                if failure == nil, !kept.isEmpty {
                    metrics.duration.record(duration: ContinuousClock.now - start)
                    metrics.groupSize.record(kept.count)
                }
                failed += threw.map { ($0, nil) }
                for write in kept { write.complete(overridingWith: failure) }
                return
            }
        }
    }
}

/// One queued write, its result type erased. Used only on the writer queue.
protocol PendingWrite: AnyObject, Sendable {
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
