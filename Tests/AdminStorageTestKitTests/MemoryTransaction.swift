import AdminCore

/// The reader/writer of ``FlawedMemoryStorage``; derives its indexes by scanning.
final class MemoryTransaction: StorageWriter {
    let retention: Int
    let holder: any RegistryHolder
    let flaw: FlawedMemoryStorage.Flaw
    let disk: FlawedMemoryStorage.Disk

    init(retention: Int, holder: any RegistryHolder, flaw: FlawedMemoryStorage.Flaw, disk: FlawedMemoryStorage.Disk) {
        self.retention = retention
        self.holder = holder
        self.flaw = flaw
        self.disk = disk
    }

    func schemaVersion() throws -> UInt64 { holder.get { $0.version } }
    func deployment(_ id: DeploymentID) throws -> Deployment? { holder.get { $0.deployments[id] } }
    func deploymentIDs(withIdentityKey key: String) throws -> [DeploymentID] {
        var ids = Set(holder.get { $0.deployments.values.filter { $0.address.identityKey == key }.map(\.id) })
        if flaw == .staleIdentityIndex { ids.formUnion(disk.staleIdentities.withLock { $0[key] ?? [] }) }
        return ids.sorted()
    }
    func serviceRevision(_ service: String, in deployment: DeploymentID) throws -> ServiceRevision? {
        holder.get { $0.deployments[deployment]?.services[service] }
    }
    func latestRevision(of service: String) throws -> LatestRevision? { holder.get { $0.latest[service] } }
    func revisionHolders(of service: String, limit: Int) throws -> [LatestRevision] {
        let all = holder.get { registry in
            registry.deployments.values.compactMap { d in d.services[service].map { LatestRevision(deploymentID: d.id, revision: $0.revision) } }
        }
        let sorted =
            flaw == .textualTieOrder
            ? all.sorted { ($0.revision, $0.deploymentID.description) > ($1.revision, $1.deploymentID.description) }
            : all.sorted { ($0.revision, $0.deploymentID) > ($1.revision, $1.deploymentID) }
        return Array(sorted.prefix(max(limit, 0)))
    }
    func allDeployments() throws -> [Deployment] { holder.get { $0.deployments.values.sorted { $0.id < $1.id } } }
    func allLatestRevisions() throws -> [String: LatestRevision] { holder.get { $0.latest } }
    func subscription(_ id: SubscriptionID) throws -> Subscription? { holder.get { $0.subscriptions[id] } }
    func allSubscriptions() throws -> [Subscription] { holder.get { $0.subscriptions.values.sorted { $0.id < $1.id } } }
    func serviceState(service: String, key: String) throws -> [String: [UInt8]] { holder.get { $0.states["\(service)\u{0}\(key)"] ?? [:] } }
    func invocation(_ id: InvocationID) throws -> InvocationRecord? { holder.get { $0.invocations[id] } }
    func allServiceStates() throws -> [ObjectState] {
        holder.get { registry in
            registry.states.map { stateKey, entries in
                let parts = stateKey.split(separator: "\u{0}", maxSplits: 1, omittingEmptySubsequences: false)
                return ObjectState(service: String(parts[0]), key: String(parts[1]), entries: entries)
            }
        }.sorted(by: ObjectState.listedBefore)
    }
    func allInvocations() throws -> [InvocationRecord] { holder.get { $0.invocations.values.sorted { $0.id < $1.id } } }
    func pinnedInvocationCount(_ deployment: DeploymentID) throws -> Int {
        let countsCompleted = flaw == .completedInvocationsHold
        return holder.get { registry in
            registry.invocations.values.filter { $0.pinnedDeployment == deployment && (countsCompleted || $0.status != .completed) }.count
        }
    }

    func putDeployment(_ deployment: Deployment) throws {
        if flaw == .staleIdentityIndex, let old = try self.deployment(deployment.id) {
            disk.staleIdentities.withLock { _ = $0[old.address.identityKey, default: []].insert(old.id) }
        }
        holder.change { $0.deployments[deployment.id] = deployment }
    }
    func removeDeployment(_ id: DeploymentID) throws { holder.change { $0.deployments[id] = nil } }
    func setLatestRevision(_ latest: LatestRevision?, of service: String) throws { holder.change { $0.latest[service] = latest } }
    func setSchemaVersion(_ version: UInt64) throws { holder.change { $0.version = version } }
    func putSubscription(_ subscription: Subscription) throws { holder.change { $0.subscriptions[subscription.id] = subscription } }
    func removeSubscription(_ id: SubscriptionID) throws { holder.change { $0.subscriptions[id] = nil } }
    func setServiceState(service: String, key: String, state: [String: [UInt8]]) throws {
        holder.change { $0.states["\(service)\u{0}\(key)"] = state.isEmpty ? nil : state }
    }
    func putInvocation(_ invocation: InvocationRecord) throws { holder.change { $0.invocations[invocation.id] = invocation } }
    func removeInvocation(_ id: InvocationID) throws { holder.change { $0.invocations[id] = nil } }

    func changes(after version: UInt64, limit: Int) throws -> [RegistryChange]? {
        guard version < (try schemaVersion()) else { return [] }
        let log = flaw == .changeLogOutsideTransaction ? disk.sideLog.withLock { $0 } : holder.get { $0.changeLog }
        guard let first = log.first, first.version <= version + 1 else { return nil }
        return Array(log.drop { $0.version <= version }.prefix(limit))
    }

    func clearChangeLog() throws {
        if flaw == .changeLogOutsideTransaction {
            disk.sideLog.withLock { $0 = [] }
        } else {
            holder.change { $0.changeLog = [] }
        }
    }

    func appendChange(_ change: RegistryChange) throws {
        let keep = flaw == .unboundedChangeLog ? Int.max : retention
        if flaw == .changeLogOutsideTransaction {
            disk.sideLog.withLock { $0.append(change) }
            return
        }
        holder.change { registry in
            registry.changeLog.append(change)
            registry.changeLog.removeFirst(max(registry.changeLog.count - keep, 0))
        }
    }
}
