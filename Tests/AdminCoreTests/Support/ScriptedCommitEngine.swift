import Foundation
import Synchronization

@testable import AdminCore

/// A ``GroupCommitEngine`` over the in-memory registry that fails where its script says, so that
/// ``GroupCommit``'s algorithm can be driven through every failure at every step.
///
/// A transaction is an ``InMemoryTransaction`` on a working registry; a step is an undo mark in
/// it. A commit copies the states of the working registry into ``committed``, which is what a
/// durable engine would have on disk. Attempt 0 is the transaction of the write that holds the
/// writer while the batch queues up; the script's attempts count from there.
final class ScriptedCommitEngine: GroupCommitEngine, @unchecked Sendable {
    /// Where a scripted failure strikes.
    enum Point: String, CaseIterable, Sendable, CustomStringConvertible {
        /// `beginTransaction()` throws.
        case beginTransaction
        /// `beginStep(in:)` throws.
        case beginStep
        /// `endStep` throws and leaves the step's changes in the transaction.
        case endStep
        /// The engine abandons the transaction at the end of the step (as SQLite does on some errors).
        case lose
        /// The step ran out of space; `endStep` throws.
        case outOfSpaceThrowing
        /// The step ran out of space; `endStep` undoes it quietly.
        case outOfSpaceQuiet
        /// `commit(_:)` throws.
        case commit
        /// `commit(_:)` throws because it ran out of space.
        case commitOutOfSpace
        /// `grow()` throws after this attempt ran out of space.
        case grow

        var description: String { rawValue }
        /// Whether the point is per step (else per attempt).
        var isPerStep: Bool { [.beginStep, .endStep, .lose, .outOfSpaceThrowing, .outOfSpaceQuiet].contains(self) }
    }

    /// One scripted failure: in attempt `attempt`, at step `step` (ignored for per-attempt points).
    struct Fault: Hashable, Sendable, CustomStringConvertible {
        let attempt: Int
        let step: Int
        let point: Point
        var description: String { point.isPerStep ? "\(point)@\(attempt).\(step)" : "\(point)@\(attempt)" }
    }

    /// The error a scripted failure throws.
    struct Injected: Error, Equatable, CustomStringConvertible {
        let fault: String
        var description: String { "injected \(fault)" }
    }

    private struct State {
        var attempt = -1
        var step = 0
        var open = false
        var lost = false
        var full = false
        var begun = 0
        var closed = 0
        var commits = 0
        var committed: [String: [String: [UInt8]]] = [:]
    }

    private let faults: Set<Fault>
    /// Writes (by the key they write) that never fit: every step that writes them runs out of space.
    private let neverFits: Set<String>
    private let registry = InMemoryRegistry(changeLogRetention: RegistryChange.defaultLogRetention)
    private let state = Mutex(State())
    private var stepStart: Set<String> = []

    init(faults: Set<Fault> = [], neverFits: Set<String> = []) {
        self.faults = faults
        self.neverFits = neverFits
    }

    /// The states of the last commit.
    var committed: [String: [String: [UInt8]]] { state.withLock { $0.committed } }
    /// Transactions begun, closed and committed.
    var counts: (begun: Int, closed: Int, commits: Int) { state.withLock { ($0.begun, $0.closed, $0.commits) } }
    /// Whether a transaction is open.
    var isOpen: Bool { state.withLock { $0.open } }

    private func strikes(_ point: Point) -> Bool {
        state.withLock { s in faults.contains(Fault(attempt: s.attempt, step: point.isPerStep ? s.step : 0, point: point)) }
    }

    private func injected(_ point: Point) -> Injected {
        Injected(fault: state.withLock { s in Fault(attempt: s.attempt, step: point.isPerStep ? s.step : 0, point: point).description })
    }

    func beginTransaction() throws -> InMemoryTransaction {
        state.withLock {
            $0.attempt += 1
            $0.step = -1
        }
        if strikes(.beginTransaction) { throw injected(.beginTransaction) }
        state.withLock { s in
            precondition(!s.open, "a transaction began while another was open")
            s.open = true
            s.lost = false
            s.full = false
            s.begun += 1
        }
        return InMemoryTransaction(state: registry)
    }

    func beginStep(in transaction: InMemoryTransaction) throws -> Int {
        state.withLock { $0.step += 1 }
        if strikes(.beginStep) { throw injected(.beginStep) }
        stepStart = Set(registry.states.keys)
        return transaction.mark
    }

    func writer(for step: Int, in transaction: InMemoryTransaction) -> any StorageWriter { transaction }

    func endStep(_ step: Int, in transaction: InMemoryTransaction, keeping: Bool) throws {
        let written = Set(registry.states.keys).subtracting(stepStart)
        if strikes(.endStep) { throw injected(.endStep) }
        if strikes(.lose) {
            transaction.rollback()
            state.withLock { $0.lost = true }
            if keeping { throw injected(.lose) }
            return
        }
        let tooBig = !written.isDisjoint(with: neverFits)
        if strikes(.outOfSpaceThrowing) || strikes(.outOfSpaceQuiet) || tooBig {
            transaction.rollback(to: step)
            state.withLock { $0.full = true }
            if strikes(.outOfSpaceThrowing) { throw injected(.outOfSpaceThrowing) }
            return
        }
        if !keeping { transaction.rollback(to: step) }
    }

    func isLost(_ transaction: InMemoryTransaction) -> Bool { state.withLock { $0.lost } }

    func isOutOfSpace(_ transaction: InMemoryTransaction) -> Bool { state.withLock { $0.full } }

    func grow() throws {
        if strikes(.grow) || !neverFits.isEmpty { throw injected(.grow) }
    }

    func commit(_ transaction: InMemoryTransaction) throws {
        if strikes(.commit) { throw injected(.commit) }
        if strikes(.commitOutOfSpace) {
            state.withLock { $0.full = true }
            throw injected(.commitOutOfSpace)
        }
        // A slow disk: a caller answered before its commit would find its write missing.
        Thread.sleep(forTimeInterval: 0.002)
        let states = registry.states
        state.withLock {
            $0.committed = states
            $0.commits += 1
        }
        committedInThisAttempt = true
    }

    /// Whether the open transaction committed (then closing it keeps its writes).
    private var committedInThisAttempt = false

    func close(_ transaction: InMemoryTransaction) {
        if !committedInThisAttempt { transaction.rollback() }
        committedInThisAttempt = false
        state.withLock {
            $0.open = false
            $0.closed += 1
        }
    }
}
