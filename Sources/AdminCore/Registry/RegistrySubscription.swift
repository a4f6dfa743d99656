import DequeModule
import Synchronization

/// One subscriber of the change stream: a bounded buffer of events and, while its consumer
/// waits, the continuation to resume.
///
/// The model delivers events under its own lock, in version order. When the buffer is full, the
/// subscriber drops it and everything after it until its consumer asks again; the consumer then
/// gets a ``RegistryEvent/resync(_:)`` of the latest snapshot (``RegistryModel/resync(_:)``), so
/// memory stays bounded and no gap goes unannounced.
final class RegistrySubscription: Sendable {
    private struct State {
        var buffer: Deque<RegistryEvent> = []
        var needsResync = false
        var waiter: CheckedContinuation<Bool, Never>?
        var cancelled = false
    }

    /// The most events buffered before the subscriber is marked for a resync.
    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) { self.capacity = max(capacity, 1) }

    /// Buffers `event` (called by the model, under its lock, in version order).
    func deliver(_ event: RegistryEvent) {
        let waiter = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            guard !state.cancelled, !state.needsResync else { return nil }
            if state.buffer.count >= capacity {
                state.buffer.removeAll()
                state.needsResync = true
            } else {
                state.buffer.append(event)
            }
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: true)
    }

    /// Puts `events` ahead of everything delivered so far (the catch-up of a new subscriber).
    func prepend(_ events: [RegistryEvent]) {
        state.withLock { state in
            guard !state.needsResync else { return }
            if state.buffer.count + events.count > capacity {
                state.buffer.removeAll()
                state.needsResync = true
            } else {
                state.buffer.insert(contentsOf: events, at: 0)
            }
        }
    }

    /// What the consumer gets next without waiting: a buffered event, or `nil` with `needsResync`.
    func take() -> (event: RegistryEvent?, needsResync: Bool) {
        state.withLock { state in
            if let event = state.buffer.popFirst() { return (event, false) }
            return (nil, state.needsResync)
        }
    }

    /// Clears the resync mark (called by the model, under its lock, with the snapshot it hands out).
    func clearResync() {
        state.withLock { state in
            state.needsResync = false
            state.buffer.removeAll()
        }
    }

    /// Waits until an event is delivered, the task is cancelled, or `timeout` passes; `true` when
    /// something may be ready.
    func waitForDelivery(timeout: Duration) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { await self.waitForDelivery() }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            self.wakeWaiter()
            return first
        }
    }

    private func waitForDelivery() async -> Bool {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let ready = state.withLock { state -> Bool in
                    if state.cancelled || !state.buffer.isEmpty || state.needsResync { return true }
                    state.waiter = continuation
                    return false
                }
                if ready { continuation.resume(returning: true) }
            }
        } onCancel: {
            wakeWaiter()
        }
    }

    /// Resumes a waiting consumer, if any, with "nothing delivered".
    private func wakeWaiter() {
        let waiter = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: false)
    }

    /// Stops delivering and frees the buffer.
    func cancel() {
        let waiter = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            state.cancelled = true
            state.buffer.removeAll()
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: false)
    }

    /// How many events wait in the buffer (for tests).
    var buffered: Int { state.withLock { $0.buffer.count } }
}
