import Dispatch

/// A dispatch queue (serial unless asked otherwise) that runs blocking engine work off the Swift cooperative pool and
/// resumes the awaiting task when the work is done. Shared by the durable storage backends of this package.
package final class DedicatedQueue: Sendable {
    private let queue: DispatchQueue

    /// Creates the queue.
    package init(label: String, concurrent: Bool = false) {
        queue = DispatchQueue(label: label, qos: .userInitiated, attributes: concurrent ? .concurrent : [])
    }

    /// Runs `work` on the queue and returns its result to the awaiting task.
    package func run<T: Sendable>(_ work: @Sendable () throws -> T) async throws -> T {
        try await withoutActuallyEscaping(work) { escapable in
            // The queue retains `box`, never the closure itself: `take()` drops the closure before
            // the continuation resumes, so `withoutActuallyEscaping` sees it released in time.
            let box = WorkBox(escapable)
            return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                queue.async {
                    let result = box.run()
                    continuation.resume(with: result)
                }
            }
        }
    }

    /// Queues `work` and returns at once.
    package func async(_ work: @escaping @Sendable () -> Void) {
        queue.async(execute: work)
    }

    /// Runs `work` on the queue, blocking the caller (only for opening and closing).
    package func sync<T, E: Error>(_ work: () throws(E) -> T) throws(E) -> T {
        let result: Result<T, E> = queue.sync { Result { () throws(E) -> T in try work() } }
        return try result.get()
    }
}

/// Holds the caller's closure until the queue runs it once.
private final class WorkBox<T: Sendable>: @unchecked Sendable {
    // Set on the caller's thread before `queue.async`, read and cleared once on the queue.
    private var work: (@Sendable () throws -> T)?

    init(_ work: @escaping @Sendable () throws -> T) { self.work = work }

    func run() -> Result<T, any Error> {
        guard let work else { return .failure(CancellationError()) }
        self.work = nil
        return Result { try work() }
    }
}
