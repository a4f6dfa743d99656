import NIOPosix

/// The threads on which ``PostgresStorage`` runs its transactions: each blocks on its
/// connection's answers (see ``PostgresSession``), so they are kept off the Swift cooperative pool
/// and off the event loops.
final class BlockingPool: Sendable {
    private let pool: NIOThreadPool

    init(threads: Int) {
        pool = NIOThreadPool(numberOfThreads: max(threads, 1))
        pool.start()
    }

    /// Runs `work` on a thread of the pool and returns its result to the awaiting task.
    func run<T: Sendable>(_ work: @Sendable () throws -> T) async throws -> T {
        try await withoutActuallyEscaping(work) { escapable in
            // The pool retains `box`, never the closure: it is dropped before the result returns,
            // so `withoutActuallyEscaping` finds it released.
            let box = Job(escapable)
            defer { box.discard() }
            return try await pool.runIfActive { try box.run() }
        }
    }

    /// Stops the threads once the work already queued is done.
    func shutdown() async {
        try? await pool.shutdownGracefully()
    }
}

/// Holds the caller's closure until a thread runs it once.
private final class Job<T>: @unchecked Sendable {
    // Set before the job is queued; read and cleared once, on the thread that runs it, or by
    // `discard()` after the awaiting task resumed (the two never overlap).
    private var work: (@Sendable () throws -> T)?

    init(_ work: @escaping @Sendable () throws -> T) { self.work = work }

    func run() throws -> T {
        guard let work else { throw CancellationError() }
        self.work = nil
        return try work()
    }

    func discard() { work = nil }
}
