import Synchronization

/// Waits with a limit, for the tests that wait for something another connection or task does:
/// past its limit a wait fails with ``TimedOut`` naming what it waited for, instead of hanging.
enum BoundedWait {
    /// A wait that reached its limit.
    struct TimedOut: Error, CustomStringConvertible {
        let what: String
        let limit: Duration
        var description: String { "timed out after \(limit) waiting for \(what)" }
    }

    /// Returns what `body` returns, or throws ``TimedOut`` (and cancels `body`) once `limit` passed.
    /// `body` runs in a task of its own, so one that ignores cancellation cannot hold up the test.
    static func within<T: Sendable>(_ limit: Duration, _ what: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let outcome = Outcome<T>()
        let work = Task {
            do { outcome.settle(.success(try await body())) } catch { outcome.settle(.failure(error)) }
        }
        let timer = Task {
            guard (try? await Task.sleep(for: limit)) != nil else { return }
            outcome.settle(.failure(TimedOut(what: what, limit: limit)))
        }
        defer {
            work.cancel()
            timer.cancel()
        }
        return try await outcome.value()
    }

    /// Returns once `condition` holds (checked every `interval`), or throws ``TimedOut`` once
    /// `limit` passed.
    static func until(
        _ limit: Duration, _ what: String, every interval: Duration = .milliseconds(50), _ condition: @escaping @Sendable () async throws -> Bool
    ) async throws {
        try await within(limit, what) {
            while try await !condition() { try await Task.sleep(for: interval) }
        }
    }

    /// The first result settled, handed to the one waiter.
    private final class Outcome<T: Sendable>: Sendable {
        private let state = Mutex<(result: Result<T, any Error>?, waiter: CheckedContinuation<T, any Error>?)>((nil, nil))

        /// Settles the outcome, unless it already was.
        func settle(_ result: Result<T, any Error>) {
            let waiter = state.withLock { state -> CheckedContinuation<T, any Error>? in
                guard state.result == nil else { return nil }
                state.result = result
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(with: result)
        }

        /// Waits for the outcome.
        func value() async throws -> T {
            try await withCheckedThrowingContinuation { continuation in
                let settled = state.withLock { state -> Result<T, any Error>? in
                    if let result = state.result { return result }
                    state.waiter = continuation
                    return nil
                }
                if let settled { continuation.resume(with: settled) }
            }
        }
    }
}
