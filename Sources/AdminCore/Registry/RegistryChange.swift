/// What one committed schema write changed, tagged with the registry version it created.
///
/// Every write that changes the schema (deployments, service revisions, service settings,
/// subscriptions) bumps the registry version by one and appends its change to the storage's
/// change log in the same transaction, so the log and the data always agree. Applying the changes
/// of versions `v+1 … w`, in order, to the registry at version `v` gives the registry at `w`.
public struct RegistryChange: Hashable, Sendable, Codable {
    /// How many versions a backend's change log keeps by default.
    public static let defaultLogRetention = 10_000

    /// When a change log holding versions `oldest…newest` should be compacted: the version up to
    /// which entries are dropped (keeping the last `retention`), or `nil` while the log holds at
    /// most `retention` plus an eighth of it. Compacting in batches keeps the cost of most writes
    /// flat: only one write in every eighth of the retention deletes old entries.
    public static func compactionHorizon(oldest: UInt64?, newest: UInt64, retention: Int) -> UInt64? {
        guard let oldest, newest >= oldest else { return nil }
        let slack = UInt64(max(retention / 8, 1))
        guard newest - oldest + 1 > UInt64(retention) + slack else { return nil }
        return newest - UInt64(retention)
    }

    /// The registry version this change created.
    public var version: UInt64
    /// Deployments inserted or replaced, whole (with all their service revisions), by id.
    public var deployments: [Deployment]
    /// Deployments removed.
    public var removedDeployments: [DeploymentID]
    /// Services whose latest-revision pointer moved, with the new pointer (`nil`: the service is gone).
    public var latest: [String: LatestRevision?]
    /// Subscriptions created.
    public var subscriptions: [Subscription]
    /// Subscriptions removed.
    public var removedSubscriptions: [SubscriptionID]

    /// Creates a change.
    public init(
        version: UInt64, deployments: [Deployment] = [], removedDeployments: [DeploymentID] = [],
        latest: [String: LatestRevision?] = [:], subscriptions: [Subscription] = [], removedSubscriptions: [SubscriptionID] = []
    ) {
        self.version = version
        self.deployments = deployments
        self.removedDeployments = removedDeployments
        self.latest = latest
        self.subscriptions = subscriptions
        self.removedSubscriptions = removedSubscriptions
    }

    private enum Keys: String, CodingKey {
        case version, deployments, removedDeployments, latest, subscriptions, removedSubscriptions
    }

    /// A latest-pointer entry of the encoded form (a JSON object cannot hold `null` pointers
    /// portably, so the map is a list of entries).
    private struct Pointer: Codable {
        var service: String
        var latest: LatestRevision?
    }

    /// Decodes a change from its stored form.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        version = try c.decode(UInt64.self, forKey: .version)
        deployments = try c.decodeIfPresent([Deployment].self, forKey: .deployments) ?? []
        removedDeployments = try c.decodeIfPresent([DeploymentID].self, forKey: .removedDeployments) ?? []
        let pointers = try c.decodeIfPresent([Pointer].self, forKey: .latest) ?? []
        latest = Dictionary(pointers.map { ($0.service, $0.latest) }, uniquingKeysWith: { $1 })
        subscriptions = try c.decodeIfPresent([Subscription].self, forKey: .subscriptions) ?? []
        removedSubscriptions = try c.decodeIfPresent([SubscriptionID].self, forKey: .removedSubscriptions) ?? []
    }

    /// Encodes the change (empty lists are left out).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(version, forKey: .version)
        if !deployments.isEmpty { try c.encode(deployments, forKey: .deployments) }
        if !removedDeployments.isEmpty { try c.encode(removedDeployments, forKey: .removedDeployments) }
        if !latest.isEmpty {
            try c.encode(latest.sorted { $0.key < $1.key }.map { Pointer(service: $0.key, latest: $0.value) }, forKey: .latest)
        }
        if !subscriptions.isEmpty { try c.encode(subscriptions, forKey: .subscriptions) }
        if !removedSubscriptions.isEmpty { try c.encode(removedSubscriptions, forKey: .removedSubscriptions) }
    }
}
