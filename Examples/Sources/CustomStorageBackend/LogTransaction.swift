import AdminCore

/// A read or a write over ``LogTables``: reads answer from the tables; each write applies one
/// ``LogOperation`` at once (so the transaction sees its own writes), and remembers it for the
/// log line and how to undo it.
final class LogTransaction: StorageWriter {
    private let tables: LogTables
    private(set) var operations: [LogOperation] = []
    private var undo: [LogTables.Undo] = []

    init(_ tables: LogTables) { self.tables = tables }

    /// Takes back every write of the transaction (its body threw, or the log could not be written).
    func rollback() {
        for step in undo.reversed() { tables.undo(step) }
        undo.removeAll()
        operations.removeAll()
    }

    private func record(_ operation: LogOperation) {
        undo += tables.apply(operation)
        operations.append(operation)
    }

    // MARK: StorageReader

    func schemaVersion() throws -> UInt64 { tables.version }
    func deployment(_ id: DeploymentID) throws -> Deployment? { tables.deployments[id] }
    func deploymentIDs(withIdentityKey key: String) throws -> [DeploymentID] { (tables.byIdentity[key] ?? []).sorted() }
    func serviceRevision(_ service: String, in deployment: DeploymentID) throws -> ServiceRevision? {
        tables.deployments[deployment]?.services[service]
    }
    func latestRevision(of service: String) throws -> LatestRevision? { tables.latest[service] }
    func revisionHolders(of service: String, limit: Int) throws -> [LatestRevision] {
        let holders = (tables.holders[service] ?? [:]).map { LatestRevision(deploymentID: $0.key, revision: $0.value) }
        return Array(holders.sorted { ($0.revision, $0.deploymentID) > ($1.revision, $1.deploymentID) }.prefix(max(limit, 0)))
    }
    func allDeployments() throws -> [Deployment] { tables.deployments.values.sorted { $0.id < $1.id } }
    func allLatestRevisions() throws -> [String: LatestRevision] { tables.latest }
    func subscription(_ id: SubscriptionID) throws -> Subscription? { tables.subscriptions[id] }
    func allSubscriptions() throws -> [Subscription] { tables.subscriptions.values.sorted { $0.id < $1.id } }
    func serviceState(service: String, key: String) throws -> [String: [UInt8]] {
        tables.states[LogTables.stateKey(service, key)] ?? [:]
    }
    func invocation(_ id: InvocationID) throws -> InvocationRecord? { tables.invocations[id] }
    func allServiceStates() throws -> [ObjectState] {
        tables.states.map { stateKey, entries in
            let (service, key) = LogTables.stateKeyParts(stateKey)
            return ObjectState(service: service, key: key, entries: entries)
        }.sorted(by: ObjectState.listedBefore)
    }
    func allInvocations() throws -> [InvocationRecord] { tables.invocations.values.sorted { $0.id < $1.id } }
    func pinnedInvocationCount(_ deployment: DeploymentID) throws -> Int { tables.pinned[deployment]?.count ?? 0 }
    func changes(after version: UInt64, limit: Int) throws -> [RegistryChange]? {
        guard version < tables.version else { return [] }
        // The log must hold version + 1, or the reader has to load the registry whole.
        guard let first = tables.changes.first, first.version <= version + 1 else { return nil }
        return Array(tables.changes.drop { $0.version <= version }.prefix(max(limit, 0)))
    }

    // MARK: StorageWriter

    func putDeployment(_ deployment: Deployment) throws { record(.putDeployment(deployment)) }
    func removeDeployment(_ id: DeploymentID) throws { record(.removeDeployment(id)) }
    func setLatestRevision(_ latest: LatestRevision?, of service: String) throws { record(.setLatestRevision(latest, service: service)) }
    func setSchemaVersion(_ version: UInt64) throws { record(.setSchemaVersion(version)) }
    func putSubscription(_ subscription: Subscription) throws { record(.putSubscription(subscription)) }
    func removeSubscription(_ id: SubscriptionID) throws { record(.removeSubscription(id)) }
    func setServiceState(service: String, key: String, state: [String: [UInt8]]) throws {
        record(.setServiceState(service: service, key: key, state: state))
    }
    func putInvocation(_ invocation: InvocationRecord) throws { record(.putInvocation(invocation)) }
    func removeInvocation(_ id: InvocationID) throws { record(.removeInvocation(id)) }
    func appendChange(_ change: RegistryChange) throws { record(.appendChange(change)) }
    func clearChangeLog() throws { record(.clearChangeLog) }
}
