import Foundation
import Logging

/// The facade an embedder calls: register, update, delete and read deployments; read and modify
/// services and handlers; follow the registry's changes.
///
/// It orchestrates the pure ``SchemaUpdater`` rules, the ``DiscoveryClient`` and a ``Storage``:
/// discovery runs outside any transaction, then the rules run inside one write transaction (or a
/// read transaction for a dry run) and their changes are applied atomically, as one new registry
/// version. Schema reads are answered from an in-memory ``RegistrySnapshot`` that follows the
/// storage (see ``snapshot()``); copies of the service share it.
public struct AdminService: Sendable {
    /// The store.
    public let storage: any Storage
    /// The discovery client.
    public let discovery: any DiscoveryClient
    /// Where invocation commands go (``RecordOnlyInvocationController`` unless a host runtime
    /// supplies its own).
    public let invocations: any InvocationController
    /// Where object state lives (``StorageServiceStateStore`` on ``storage`` unless a host runtime
    /// supplies its own).
    public let state: any ServiceStateStore
    /// The settings the rules read.
    public let configuration: AdminConfiguration
    /// Where registrations and discoveries are counted and timed.
    public let metrics: AdminMetrics
    /// Where operations are logged.
    public let logger: Logger
    private let clock: @Sendable () -> Int64
    private let makeID: @Sendable () -> DeploymentID
    /// The in-memory registry and the change stream's subscribers.
    let registry = RegistryModel()

    /// Creates the facade.
    /// - Parameters:
    ///   - storage: the store.
    ///   - discovery: the discovery client.
    ///   - configuration: the settings (Restate's defaults when omitted).
    ///   - invocations: the host runtime's controller of invocations.
    ///   - state: the host runtime's state store (`nil`: the state lives in `storage`).
    ///   - metrics: where to record metrics (the bootstrapped `MetricsSystem` by default).
    ///   - logger: where to log (nowhere by default: the embedder decides).
    ///   - clock: the current time in milliseconds since the Unix epoch.
    ///   - makeID: a generator of new deployment ids.
    public init(
        storage: any Storage, discovery: any DiscoveryClient, configuration: AdminConfiguration = .init(),
        invocations: any InvocationController = RecordOnlyInvocationController(),
        state: (any ServiceStateStore)? = nil,
        metrics: AdminMetrics = AdminMetrics(),
        logger: Logger = Logger(label: "restate-admin", factory: { _ in SwiftLogNoOpLogHandler() }),
        clock: @escaping @Sendable () -> Int64 = { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) },
        makeID: @escaping @Sendable () -> DeploymentID = { DeploymentID.generate() }
    ) {
        self.storage = storage
        self.discovery = discovery
        self.invocations = invocations
        self.state = state ?? StorageServiceStateStore(storage: storage)
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
        self.clock = clock
        self.makeID = makeID
    }

    // MARK: Deployments

    /// Registers a deployment (POST /deployments).
    ///
    /// Without overwrite, an existing deployment at the same address is returned unchanged and the
    /// endpoint is not contacted. Otherwise the endpoint is discovered and the registration rules
    /// applied; in a dry run nothing is stored. Every call is counted in
    /// ``AdminMetrics/registrations``.
    public func registerDeployment(_ request: RegistrationRequest) async throws -> RegistrationOutcome {
        do {
            let outcome = try await register(request)
            metrics.registration(.success(outcome), dryRun: request.mode == .dryRun)
            return outcome
        } catch {
            metrics.registration(.failure(error), dryRun: request.mode == .dryRun)
            throw error
        }
    }

    private func register(_ request: RegistrationRequest) async throws -> RegistrationOutcome {
        try await loadRegistryIfNeeded()
        if request.overwrite == .no {
            let configuration = self.configuration
            let registry = self.registry
            let existing = try await storage.read { base in
                let reader = try registry.reader(over: base)
                return try SchemaUpdater.sameEndpoint(as: request.address, headers: request.additionalHeaders, configuration: configuration) {
                    try reader.deploymentIDs(withIdentityKey: $0).compactMap { try reader.deployment($0) }
                }
            }
            if let existing { return RegistrationOutcome(result: .unchanged, deployment: existing) }
        }
        let discovered = try await discover(DiscoveryRequest(address: request.address, additionalHeaders: request.additionalHeaders))
        let configuration = self.configuration
        let newID = makeID()
        let now = clock()
        let outcome: RegistrationOutcome
        switch request.mode {
        case .dryRun:
            outcome = try await storage.read { reader in
                try SchemaUpdater.register(
                    request, discovered: discovered, in: try registry.reader(over: reader), configuration: configuration, newID: newID, now: now
                ).outcome
            }
        case .apply:
            let committed = try await storage.write { writer in
                let (changes, outcome) = try SchemaUpdater.register(
                    request, discovered: discovered, in: try registry.reader(over: writer), configuration: configuration, newID: newID, now: now
                )
                return (try changes.apply(to: writer), outcome)
            }
            committed.0.map(registry.record)
            outcome = committed.1
        }
        logger.info("deployment registered", metadata: ["deployment": "\(outcome.deployment.id)", "result": "\(outcome.result.rawValue)"])
        return outcome
    }

    /// Updates a deployment in place (PATCH /deployments/{id}).
    ///
    /// A request with no address field and no headers returns the current deployment without
    /// contacting it. Otherwise the resulting address is discovered and the update rules applied.
    public func updateDeployment(_ request: UpdateRequest) async throws -> Deployment {
        try await loadRegistryIfNeeded()
        let current = try await storage.read { try $0.deployment(request.id) }
        guard let current else {
            if request.address.map(\.isEmpty) ?? true, request.additionalHeaders == nil {
                throw AdminError(.notFound, "The requested deployment '\(request.id)' does not exist")
            }
            throw AdminError(.notFound, "not found in the schema registry: \(request.id)")
        }
        if request.address?.isEmpty ?? true, request.additionalHeaders == nil { return current }
        let requested = try request.address?.resolve(against: current) ?? SchemaUpdater.currentRequestedAddress(current)
        let headers = request.additionalHeaders ?? current.additionalHeaders
        let discovered = try await discover(DiscoveryRequest(address: requested, additionalHeaders: headers))
        let configuration = self.configuration
        let now = clock()
        switch request.mode {
        case .dryRun:
            return try await storage.read { reader in
                try SchemaUpdater.update(
                    request, discovered: discovered, in: try registry.reader(over: reader), configuration: configuration, now: now
                ).deployment
            }
        case .apply:
            let (change, deployment) = try await storage.write { writer in
                let (changes, deployment) = try SchemaUpdater.update(
                    request, discovered: discovered, in: try registry.reader(over: writer), configuration: configuration, now: now)
                return (try changes.apply(to: writer), deployment)
            }
            change.map(registry.record)
            return deployment
        }
    }

    /// Removes a deployment (DELETE /deployments/{id}?force=true).
    public func removeDeployment(_ id: DeploymentID) async throws {
        try await loadRegistryIfNeeded()
        let change = try await storage.write { writer in
            try SchemaUpdater.removeDeployment(id, in: try registry.reader(over: writer)).apply(to: writer)
        }
        change.map(registry.record)
    }

    /// Every deployment, sorted by id.
    public func deployments() async throws -> [Deployment] {
        try await view().deployments
    }

    /// One deployment.
    /// - Throws: `.notFound` "The requested deployment '…' does not exist".
    public func deployment(_ id: DeploymentID) async throws -> Deployment {
        try await view().deployment(id)
    }

    /// The views of a deployment's own service revisions.
    public func services(of deployment: Deployment) -> [ServiceMetadata] {
        ServiceMetadata.all(of: deployment, configuration: configuration)
    }

    // MARK: Services

    /// The latest revision of every service, sorted by name.
    public func services() async throws -> [ServiceMetadata] {
        try await view().services
    }

    /// The latest revision of one service.
    /// - Throws: `.notFound` "The requested service '…' does not exist".
    public func service(_ name: String) async throws -> ServiceMetadata {
        try await view().service(name)
    }

    /// Modifies service-level settings of the latest revision (PATCH /services/{name}). An empty
    /// change set behaves like ``service(_:)``.
    public func modifyService(_ name: String, changes: ServiceChanges) async throws -> ServiceMetadata {
        try await loadRegistryIfNeeded()
        if changes.isEmpty { return try await service(name) }
        let (change, revision, deployment) = try await storage.write { writer in
            let (registryChanges, revision, deployment) = try SchemaUpdater.modifyService(
                name, changes: changes, in: try registry.reader(over: writer))
            return (try registryChanges.apply(to: writer), revision, deployment)
        }
        change.map(registry.record)
        return ServiceMetadata(revision, in: deployment, configuration: configuration)
    }

    /// The handlers of a service's latest revision.
    public func handlers(of service: String) async throws -> [HandlerMetadata] {
        try await view().handlers(of: service)
    }

    /// One handler of a service's latest revision.
    /// - Throws: `.notFound` "The requested handler '…' on service '…' does not exist", also when
    ///   the service is unknown.
    public func handler(_ handler: String, of service: String) async throws -> HandlerMetadata {
        try await view().handler(handler, of: service)
    }

    /// How new invocations of `service/handler` would be configured, or `nil` if not routable.
    public func invocationTarget(service: String, handler: String) async throws -> InvocationTarget? {
        try await snapshot().latestServiceRevision(of: service).flatMap {
            InvocationTarget($0.revision, handler: handler, configuration: configuration)
        }
    }

    /// The attempt options of `service/handler` in one deployment's own copy.
    public func attemptOptions(deployment: DeploymentID, service: String, handler: String) async throws -> InvocationAttemptOptions? {
        try await snapshot().deployment(deployment)?.services[service].flatMap { InvocationAttemptOptions($0, handler: handler) }
    }

    // MARK: Helpers

    /// The current time from the service's clock, in milliseconds since the Unix epoch.
    func currentTime() -> Int64 { clock() }

    /// Calls the discovery client, timed in ``AdminMetrics/discoveryDuration``; failures are
    /// counted by code in ``AdminMetrics/discoveryFailures``.
    private func discover(_ request: DiscoveryRequest) async throws -> DiscoveredEndpoint {
        let start = ContinuousClock.now
        do {
            let endpoint = try await discovery.discover(request)
            metrics.discovery(duration: ContinuousClock.now - start, failure: nil)
            return endpoint
        } catch {
            let failure =
                error as? AdminError ?? AdminError(.discovery, code: .meta0003, "error when calling '\(request.address)': \(error)")
            metrics.discovery(duration: ContinuousClock.now - start, failure: failure)
            throw failure
        }
    }
}
