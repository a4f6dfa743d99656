/// The writes one schema operation wants to make, computed purely from a registry view.
///
/// Applying them to a ``StorageWriter`` commits the operation as one new registry version
/// (with its entry in the change log); dropping them is a dry run.
public struct RegistryChanges: Hashable, Sendable {
    /// Deployments to insert or replace, by id.
    public var upserts: [DeploymentID: Deployment] = [:]
    /// Deployments to remove.
    public var removals: Set<DeploymentID> = []
    /// Latest-revision pointers to set (`nil` clears).
    public var latest: [String: LatestRevision?] = [:]
    /// Subscriptions to create, by id.
    public var subscriptions: [SubscriptionID: Subscription] = [:]
    /// Subscriptions to remove.
    public var subscriptionRemovals: Set<SubscriptionID> = []

    /// Creates an empty change set.
    public init() {}

    /// Whether the operation changes nothing.
    public var isEmpty: Bool {
        upserts.isEmpty && removals.isEmpty && latest.isEmpty && subscriptions.isEmpty && subscriptionRemovals.isEmpty
    }

    /// Writes the changes and, when there are any, bumps the registry version by one (R48) and
    /// appends the change, tagged with that version, to the change log, all in the writer's
    /// transaction.
    /// - Returns: the committed change, or `nil` when there was nothing to change.
    @discardableResult
    public func apply(to writer: any StorageWriter) throws -> RegistryChange? {
        guard !isEmpty else { return nil }
        let removed = removals.sorted()
        let upserted = upserts.values.sorted { $0.id < $1.id }
        for id in removed { try writer.removeDeployment(id) }
        for deployment in upserted { try writer.putDeployment(deployment) }
        for (service, pointer) in latest.sorted(by: { $0.key < $1.key }) {
            try writer.setLatestRevision(pointer, of: service)
        }
        let removedSubscriptions = subscriptionRemovals.sorted()
        let createdSubscriptions = subscriptions.values.sorted { $0.id < $1.id }
        for id in removedSubscriptions { try writer.removeSubscription(id) }
        for subscription in createdSubscriptions { try writer.putSubscription(subscription) }
        let change = RegistryChange(
            version: try writer.schemaVersion() + 1, deployments: upserted, removedDeployments: removed, latest: latest,
            subscriptions: createdSubscriptions, removedSubscriptions: removedSubscriptions
        )
        try writer.setSchemaVersion(change.version)
        try writer.appendChange(change)
        return change
    }
}

/// A read view over a storage transaction with a buffer of pending changes on top: reads see the
/// pending changes, nothing is written until ``changes`` is applied.
struct RegistryOverlay {
    let base: any StorageReader
    private(set) var changes = RegistryChanges()

    init(base: any StorageReader) { self.base = base }

    func deployment(_ id: DeploymentID) throws -> Deployment? {
        if changes.removals.contains(id) { return nil }
        if let pending = changes.upserts[id] { return pending }
        return try base.deployment(id)
    }

    func deployments(withIdentityKey key: String) throws -> [Deployment] {
        var result: [Deployment] = []
        for id in try base.deploymentIDs(withIdentityKey: key) where changes.upserts[id] == nil && !changes.removals.contains(id) {
            if let deployment = try base.deployment(id) { result.append(deployment) }
        }
        result += changes.upserts.values.filter { $0.address.identityKey == key }
        return result.sorted { $0.id < $1.id }
    }

    func latestRevision(of service: String) throws -> LatestRevision? {
        if let pending = changes.latest[service] { return pending }
        return try base.latestRevision(of: service)
    }

    func serviceRevision(_ service: String, in id: DeploymentID) throws -> ServiceRevision? {
        if changes.removals.contains(id) { return nil }
        if let pending = changes.upserts[id] { return pending.services[service] }
        return try base.serviceRevision(service, in: id)
    }

    /// The revision the latest pointer names, if both still exist.
    func latestServiceRevision(of service: String) throws -> ServiceRevision? {
        guard let latest = try latestRevision(of: service) else { return nil }
        return try serviceRevision(service, in: latest.deploymentID)
    }

    func revisionHolders(of service: String, limit: Int) throws -> [LatestRevision] {
        let touched = changes.removals.union(changes.upserts.keys)
        var holders = try base.revisionHolders(of: service, limit: limit + touched.count)
            .filter { !touched.contains($0.deploymentID) }
        for deployment in changes.upserts.values {
            if let revision = deployment.services[service] {
                holders.append(LatestRevision(deploymentID: deployment.id, revision: revision.revision))
            }
        }
        return Array(holders.sorted { ($0.revision, $0.deploymentID) > ($1.revision, $1.deploymentID) }.prefix(limit))
    }

    mutating func put(_ deployment: Deployment) throws {
        let previous = try self.deployment(deployment.id)
        changes.removals.remove(deployment.id)
        changes.upserts[deployment.id] = deployment
        try reindex(Set(deployment.services.keys).union(previous?.services.keys ?? [:].keys))
    }

    mutating func remove(_ id: DeploymentID) throws {
        guard let previous = try deployment(id) else { return }
        changes.upserts[id] = nil
        changes.removals.insert(id)
        try reindex(Set(previous.services.keys))
    }

    mutating func replaceService(_ revision: ServiceRevision, in id: DeploymentID) throws {
        guard var deployment = try deployment(id) else { return }
        deployment.services[revision.name] = revision
        changes.upserts[id] = deployment
    }

    /// Recomputes the latest pointer of each service: the highest revision wins; on a tie the
    /// current owner keeps it, otherwise the greatest (newest) deployment id wins.
    private mutating func reindex(_ services: Set<String>) throws {
        for service in services.sorted() {
            let current = try latestRevision(of: service)
            guard let top = try revisionHolders(of: service, limit: 1).first else {
                if current != nil { changes.latest[service] = .some(nil) }
                continue
            }
            var winner = top
            if let current, let held = try serviceRevision(service, in: current.deploymentID), held.revision == top.revision {
                winner = LatestRevision(deploymentID: current.deploymentID, revision: held.revision)
            }
            if winner != current { changes.latest[service] = .some(winner) }
        }
    }
}
