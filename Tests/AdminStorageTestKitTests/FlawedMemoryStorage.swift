import AdminCore
import Foundation
import Synchronization

/// The whole registry as one value, so a transaction can work on a copy.
struct MemoryRegistry: Sendable {
    var version: UInt64 = 0
    var deployments: [DeploymentID: Deployment] = [:]
    var latest: [String: LatestRevision] = [:]
    var subscriptions: [SubscriptionID: Subscription] = [:]
    var states: [String: [String: [UInt8]]] = [:]
    var invocations: [InvocationID: InvocationRecord] = [:]
    var changeLog: [RegistryChange] = []
}

/// An in-memory backend with a switchable flaw, to prove the conformance kit catches each one.
/// With `.none` it is correct (copy-on-write transactions under one lock).
final class FlawedMemoryStorage: Storage, Sendable {
    /// The mistake this backend makes.
    enum Flaw: Sendable {
        case none
        /// A write that throws keeps what it wrote so far.
        case noRollback
        /// Writes work on a snapshot and commit after a pause without checking it is still current,
        /// so concurrent writes overwrite each other.
        case lostUpdate
        /// Commit is not atomic: half of a write's changes become visible, then (after a pause) the rest.
        case dirtyReads
        /// Writes go straight to the shared state (restored if the body throws), so a read issued
        /// while a write is open sees what that write has done so far.
        case readUncommitted
        /// Replacing a deployment leaves it indexed under its old identity key.
        case staleIdentityIndex
        /// Ties in `revisionHolders` are ordered by the id's text, not by the ids' ordering.
        case textualTieOrder
        /// The change log is written outside the transaction, so a write that throws keeps its entry.
        case changeLogOutsideTransaction
        /// The change log is never compacted.
        case unboundedChangeLog
        /// Completed invocations still count as pinned to their deployment.
        case completedInvocationsHold
    }

    /// The shared "disk": survives `close()` when the factory hands it to the next instance.
    final class Disk: Sendable {
        let registry = Mutex(MemoryRegistry())
        let staleIdentities = Mutex<[String: Set<DeploymentID>]>([:])
        /// The change log of ``Flaw/changeLogOutsideTransaction``.
        let sideLog = Mutex<[RegistryChange]>([])
    }

    let disk: Disk
    let flaw: Flaw
    let changeLogRetention: Int
    private let closed = Mutex(false)
    private let writeLock = Mutex(())

    init(disk: Disk = Disk(), flaw: Flaw, changeLogRetention: Int = RegistryChange.defaultLogRetention) {
        self.disk = disk
        self.flaw = flaw
        self.changeLogRetention = changeLogRetention
    }

    func read<T: Sendable>(_ body: @Sendable (any StorageReader) throws -> T) async throws -> T {
        try checkOpen()
        let snapshot = disk.registry.withLock { $0 }
        return try body(MemoryTransaction(retention: changeLogRetention, holder: CopyHolder(snapshot), flaw: flaw, disk: disk))
    }

    func write<T: Sendable>(_ body: @Sendable (any StorageWriter) throws -> T) async throws -> T {
        try checkOpen()
        switch flaw {
        case .noRollback:
            return try writeLock.withLock { _ in
                try body(MemoryTransaction(retention: changeLogRetention, holder: LiveHolder(disk: disk), flaw: flaw, disk: disk))
            }
        case .readUncommitted:
            return try writeLock.withLock { _ in
                let before = disk.registry.withLock { $0 }
                do {
                    return try body(MemoryTransaction(retention: changeLogRetention, holder: LiveHolder(disk: disk), flaw: flaw, disk: disk))
                } catch {
                    disk.registry.withLock { $0 = before }
                    throw error
                }
            }
        case .lostUpdate:
            let holder = CopyHolder(disk.registry.withLock { $0 })
            let result = try body(MemoryTransaction(retention: changeLogRetention, holder: holder, flaw: flaw, disk: disk))
            try await Task.sleep(for: .milliseconds(1))
            disk.registry.withLock { $0 = holder.value }
            return result
        case .dirtyReads:
            let holder = CopyHolder(disk.registry.withLock { $0 })
            let result = try body(MemoryTransaction(retention: changeLogRetention, holder: holder, flaw: flaw, disk: disk))
            for (index, change) in holder.log.enumerated() {
                if index == holder.log.count / 2 { try await Task.sleep(for: .milliseconds(1)) }
                disk.registry.withLock { change(&$0) }
            }
            return result
        case .none, .staleIdentityIndex, .textualTieOrder, .changeLogOutsideTransaction, .unboundedChangeLog, .completedInvocationsHold:
            return try writeLock.withLock { _ in
                let holder = CopyHolder(disk.registry.withLock { $0 })
                let result = try body(MemoryTransaction(retention: changeLogRetention, holder: holder, flaw: flaw, disk: disk))
                disk.registry.withLock { $0 = holder.value }
                return result
            }
        }
    }

    func close() async throws { closed.withLock { $0 = true } }

    private func checkOpen() throws {
        if closed.withLock({ $0 }) { throw AdminError(.storage, "closed") }
    }
}

/// Where a transaction's reads and writes go.
protocol RegistryHolder {
    func get<T>(_ read: (MemoryRegistry) throws -> T) rethrows -> T
    func change(_ update: @escaping (inout MemoryRegistry) -> Void)
}

/// A private copy (committed by the storage afterwards).
final class CopyHolder: RegistryHolder {
    var value: MemoryRegistry
    /// Every change, in order, for backends that replay them onto the shared state.
    var log: [(inout MemoryRegistry) -> Void] = []
    init(_ value: MemoryRegistry) { self.value = value }
    func get<T>(_ read: (MemoryRegistry) throws -> T) rethrows -> T { try read(value) }
    func change(_ update: @escaping (inout MemoryRegistry) -> Void) {
        update(&value)
        log.append(update)
    }
}

/// The shared state itself, one locked step at a time.
final class LiveHolder: RegistryHolder {
    let disk: FlawedMemoryStorage.Disk
    init(disk: FlawedMemoryStorage.Disk) { self.disk = disk }
    func get<T>(_ read: (MemoryRegistry) throws -> T) rethrows -> T {
        let snapshot = disk.registry.withLock { $0 }
        return try read(snapshot)
    }
    func change(_ update: @escaping (inout MemoryRegistry) -> Void) {
        disk.registry.withLock { update(&$0) }
    }
}
