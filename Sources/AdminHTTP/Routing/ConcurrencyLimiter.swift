import Synchronization

/// The admin API's global concurrency limit (`admin.concurrent-api-requests-limit`, BEHAVIOR.md
/// §1.2): at most `limit` requests are handled at once, and a request arriving while all slots
/// are taken is shed at once (``HTTPRejection/tooManyRequests``) instead of queued.
final class ConcurrencyLimiter: Sendable {
    /// The number of slots.
    let limit: Int
    private let inFlight = Atomic<Int>(0)

    /// Creates a limiter with `limit` slots (at least 1).
    init(limit: Int) {
        precondition(limit > 0, "the concurrency limit must be at least 1")
        self.limit = limit
    }

    /// Takes a slot; `false` when every slot is taken.
    func acquire() -> Bool {
        var current = inFlight.load(ordering: .relaxed)
        while current < limit {
            let (exchanged, original) = inFlight.compareExchange(
                expected: current, desired: current + 1, successOrdering: .acquiring, failureOrdering: .relaxed
            )
            if exchanged { return true }
            current = original
        }
        return false
    }

    /// Gives a slot back.
    func release() {
        inFlight.subtract(1, ordering: .releasing)
    }
}
