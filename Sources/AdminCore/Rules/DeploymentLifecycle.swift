/// The deployment lifecycle this project adds to Restate's (BEHAVIOR.md §5.8): whether a
/// deployment is still needed, removing it only when it is not, promoting an older one back to
/// the latest, and the history of a service's revisions. Pure functions over a registry view.
public enum DeploymentLifecycle {
    /// The status of `deployment`.
    /// - Parameters:
    ///   - deployment: the deployment.
    ///   - registry: the registry (the latest pointers of its services, and the pinned-invocation
    ///     index).
    public static func status(of deployment: Deployment, in registry: any StorageReader) throws -> DeploymentStatus {
        let latestFor = try deployment.services.keys.filter { try registry.latestRevision(of: $0)?.deploymentID == deployment.id }
        return DeploymentStatus(latestFor: latestFor, pinnedInvocations: try registry.pinnedInvocationCount(deployment.id))
    }

    /// The status of every deployment, in id order, from one pass over the latest pointers.
    public static func statuses(in registry: any StorageReader) throws -> [(Deployment, DeploymentStatus)] {
        var latestFor: [DeploymentID: [String]] = [:]
        for (service, pointer) in try registry.allLatestRevisions() { latestFor[pointer.deploymentID, default: []].append(service) }
        return try registry.allDeployments().map { deployment in
            (
                deployment,
                DeploymentStatus(latestFor: latestFor[deployment.id] ?? [], pinnedInvocations: try registry.pinnedInvocationCount(deployment.id))
            )
        }
    }

    /// Refuses to remove a deployment that is still needed (a removal without `force`).
    /// - Throws: `.conflict` naming the services an active deployment is the latest for, or the
    ///   number of invocations that keep a draining one.
    public static func checkRemovable(_ id: DeploymentID, status: DeploymentStatus) throws(AdminError) {
        switch status.state {
        case .drained:
            return
        case .active:
            let services = status.latestFor.joined(separator: ", ")
            throw AdminError(
                .conflict,
                "The deployment '\(id)' is active: it holds the latest revision of [\(services)]. Register or promote another "
                    + "deployment for them first, or remove it anyway with force=true."
            )
        case .draining:
            let count = status.pinnedInvocations
            throw AdminError(
                .conflict,
                "The deployment '\(id)' is draining: \(count) invocation\(count == 1 ? " that has" : "s that have") not completed "
                    + "\(count == 1 ? "is" : "are") pinned to it. Remove it once they complete, or anyway with force=true."
            )
        }
    }

    /// Makes the services of an existing deployment point to it again, without a discovery.
    ///
    /// Every service of the deployment whose latest revision is elsewhere gets a new revision,
    /// numbered the service's highest revision + 1 and created at `now`, copied from the revision
    /// the deployment holds (settings included), which it replaces. Services already pointing to
    /// it are left as they are. The copies are checked against the current latest revisions as a
    /// registration is (R22–R24).
    /// - Returns: the changes (none when nothing moves) and the deployment as it would be stored.
    /// - Throws: `.notFound` for an unknown deployment; META0006 listing every breaking change
    ///   unless `allowBreaking`.
    public static func promote(
        _ id: DeploymentID, allowBreaking: AllowBreakingChanges, in registry: any StorageReader, now: Int64
    ) throws(AdminError) -> (changes: RegistryChanges, deployment: Deployment) {
        var overlay = RegistryOverlay(base: registry)
        guard let deployment = try SchemaUpdater.storage({ try overlay.deployment(id) }) else {
            throw AdminError(.notFound, "The requested deployment '\(id)' does not exist")
        }
        var promoted = deployment
        var violations: [BreakingChange] = []
        for name in deployment.services.keys.sorted() {
            guard let held = deployment.services[name] else { continue }
            let pointer = try SchemaUpdater.storage { try overlay.latestRevision(of: name) }
            if pointer?.deploymentID == id { continue }
            if let current = try SchemaUpdater.storage({ try overlay.latestServiceRevision(of: name) }) {
                violations += BreakingChangeDetector.violations(latest: current, proposed: held)
            }
            let highest = try SchemaUpdater.storage { try overlay.revisionHolders(of: name, limit: 1).first?.revision } ?? held.revision
            var revision = held
            revision.revision = highest &+ 1
            revision.createdAtMilliseconds = now
            promoted.services[name] = revision
        }
        if !violations.isEmpty, allowBreaking == .no { throw BreakingChangeDetector.error(for: violations) }
        guard promoted != deployment else { return (RegistryChanges(), deployment) }
        try SchemaUpdater.storage { try overlay.put(promoted) }
        return (overlay.changes, promoted)
    }

    /// The revisions of `service` held by existing deployments, by revision ascending (ties by
    /// deployment id), each with what changed from the one listed before it.
    /// - Throws: `.notFound` when no deployment holds the service.
    public static func history(of service: String, in registry: any StorageReader) throws -> [ServiceHistoryEntry] {
        let holders = try registry.revisionHolders(of: service, limit: Int.max)
            .sorted { ($0.revision, $0.deploymentID) < ($1.revision, $1.deploymentID) }
        var entries: [ServiceHistoryEntry] = []
        var previous: ServiceRevision?
        for holder in holders {
            guard let deployment = try registry.deployment(holder.deploymentID), let revision = deployment.services[service] else { continue }
            entries.append(
                ServiceHistoryEntry(
                    revision: revision, deploymentID: deployment.id, createdAtMilliseconds: revision.createdAt(in: deployment),
                    changes: RevisionChange.between(previous, revision)
                ))
            previous = revision
        }
        guard !entries.isEmpty else { throw AdminError(.notFound, "The requested service '\(service)' does not exist") }
        return entries
    }
}

/// Whether a deployment is still needed (BEHAVIOR.md §5.8).
public struct DeploymentStatus: Hashable, Sendable {
    /// The three states.
    public enum State: String, Hashable, Sendable {
        /// The latest revision of at least one service points to it.
        case active
        /// Not active, but invocations that have not completed are pinned to it.
        case draining
        /// Neither: nothing needs it any more.
        case drained
    }

    /// The services whose latest revision it holds, sorted by name.
    public var latestFor: [String]
    /// How many invocations that have not completed are pinned to it.
    public var pinnedInvocations: Int

    /// Creates a status.
    public init(latestFor: [String], pinnedInvocations: Int) {
        self.latestFor = latestFor.sorted()
        self.pinnedInvocations = pinnedInvocations
    }

    /// The state these facts give.
    public var state: State { !latestFor.isEmpty ? .active : pinnedInvocations > 0 ? .draining : .drained }
}

/// One revision of a service in its history (`GET /services/{service}/revisions`).
public struct ServiceHistoryEntry: Hashable, Sendable {
    /// The revision as the deployment holds it.
    public var revision: ServiceRevision
    /// The deployment holding it.
    public var deploymentID: DeploymentID
    /// When the revision was created (see ``ServiceRevision/createdAt(in:)``).
    public var createdAtMilliseconds: Int64
    /// What changed from the revision listed before it (empty for the first).
    public var changes: [RevisionChange]
}

/// One difference between two consecutive revisions of a service.
public struct RevisionChange: Hashable, Sendable {
    /// What kind of difference.
    public enum Kind: String, Hashable, Sendable {
        /// A handler is new.
        case handlerAdded = "handler_added"
        /// A handler is gone.
        case handlerRemoved = "handler_removed"
        /// The service type changed.
        case serviceTypeChanged = "service_type_changed"
        /// A handler's type changed.
        case handlerTypeChanged = "handler_type_changed"
    }

    /// The kind.
    public var kind: Kind
    /// The handler concerned (`nil` for a service type change).
    public var handler: String?
    /// The type before (a service or handler type name), when there is one.
    public var before: String?
    /// The type after, when there is one.
    public var after: String?

    /// What changed from `previous` to `next`: the service type first, then each handler by name.
    public static func between(_ previous: ServiceRevision?, _ next: ServiceRevision) -> [RevisionChange] {
        guard let previous else { return [] }
        var changes: [RevisionChange] = []
        if previous.ty != next.ty {
            changes.append(RevisionChange(kind: .serviceTypeChanged, before: previous.ty.adminName, after: next.ty.adminName))
        }
        for name in Set(previous.handlers.keys).union(next.handlers.keys).sorted() {
            switch (previous.handlers[name], next.handlers[name]) {
            case (nil, _?): changes.append(RevisionChange(kind: .handlerAdded, handler: name))
            case (_?, nil): changes.append(RevisionChange(kind: .handlerRemoved, handler: name))
            case (let before?, let after?) where before.ty != after.ty:
                changes.append(RevisionChange(kind: .handlerTypeChanged, handler: name, before: before.ty?.adminName, after: after.ty?.adminName))
            default: break
            }
        }
        return changes
    }

    /// Creates a change.
    public init(kind: Kind, handler: String? = nil, before: String? = nil, after: String? = nil) {
        self.kind = kind
        self.handler = handler
        self.before = before
        self.after = after
    }
}
