/// The deployment lifecycle (BEHAVIOR.md §5.8, ``DeploymentLifecycle``): status, safe removal,
/// promotion, service history.
///
/// Without a host runtime that records invocations (``recordInvocation(_:)``), nothing is ever
/// pinned, so "drained" then only means "the latest for no service".
extension AdminService {
    /// One deployment with its status, read in one transaction.
    /// - Throws: `.notFound` "The requested deployment '…' does not exist".
    public func deploymentStatus(_ id: DeploymentID) async throws -> (deployment: Deployment, status: DeploymentStatus) {
        try await storage.read { reader in
            guard let deployment = try reader.deployment(id) else { throw Self.unknownDeployment(id) }
            return (deployment, try DeploymentLifecycle.status(of: deployment, in: try registry.reader(over: reader)))
        }
    }

    /// Every deployment with its status, sorted by id, read in one transaction.
    public func deploymentsWithStatus() async throws -> [(deployment: Deployment, status: DeploymentStatus)] {
        try await storage.read { reader in try DeploymentLifecycle.statuses(in: reader).map { (deployment: $0.0, status: $0.1) } }
    }

    /// Removes a deployment (DELETE /deployments/{id}).
    ///
    /// With `force`, as Restate does (R38–R39). Without it, only a drained deployment is removed;
    /// the check and the removal happen in one write transaction, so nothing can make it active or
    /// pin an invocation to it in between.
    /// - Throws: `.notFound`; `.conflict` for an active or a draining deployment (nothing changes).
    public func removeDeployment(_ id: DeploymentID, force: Bool) async throws {
        try await loadRegistryIfNeeded()
        guard !force else { return try await removeDeployment(id) }
        let change = try await storage.write { writer in
            guard let deployment = try writer.deployment(id) else { throw Self.unknownDeployment(id) }
            try DeploymentLifecycle.checkRemovable(id, status: try DeploymentLifecycle.status(of: deployment, in: try registry.reader(over: writer)))
            return try SchemaUpdater.removeDeployment(id, in: try registry.reader(over: writer)).apply(to: writer)
        }
        change.map(registry.record)
    }

    /// Makes an existing deployment the latest for its services again (POST
    /// /deployments/{id}/promote, ``DeploymentLifecycle/promote(_:allowBreaking:in:now:)``).
    /// - Parameters:
    ///   - id: the deployment.
    ///   - allowBreaking: whether breaking changes against the current latest revisions are allowed.
    ///   - mode: `.dryRun` answers what would result and stores nothing.
    /// - Returns: the deployment after the promotion.
    public func promoteDeployment(_ id: DeploymentID, allowBreaking: AllowBreakingChanges, mode: ApplyMode = .apply) async throws -> Deployment {
        try await loadRegistryIfNeeded()
        let now = currentTime()
        switch mode {
        case .dryRun:
            return try await storage.read { reader in
                try DeploymentLifecycle.promote(id, allowBreaking: allowBreaking, in: try registry.reader(over: reader), now: now).deployment
            }
        case .apply:
            let (change, deployment) = try await storage.write { writer in
                let (changes, deployment) = try DeploymentLifecycle.promote(
                    id, allowBreaking: allowBreaking, in: try registry.reader(over: writer), now: now)
                return (try changes.apply(to: writer), deployment)
            }
            change.map(registry.record)
            logger.info("deployment promoted", metadata: ["deployment": "\(id)", "version": "\(change?.version.description ?? "unchanged")"])
            return deployment
        }
    }

    /// The revisions of `service` still held by deployments, oldest first, with what changed
    /// between them (GET /services/{service}/revisions).
    /// - Throws: `.notFound` "The requested service '…' does not exist".
    public func serviceHistory(_ service: String) async throws -> [ServiceHistoryEntry] {
        try await storage.read { reader in try DeploymentLifecycle.history(of: service, in: reader) }
    }

    static func unknownDeployment(_ id: DeploymentID) -> AdminError {
        AdminError(.notFound, "The requested deployment '\(id)' does not exist")
    }
}
