import Synchronization

/// The in-memory registry of an ``AdminService``: the current ``RegistrySnapshot``, advanced in
/// version order by the changes of this process's commits and by catching up from the storage's
/// change log, and the subscribers of the change stream.
///
/// Every schema read of the service is answered from the snapshot after a cheap probe of the
/// stored version (``Storage/registryVersion()``): when storage is ahead (another process, or a
/// commit of this one not applied yet), the model first catches up, so a read never shows a
/// version older than one already acknowledged.
final class RegistryModel: Sendable {
    private struct State {
        var snapshot: RegistrySnapshot?
        /// Changes of this process's commits that arrived before the one they follow.
        var pending: [UInt64: RegistryChange] = [:]
        var subscribers: [ObjectIdentifier: Weak] = [:]
    }

    private struct Weak {
        weak var subscription: RegistrySubscription?
    }

    /// The most out-of-order changes held back before the model gives up on them (the next read
    /// catches up from storage instead).
    private static let pendingLimit = 1_024

    private let state = Mutex(State())

    /// The current snapshot, if one was loaded.
    var current: RegistrySnapshot? { state.withLock { $0.snapshot } }

    /// `base` read through the current snapshot when it has the version `base` sees
    /// (``SnapshotBackedReader``), so the rules take decoded records from memory.
    func reader(over base: any StorageReader) throws -> any StorageReader {
        try SnapshotBackedReader.over(base, snapshot: current)
    }

    /// Applies `changes` (contiguous versions read from the log, oldest first): those the model
    /// already has are skipped, the others are applied and published in order.
    func advance(with changes: [RegistryChange]) {
        state.withLock { state in
            for change in changes { Self.apply(change, to: &state) }
            Self.drainPending(&state)
        }
    }

    /// Records the change of one of this process's commits: applied and published at once when it
    /// follows the current version, held back briefly when an earlier commit is not applied yet.
    func record(_ change: RegistryChange) {
        state.withLock { state in
            guard let snapshot = state.snapshot, change.version > snapshot.version else { return }
            if change.version == snapshot.version + 1 {
                Self.apply(change, to: &state)
                Self.drainPending(&state)
            } else if state.pending.count < Self.pendingLimit {
                state.pending[change.version] = change
            }
        }
    }

    /// Installs a snapshot loaded whole when it is newer than the current one; subscribers get it
    /// as a resync (none when it is the first snapshot).
    func install(_ snapshot: RegistrySnapshot) {
        state.withLock { state in
            if let current = state.snapshot, current.version >= snapshot.version { return }
            let replaced = state.snapshot != nil
            state.snapshot = snapshot
            state.pending = state.pending.filter { $0.key > snapshot.version }
            if replaced { Self.publish(.resync(snapshot), in: &state) }
            Self.drainPending(&state)
        }
    }

    /// Registers `subscription` and returns the snapshot it starts from: changes after it will be
    /// delivered to it.
    func subscribe(_ subscription: RegistrySubscription) -> RegistrySnapshot? {
        state.withLock { state in
            state.subscribers[ObjectIdentifier(subscription)] = Weak(subscription: subscription)
            return state.snapshot
        }
    }

    /// Removes a subscriber.
    func unsubscribe(_ subscription: RegistrySubscription) {
        state.withLock { state in
            _ = state.subscribers.removeValue(forKey: ObjectIdentifier(subscription))
        }
    }

    /// The snapshot a subscriber marked for a resync continues from (its mark is cleared under the
    /// same lock that publishes, so the next change it gets follows this snapshot).
    func resync(_ subscription: RegistrySubscription) -> RegistrySnapshot? {
        state.withLock { state in
            subscription.clearResync()
            return state.snapshot
        }
    }

    /// How many subscribers are registered (for tests).
    var subscriberCount: Int {
        state.withLock { state in state.subscribers.values.filter { $0.subscription != nil }.count }
    }

    private static func apply(_ change: RegistryChange, to state: inout State) {
        guard let snapshot = state.snapshot, change.version == snapshot.version + 1 else { return }
        state.snapshot = snapshot.applying(change)
        publish(.change(change), in: &state)
    }

    private static func drainPending(_ state: inout State) {
        while let snapshot = state.snapshot, let next = state.pending.removeValue(forKey: snapshot.version + 1) {
            apply(next, to: &state)
        }
        if let version = state.snapshot?.version { state.pending = state.pending.filter { $0.key > version } }
    }

    private static func publish(_ event: RegistryEvent, in state: inout State) {
        var gone: [ObjectIdentifier] = []
        for (key, weak) in state.subscribers {
            if let subscription = weak.subscription { subscription.deliver(event) } else { gone.append(key) }
        }
        for key in gone { state.subscribers[key] = nil }
    }
}
