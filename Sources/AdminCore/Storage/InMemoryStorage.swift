import DequeModule
import Synchronization

/// A `Storage` that keeps everything in memory: for tests, examples and embedders that persist
/// elsewhere. Writes are serialized and roll back through an undo log when their body throws.
public final class InMemoryStorage: Storage {
    /// The registry; `nil` once closed.
    private let state: Mutex<InMemoryRegistry?>

    /// Creates an empty store whose change log keeps the latest `changeLogRetention` versions.
    public init(changeLogRetention: Int = RegistryChange.defaultLogRetention) {
        state = Mutex(InMemoryRegistry(changeLogRetention: changeLogRetention))
    }

    /// Runs `body` against the current state, excluding concurrent writes.
    public func read<T: Sendable>(_ body: @Sendable (any StorageReader) throws -> T) async throws -> T {
        try state.withLock { registry in
            guard let registry else { throw AdminError(.storage, "the in-memory storage is closed") }
            return try body(InMemoryTransaction(state: registry))
        }
    }

    /// Runs `body` exclusively; undoes its writes if it throws.
    public func write<T: Sendable>(_ body: @Sendable (any StorageWriter) throws -> T) async throws -> T {
        try state.withLock { registry in
            guard let registry else { throw AdminError(.storage, "the in-memory storage is closed") }
            let transaction = InMemoryTransaction(state: registry)
            do {
                return try body(transaction)
            } catch {
                transaction.rollback()
                throw error
            }
        }
    }

    /// Marks the store closed; later calls fail.
    public func close() async throws {
        state.withLock { $0 = nil }
    }
}

/// The in-memory tables and their secondary indexes.
final class InMemoryRegistry {
    var version: UInt64 = 0
    var deployments: [DeploymentID: Deployment] = [:]
    var byIdentity: [String: Set<DeploymentID>] = [:]
    var holders: [String: [DeploymentID: UInt32]] = [:]
    var latest: [String: LatestRevision] = [:]
    var subscriptions: [SubscriptionID: Subscription] = [:]
    var states: [String: [String: [UInt8]]] = [:]
    var invocations: [InvocationID: InvocationRecord] = [:]
    /// Invocations that have not completed, by the deployment they are pinned to.
    var pinned: [DeploymentID: Set<InvocationID>] = [:]
    /// The change log, oldest first.
    var changeLog: Deque<RegistryChange> = []
    let changeLogRetention: Int

    init(changeLogRetention: Int) { self.changeLogRetention = max(changeLogRetention, 1) }

    static func stateKey(_ service: String, _ key: String) -> String { "\(service)\u{0}\(key)" }

    /// The service and object key of a ``stateKey(_:_:)``.
    static func stateKeyParts(_ stateKey: String) -> (service: String, key: String) {
        let parts = stateKey.split(separator: "\u{0}", maxSplits: 1, omittingEmptySubsequences: false)
        return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
    }

    /// Stores `record` (or removes the record of `id` when `nil`), keeping ``pinned`` in step.
    func setInvocation(_ record: InvocationRecord?, id: InvocationID) {
        if let old = invocations[id], let deployment = old.holdingDeployment {
            pinned[deployment]?.remove(id)
            if pinned[deployment]?.isEmpty == true { pinned[deployment] = nil }
        }
        invocations[id] = record
        if let deployment = record?.holdingDeployment { pinned[deployment, default: []].insert(id) }
    }

    /// Stores `deployment` and its index entries.
    func insert(_ deployment: Deployment) {
        deployments[deployment.id] = deployment
        byIdentity[deployment.address.identityKey, default: []].insert(deployment.id)
        for service in deployment.services.values {
            holders[service.name, default: [:]][deployment.id] = service.revision
        }
    }

    /// Removes `deployment` and its index entries.
    func delete(_ deployment: Deployment) {
        deployments[deployment.id] = nil
        let key = deployment.address.identityKey
        byIdentity[key]?.remove(deployment.id)
        if byIdentity[key]?.isEmpty == true { byIdentity[key] = nil }
        for service in deployment.services.keys {
            holders[service]?[deployment.id] = nil
            if holders[service]?.isEmpty == true { holders[service] = nil }
        }
    }
}

/// One transaction over ``InMemoryRegistry``, recording how to undo each write.
final class InMemoryTransaction: StorageWriter {
    private let state: InMemoryRegistry
    private var undo: [() -> Void] = []

    init(state: InMemoryRegistry) { self.state = state }

    /// A mark to roll back to: the writes made so far.
    var mark: Int { undo.count }

    /// Undoes every write of the transaction.
    func rollback() { rollback(to: 0) }

    /// Undoes the writes made since `mark` was taken.
    func rollback(to mark: Int) {
        for step in undo[mark...].reversed() { step() }
        undo.removeSubrange(mark...)
    }

    func schemaVersion() throws -> UInt64 { state.version }
    func deployment(_ id: DeploymentID) throws -> Deployment? { state.deployments[id] }
    func deploymentIDs(withIdentityKey key: String) throws -> [DeploymentID] { (state.byIdentity[key] ?? []).sorted() }
    func serviceRevision(_ service: String, in deployment: DeploymentID) throws -> ServiceRevision? {
        state.deployments[deployment]?.services[service]
    }
    func latestRevision(of service: String) throws -> LatestRevision? { state.latest[service] }
    func revisionHolders(of service: String, limit: Int) throws -> [LatestRevision] {
        // The top `limit` in one pass (the rules ask for one or two), not a sort of every holder.
        var top: [LatestRevision] = []
        guard limit > 0 else { return top }
        let ranksAbove = { (a: LatestRevision, b: LatestRevision) in (a.revision, a.deploymentID) > (b.revision, b.deploymentID) }
        for (id, revision) in state.holders[service] ?? [:] {
            let holder = LatestRevision(deploymentID: id, revision: revision)
            guard top.count < limit || ranksAbove(holder, top[top.count - 1]) else { continue }
            top.insert(holder, at: top.firstIndex { ranksAbove(holder, $0) } ?? top.count)
            if top.count > limit { top.removeLast() }
        }
        return top
    }
    func allDeployments() throws -> [Deployment] { state.deployments.values.sorted { $0.id < $1.id } }
    func allLatestRevisions() throws -> [String: LatestRevision] { state.latest }
    func subscription(_ id: SubscriptionID) throws -> Subscription? { state.subscriptions[id] }
    func allSubscriptions() throws -> [Subscription] { state.subscriptions.values.sorted { $0.id < $1.id } }
    func serviceState(service: String, key: String) throws -> [String: [UInt8]] {
        state.states[InMemoryRegistry.stateKey(service, key)] ?? [:]
    }
    func invocation(_ id: InvocationID) throws -> InvocationRecord? { state.invocations[id] }
    func allServiceStates() throws -> [ObjectState] {
        state.states.map { stateKey, entries in
            let (service, key) = InMemoryRegistry.stateKeyParts(stateKey)
            return ObjectState(service: service, key: key, entries: entries)
        }.sorted(by: ObjectState.listedBefore)
    }
    func allInvocations() throws -> [InvocationRecord] { state.invocations.values.sorted { $0.id < $1.id } }
    func pinnedInvocationCount(_ deployment: DeploymentID) throws -> Int { state.pinned[deployment]?.count ?? 0 }
    func changes(after version: UInt64, limit: Int) throws -> [RegistryChange]? {
        guard version < state.version else { return [] }
        guard let first = state.changeLog.first, first.version <= version + 1 else { return nil }
        return Array(state.changeLog.drop { $0.version <= version }.prefix(max(limit, 0)))
    }

    func putDeployment(_ deployment: Deployment) throws {
        try removeDeployment(deployment.id)
        let state = self.state
        state.insert(deployment)
        undo.append { state.delete(deployment) }
    }

    func removeDeployment(_ id: DeploymentID) throws {
        let state = self.state
        guard let old = state.deployments[id] else { return }
        state.delete(old)
        undo.append { state.insert(old) }
    }

    func setLatestRevision(_ latest: LatestRevision?, of service: String) throws {
        let state = self.state
        let previous = state.latest[service]
        state.latest[service] = latest
        undo.append { state.latest[service] = previous }
    }

    func setSchemaVersion(_ version: UInt64) throws {
        let state = self.state
        let previous = state.version
        state.version = version
        undo.append { state.version = previous }
    }

    func putSubscription(_ subscription: Subscription) throws {
        let state = self.state
        let previous = state.subscriptions[subscription.id]
        state.subscriptions[subscription.id] = subscription
        undo.append { state.subscriptions[subscription.id] = previous }
    }

    func removeSubscription(_ id: SubscriptionID) throws {
        let state = self.state
        let previous = state.subscriptions[id]
        state.subscriptions[id] = nil
        undo.append { state.subscriptions[id] = previous }
    }

    func setServiceState(service: String, key: String, state newState: [String: [UInt8]]) throws {
        let state = self.state
        let k = InMemoryRegistry.stateKey(service, key)
        let previous = state.states[k]
        state.states[k] = newState.isEmpty ? nil : newState
        undo.append { state.states[k] = previous }
    }

    func putInvocation(_ invocation: InvocationRecord) throws {
        let state = self.state
        let previous = state.invocations[invocation.id]
        state.setInvocation(invocation, id: invocation.id)
        undo.append { state.setInvocation(previous, id: invocation.id) }
    }

    func removeInvocation(_ id: InvocationID) throws {
        let state = self.state
        let previous = state.invocations[id]
        state.setInvocation(nil, id: id)
        undo.append { state.setInvocation(previous, id: id) }
    }

    func clearChangeLog() throws {
        let state = self.state
        let previous = state.changeLog
        state.changeLog.removeAll()
        undo.append { state.changeLog = previous }
    }

    func appendChange(_ change: RegistryChange) throws {
        let state = self.state
        state.changeLog.append(change)
        let horizon = RegistryChange.compactionHorizon(
            oldest: state.changeLog.first?.version, newest: change.version, retention: state.changeLogRetention)
        let dropped = horizon.map { horizon in Array(state.changeLog.prefix { $0.version <= horizon }) } ?? []
        state.changeLog.removeFirst(dropped.count)
        undo.append {
            state.changeLog.removeLast()
            state.changeLog.insert(contentsOf: dropped, at: 0)
        }
    }
}
