import AdminCore

/// The registry the log replays into: the records, the indexes a `StorageReader` answers from,
/// and the change log. Every operation returns the operation that undoes it.
final class LogTables {
    private(set) var version: UInt64 = 0
    private(set) var deployments: [DeploymentID: Deployment] = [:]
    private(set) var byIdentity: [String: Set<DeploymentID>] = [:]
    private(set) var holders: [String: [DeploymentID: UInt32]] = [:]
    private(set) var latest: [String: LatestRevision] = [:]
    private(set) var subscriptions: [SubscriptionID: Subscription] = [:]
    private(set) var states: [String: [String: [UInt8]]] = [:]
    private(set) var invocations: [InvocationID: InvocationRecord] = [:]
    /// The unfinished invocations pinned to each deployment (`StorageReader.pinnedInvocationCount`).
    private(set) var pinned: [DeploymentID: Set<InvocationID>] = [:]
    /// The change log, oldest first.
    private(set) var changes: [RegistryChange] = []
    let changeLogRetention: Int

    init(changeLogRetention: Int) { self.changeLogRetention = max(changeLogRetention, 1) }

    static func stateKey(_ service: String, _ key: String) -> String { "\(service)\u{0}\(key)" }

    /// The service and object key of a ``stateKey(_:_:)``.
    static func stateKeyParts(_ stateKey: String) -> (service: String, key: String) {
        let parts = stateKey.split(separator: "\u{0}", maxSplits: 1, omittingEmptySubsequences: false)
        return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
    }

    /// Applies `operation`; returns the operations that undo it, in the order to apply them.
    @discardableResult
    func apply(_ operation: LogOperation) -> [Undo] {
        switch operation {
        case .putDeployment(let deployment):
            let previous = deployments[deployment.id]
            if let previous { unindex(previous) }
            deployments[deployment.id] = deployment
            index(deployment)
            return [.restoreDeployment(deployment.id, previous)]
        case .removeDeployment(let id):
            guard let previous = deployments.removeValue(forKey: id) else { return [] }
            unindex(previous)
            return [.restoreDeployment(id, previous)]
        case .setLatestRevision(let pointer, let service):
            let previous = latest[service]
            latest[service] = pointer
            return [.restoreLatest(service, previous)]
        case .setSchemaVersion(let value):
            let previous = version
            version = value
            return [.restoreVersion(previous)]
        case .putSubscription(let subscription):
            let previous = subscriptions.updateValue(subscription, forKey: subscription.id)
            return [.restoreSubscription(subscription.id, previous)]
        case .removeSubscription(let id):
            return [.restoreSubscription(id, subscriptions.removeValue(forKey: id))]
        case .setServiceState(let service, let key, let state):
            let k = Self.stateKey(service, key)
            let previous = states[k]
            states[k] = state.isEmpty ? nil : state
            return [.restoreState(k, previous)]
        case .putInvocation(let record):
            return [.restoreInvocation(record.id, setInvocation(record, id: record.id))]
        case .removeInvocation(let id):
            return [.restoreInvocation(id, setInvocation(nil, id: id))]
        case .appendChange(let change):
            changes.append(change)
            let horizon = RegistryChange.compactionHorizon(oldest: changes.first?.version, newest: change.version, retention: changeLogRetention)
            let dropped = horizon.map { horizon in changes.prefix { $0.version <= horizon }.count } ?? 0
            let removed = Array(changes.prefix(dropped))
            changes.removeFirst(dropped)
            return [.restoreChanges(removedLast: true, prepend: removed)]
        case .clearChangeLog:
            let removed = changes
            changes.removeAll()
            return [.restoreChanges(removedLast: false, prepend: removed)]
        }
    }

    /// How to take one applied operation back.
    enum Undo {
        case restoreDeployment(DeploymentID, Deployment?)
        case restoreLatest(String, LatestRevision?)
        case restoreVersion(UInt64)
        case restoreSubscription(SubscriptionID, Subscription?)
        case restoreState(String, [String: [UInt8]]?)
        case restoreInvocation(InvocationID, InvocationRecord?)
        case restoreChanges(removedLast: Bool, prepend: [RegistryChange])
    }

    /// Takes back one operation.
    func undo(_ step: Undo) {
        switch step {
        case .restoreDeployment(let id, let previous):
            if let current = deployments.removeValue(forKey: id) { unindex(current) }
            if let previous {
                deployments[id] = previous
                index(previous)
            }
        case .restoreLatest(let service, let previous): latest[service] = previous
        case .restoreVersion(let previous): version = previous
        case .restoreSubscription(let id, let previous): subscriptions[id] = previous
        case .restoreState(let key, let previous): states[key] = previous
        case .restoreInvocation(let id, let previous): setInvocation(previous, id: id)
        case .restoreChanges(let removedLast, let prepend):
            if removedLast { changes.removeLast() }
            changes.insert(contentsOf: prepend, at: 0)
        }
    }

    /// Stores (or removes) one invocation record, keeping ``pinned`` in step; returns the old one.
    @discardableResult
    private func setInvocation(_ record: InvocationRecord?, id: InvocationID) -> InvocationRecord? {
        let previous = invocations[id]
        if let deployment = previous?.holdingDeployment {
            pinned[deployment]?.remove(id)
            if pinned[deployment]?.isEmpty == true { pinned[deployment] = nil }
        }
        invocations[id] = record
        if let deployment = record?.holdingDeployment { pinned[deployment, default: []].insert(id) }
        return previous
    }

    private func index(_ deployment: Deployment) {
        byIdentity[deployment.address.identityKey, default: []].insert(deployment.id)
        for service in deployment.services.values { holders[service.name, default: [:]][deployment.id] = service.revision }
    }

    private func unindex(_ deployment: Deployment) {
        let key = deployment.address.identityKey
        byIdentity[key]?.remove(deployment.id)
        if byIdentity[key]?.isEmpty == true { byIdentity[key] = nil }
        for service in deployment.services.keys {
            holders[service]?[deployment.id] = nil
            if holders[service]?.isEmpty == true { holders[service] = nil }
        }
    }
}
