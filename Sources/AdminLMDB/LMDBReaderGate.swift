import Foundation

/// Coordinates the read transactions with the two operations that need the environment to
/// themselves: a map resize and close. Waiting threads sleep on a condition; nothing spins.
///
/// - A read is *accepted* when the storage takes the call (``accept()``), and *active* while its
///   transaction is open (``enterReader()`` … ``leaveReader()``).
/// - ``enterExclusive()`` holds off new readers and waits until no reader is active.
/// - ``waitForAcceptedReads()`` (close) waits until every accepted read has finished.
final class LMDBReaderGate: @unchecked Sendable {
    private let condition = NSCondition()
    private var accepted = 0
    private var active = 0
    private var exclusive = false
    private var closed = false

    /// Counts a read the storage has taken; balance with ``finish()``.
    func accept() {
        condition.withLock { accepted += 1 }
    }

    /// Marks an accepted read finished.
    func finish() {
        condition.withLock {
            accepted -= 1
            if accepted == 0 { condition.broadcast() }
        }
    }

    /// Waits until every accepted read has finished.
    func waitForAcceptedReads() {
        condition.withLock {
            while accepted > 0 { condition.wait() }
        }
    }

    /// Waits while a resize runs, then counts an active reader. Returns `false` once closed.
    func enterReader() -> Bool {
        condition.withLock {
            while exclusive { condition.wait() }
            if closed { return false }
            active += 1
            return true
        }
    }

    /// Ends an active reader.
    func leaveReader() {
        condition.withLock {
            active -= 1
            if active == 0 { condition.broadcast() }
        }
    }

    /// Holds off new readers and waits for the active ones to leave.
    func enterExclusive() {
        condition.withLock {
            while exclusive { condition.wait() }
            exclusive = true
            while active > 0 { condition.wait() }
        }
    }

    /// Lets readers in again; with `closing`, they are turned away from now on.
    func leaveExclusive(closing: Bool = false) {
        condition.withLock {
            exclusive = false
            if closing { closed = true }
            condition.broadcast()
        }
    }
}
