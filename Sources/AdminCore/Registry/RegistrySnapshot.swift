import HashTreeCollections

/// The whole registry at one version, immutable and in memory: every deployment (with its
/// service revisions), the latest-revision pointers and the subscriptions.
///
/// A snapshot advances by applying the next version's ``RegistryChange``; the result shares every
/// untouched record with its predecessor (persistent hash tries), so advancing costs what the
/// change touches, not the size of the registry, and older snapshots stay valid for whoever
/// still reads them.
public struct RegistrySnapshot: Sendable {
    /// The registry version this snapshot shows.
    public let version: UInt64
    private var deploymentsByID: TreeDictionary<DeploymentID, Deployment>
    private var latestByService: TreeDictionary<String, LatestRevision>
    private var subscriptionsByID: TreeDictionary<SubscriptionID, Subscription>

    /// An empty registry at `version`.
    public init(version: UInt64 = 0) {
        self.version = version
        deploymentsByID = [:]
        latestByService = [:]
        subscriptionsByID = [:]
    }

    /// The registry as `reader` sees it, loaded whole.
    public init(loading reader: any StorageReader) throws {
        version = try reader.schemaVersion()
        deploymentsByID = TreeDictionary(uniqueKeysWithValues: try reader.allDeployments().map { ($0.id, $0) })
        latestByService = TreeDictionary(uniqueKeysWithValues: try reader.allLatestRevisions().map { ($0.key, $0.value) })
        subscriptionsByID = TreeDictionary(uniqueKeysWithValues: try reader.allSubscriptions().map { ($0.id, $0) })
    }

    private init(
        version: UInt64, deployments: TreeDictionary<DeploymentID, Deployment>, latest: TreeDictionary<String, LatestRevision>,
        subscriptions: TreeDictionary<SubscriptionID, Subscription>
    ) {
        self.version = version
        deploymentsByID = deployments
        latestByService = latest
        subscriptionsByID = subscriptions
    }

    /// The snapshot at `change.version`.
    /// - Precondition: `change.version == version + 1`.
    public func applying(_ change: RegistryChange) -> RegistrySnapshot {
        precondition(change.version == version + 1, "change \(change.version) does not follow version \(version)")
        var deployments = deploymentsByID
        var latest = latestByService
        var subscriptions = subscriptionsByID
        for id in change.removedDeployments { deployments[id] = nil }
        for deployment in change.deployments { deployments[deployment.id] = deployment }
        for (service, pointer) in change.latest { latest[service] = pointer }
        for id in change.removedSubscriptions { subscriptions[id] = nil }
        for subscription in change.subscriptions { subscriptions[subscription.id] = subscription }
        return RegistrySnapshot(version: change.version, deployments: deployments, latest: latest, subscriptions: subscriptions)
    }

    /// How many deployments there are.
    public var deploymentCount: Int { deploymentsByID.count }

    /// One deployment.
    public func deployment(_ id: DeploymentID) -> Deployment? { deploymentsByID[id] }

    /// Every deployment, sorted by id.
    public var deployments: [Deployment] {
        // Sorting the small keys, then looking each record up, moves 16 bytes per swap, not a record.
        deploymentsByID.keys.sorted().compactMap { deploymentsByID[$0] }
    }

    /// The names of the services that have a latest revision, sorted.
    public var serviceNames: [String] { latestByService.keys.sorted() }

    /// Who holds the latest revision of `service`.
    public func latestRevision(of service: String) -> LatestRevision? { latestByService[service] }

    /// Every latest-revision pointer, by service.
    public var latestRevisions: [String: LatestRevision] { Dictionary(uniqueKeysWithValues: latestByService.map { ($0.key, $0.value) }) }

    /// The deployment holding the latest revision of `service`, and that revision.
    public func latestServiceRevision(of service: String) -> (deployment: Deployment, revision: ServiceRevision)? {
        guard let latest = latestByService[service], let deployment = deploymentsByID[latest.deploymentID],
            let revision = deployment.services[service]
        else { return nil }
        return (deployment, revision)
    }

    /// One subscription.
    public func subscription(_ id: SubscriptionID) -> Subscription? { subscriptionsByID[id] }

    /// Every subscription, sorted by id.
    public var subscriptions: [Subscription] { subscriptionsByID.keys.sorted().compactMap { subscriptionsByID[$0] } }

    /// Whether both snapshots hold the same records (whatever their versions).
    public func hasSameRecords(as other: RegistrySnapshot) -> Bool {
        deploymentsByID == other.deploymentsByID && latestByService == other.latestByService
            && subscriptionsByID == other.subscriptionsByID
    }
}
