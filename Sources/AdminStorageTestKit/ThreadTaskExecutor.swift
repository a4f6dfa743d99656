import Dispatch

/// Runs a task's jobs on a serial dispatch queue of its own, outside Swift's cooperative pool.
///
/// ``OpenWriteProbe`` holds a write open by blocking the thread its body runs on, which for
/// in-memory backends is a cooperative thread; its read must not depend on another cooperative
/// thread being free (with two cores and tests running in parallel, none may be).
final class ThreadTaskExecutor: TaskExecutor, @unchecked Sendable {
    private let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
