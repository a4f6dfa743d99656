/// The schema reads of the Admin API, answered from one ``RegistrySnapshot``: every read of one
/// view sees the same registry version, and its not-found errors are Restate's.
public struct RegistryView: Sendable {
    /// The registry the view reads.
    public let snapshot: RegistrySnapshot
    /// The settings the service views are completed with (defaults, clamps).
    public let configuration: AdminConfiguration

    /// Creates a view of `snapshot`.
    public init(snapshot: RegistrySnapshot, configuration: AdminConfiguration) {
        self.snapshot = snapshot
        self.configuration = configuration
    }

    /// The registry version the view shows.
    public var version: UInt64 { snapshot.version }

    /// Every deployment, sorted by id.
    public var deployments: [Deployment] { snapshot.deployments }

    /// One deployment.
    /// - Throws: `.notFound` "The requested deployment '…' does not exist".
    public func deployment(_ id: DeploymentID) throws(AdminError) -> Deployment {
        guard let deployment = snapshot.deployment(id) else {
            throw AdminError(.notFound, "The requested deployment '\(id)' does not exist")
        }
        return deployment
    }

    /// The views of a deployment's own service revisions, sorted by name.
    public func services(of deployment: Deployment) -> [ServiceMetadata] {
        ServiceMetadata.all(of: deployment, configuration: configuration)
    }

    /// The latest revision of every service, sorted by name.
    public var services: [ServiceMetadata] {
        snapshot.serviceNames.compactMap { name in
            snapshot.latestServiceRevision(of: name).map { ServiceMetadata($0.revision, in: $0.deployment, configuration: configuration) }
        }
    }

    /// The latest revision of one service.
    /// - Throws: `.notFound` "The requested service '…' does not exist".
    public func service(_ name: String) throws(AdminError) -> ServiceMetadata {
        guard let (deployment, revision) = snapshot.latestServiceRevision(of: name) else {
            throw AdminError(.notFound, "The requested service '\(name)' does not exist")
        }
        return ServiceMetadata(revision, in: deployment, configuration: configuration)
    }

    /// The handlers of a service's latest revision.
    /// - Throws: `.notFound` "The requested service '…' does not exist".
    public func handlers(of service: String) throws(AdminError) -> [HandlerMetadata] {
        try self.service(service).handlers
    }

    /// One handler of a service's latest revision.
    /// - Throws: `.notFound` "The requested handler '…' on service '…' does not exist", also when
    ///   the service is unknown.
    public func handler(_ handler: String, of service: String) throws(AdminError) -> HandlerMetadata {
        guard let found = (try? self.service(service))?.handlers.first(where: { $0.name == handler }) else {
            throw AdminError(.notFound, "The requested handler '\(handler)' on service '\(service)' does not exist")
        }
        return found
    }

    /// Every subscription whose canonical source and sink equal the given filters, sorted by id.
    public func subscriptions(source: String? = nil, sink: String? = nil) -> [Subscription] {
        snapshot.subscriptions.filter { (source == nil || $0.source == source) && (sink == nil || $0.sink == sink) }
    }

    /// One subscription.
    /// - Throws: `.notFound` "The requested subscription '…' does not exist".
    public func subscription(_ id: SubscriptionID) throws(AdminError) -> Subscription {
        guard let found = snapshot.subscription(id) else {
            throw AdminError(.notFound, "The requested subscription '\(id)' does not exist")
        }
        return found
    }
}
