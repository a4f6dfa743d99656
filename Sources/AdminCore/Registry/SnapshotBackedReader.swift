/// A ``StorageReader`` over a storage transaction that answers the registry's records from an
/// in-memory ``RegistrySnapshot`` of the same version, instead of decoding them from storage.
///
/// The rules read whole deployments and service revisions (the same-endpoint check, the latest
/// revision of each service a registration touches); decoding those records is most of a
/// registration's CPU time. When the transaction sees exactly the snapshot's version, the
/// snapshot holds the same records already decoded, so they are taken from it. Index queries that
/// storage answers without decoding a record (the identity index, the revision holders of a
/// service) and everything outside the schema (state, invocations, the change log) still go to
/// the transaction.
struct SnapshotBackedReader: StorageReader {
    /// The snapshot, at the version `base` sees.
    let snapshot: RegistrySnapshot
    /// The storage transaction.
    let base: any StorageReader

    /// A reader over `base`: backed by `snapshot` when it has the version `base` sees, `base`
    /// itself otherwise (no snapshot yet, or storage has moved on).
    static func over(_ base: any StorageReader, snapshot: RegistrySnapshot?) throws -> any StorageReader {
        guard let snapshot, try base.schemaVersion() == snapshot.version else { return base }
        return SnapshotBackedReader(snapshot: snapshot, base: base)
    }

    /// The snapshot's version, which is the transaction's.
    func schemaVersion() throws -> UInt64 { snapshot.version }
    /// From the snapshot.
    func deployment(_ id: DeploymentID) throws -> Deployment? { snapshot.deployment(id) }
    /// From the transaction's identity index (no record is decoded).
    func deploymentIDs(withIdentityKey key: String) throws -> [DeploymentID] { try base.deploymentIDs(withIdentityKey: key) }
    /// From the snapshot.
    func serviceRevision(_ service: String, in deployment: DeploymentID) throws -> ServiceRevision? {
        snapshot.deployment(deployment)?.services[service]
    }
    /// From the snapshot.
    func latestRevision(of service: String) throws -> LatestRevision? { snapshot.latestRevision(of: service) }
    /// From the transaction's revision index (no record is decoded).
    func revisionHolders(of service: String, limit: Int) throws -> [LatestRevision] {
        try base.revisionHolders(of: service, limit: limit)
    }
    /// From the snapshot.
    func allDeployments() throws -> [Deployment] { snapshot.deployments }
    /// From the snapshot.
    func allLatestRevisions() throws -> [String: LatestRevision] { snapshot.latestRevisions }
    /// From the snapshot.
    func subscription(_ id: SubscriptionID) throws -> Subscription? { snapshot.subscription(id) }
    /// From the snapshot.
    func allSubscriptions() throws -> [Subscription] { snapshot.subscriptions }
    /// From the transaction.
    func serviceState(service: String, key: String) throws -> [String: [UInt8]] { try base.serviceState(service: service, key: key) }
    /// From the transaction.
    func allServiceStates() throws -> [ObjectState] { try base.allServiceStates() }
    /// From the transaction.
    func invocation(_ id: InvocationID) throws -> InvocationRecord? { try base.invocation(id) }
    /// From the transaction.
    func allInvocations() throws -> [InvocationRecord] { try base.allInvocations() }
    /// From the transaction.
    func pinnedInvocationCount(_ deployment: DeploymentID) throws -> Int { try base.pinnedInvocationCount(deployment) }
    /// From the transaction.
    func changes(after version: UInt64, limit: Int) throws -> [RegistryChange]? { try base.changes(after: version, limit: limit) }
}
