/// A transactional store for the admin registry.
///
/// The contract every backend honours (``InMemoryStorage``, `SQLiteStorage`, `LMDBStorage`, or a
/// third party's; `AdminStorageTestKit` checks it):
/// - ``read(_:)`` runs `body` against a consistent snapshot: it never sees half of a write.
/// - ``write(_:)`` runs `body` in a serialized transaction that sees its own writes; it commits when
///   `body` returns and rolls back when it throws. A backend may run `body` more than once (for
///   example after a transient conflict), so `body` must be pure: read, compute, write.
/// - The reader or writer handed to `body` is valid only inside `body`; do not escape it, and do
///   not `await` inside (the closures are synchronous on purpose).
/// - When ``write(_:)`` returns, the change is durable to the degree the backend promises (the
///   SQLite and LMDB backends default to surviving a crash of the process or machine).
/// - Failures of the engine itself are reported as ``AdminError`` with kind `.storage`, carrying
///   the engine's message.
/// - The registry version (``StorageReader/schemaVersion()``) and the change log: every write
///   that changes the schema sets the version to the next one and appends its ``RegistryChange``
///   (``StorageWriter/appendChange(_:)``) in the same transaction, so a commit holds both or
///   neither and versions have no gaps, whatever the number of writers. The log keeps at least the
///   latest entries the backend was configured to keep (10,000 by default) and drops older ones;
///   ``StorageReader/changes(after:limit:)`` says when it no longer reaches back far enough.
public protocol Storage: Sendable {
    /// Runs `body` against a consistent snapshot.
    func read<T: Sendable>(_ body: @Sendable (any StorageReader) throws -> T) async throws -> T
    /// Runs `body` in a serialized read-write transaction: commit on return, rollback on throw.
    func write<T: Sendable>(_ body: @Sendable (any StorageWriter) throws -> T) async throws -> T
    /// Releases the backend's resources. Further calls fail.
    func close() async throws
    /// The registry version of the latest commit, read as cheaply as the backend can (it is
    /// probed before every read of the in-memory registry, to see other writers' commits). The
    /// default reads it in a read transaction.
    func registryVersion() async throws -> UInt64
    /// Why the storage cannot be used right now, or `nil` when it can. A storage on a server
    /// (`PostgresStorage`) answers with an ``AdminError`` of kind `.unavailable` naming the cause
    /// while its database is unreachable, and `nil` again once it is back; the HTTP adapter then
    /// answers every request, `/health` included, with that error (`503`). Reading it costs no
    /// I/O. The default is `nil`: an embedded storage is available while it is open.
    var unavailability: AdminError? { get }
    /// Registry versions committed by any process sharing this storage, as they are announced
    /// (this process's own commits included). Announcements can be late, repeated or lost, so a
    /// reader still probes ``registryVersion()``; they only let a follower
    /// (``AdminService/followStorageCommits()``) catch up without waiting for a request. Each call
    /// returns a new stream that ends when the storage closes. The default stream ends at once:
    /// embedded storages have no announcements.
    func commitAnnouncements() -> AsyncStream<UInt64>
}

/// Read access to the registry inside a transaction. Every lookup is by key, so the cost of a
/// request does not grow with the size of the registry.
public protocol StorageReader {
    /// The schema version: +1 for every change (VERSIONING.md R48).
    func schemaVersion() throws -> UInt64
    /// A deployment with all its service revisions.
    func deployment(_ id: DeploymentID) throws -> Deployment?
    /// The ids of the deployments whose ``DeploymentAddress/identityKey`` equals `key`.
    func deploymentIDs(withIdentityKey key: String) throws -> [DeploymentID]
    /// One service revision stored in one deployment.
    func serviceRevision(_ service: String, in deployment: DeploymentID) throws -> ServiceRevision?
    /// Who holds the latest revision of `service`, if it exists.
    func latestRevision(of service: String) throws -> LatestRevision?
    /// The deployments holding `service`, highest revision first (ties: greatest deployment id
    /// first), at most `limit` of them.
    func revisionHolders(of service: String, limit: Int) throws -> [LatestRevision]
    /// Every deployment (for listings).
    func allDeployments() throws -> [Deployment]
    /// The latest-revision index (for listings).
    func allLatestRevisions() throws -> [String: LatestRevision]
    /// One subscription.
    func subscription(_ id: SubscriptionID) throws -> Subscription?
    /// Every subscription.
    func allSubscriptions() throws -> [Subscription]
    /// The state of one virtual object or workflow instance (empty when it has none).
    func serviceState(service: String, key: String) throws -> [String: [UInt8]]
    /// One invocation record.
    func invocation(_ id: InvocationID) throws -> InvocationRecord?
    /// How many invocations that have not completed are pinned to `deployment`: the ones that
    /// keep it draining (BEHAVIOR.md §5.8). A backend answers from an index kept by
    /// ``StorageWriter/putInvocation(_:)`` and ``StorageWriter/removeInvocation(_:)``, so the cost
    /// follows the answer, not the number of invocation records.
    func pinnedInvocationCount(_ deployment: DeploymentID) throws -> Int
    /// The logged changes after `version`, oldest first, at most `limit` of them; `nil` when the
    /// log does not hold version `version + 1` although the registry is newer (those entries were
    /// compacted away, or precede the log): the reader must then load the registry whole.
    func changes(after version: UInt64, limit: Int) throws -> [RegistryChange]?
    /// Every object (virtual object or workflow instance) that has state, with its whole state,
    /// sorted by service and then key (Swift `String` order). Objects without state are not
    /// listed. For a full dump (``StorageDump``); its cost follows the size of the store.
    func allServiceStates() throws -> [ObjectState]
    /// Every invocation record, sorted by id. For a full dump (``StorageDump``); its cost follows
    /// the number of records.
    func allInvocations() throws -> [InvocationRecord]
}

/// Write access to the registry inside a transaction; sees its own writes.
public protocol StorageWriter: StorageReader {
    /// Inserts or replaces a deployment and everything derived from it (its identity-key entry and
    /// its service revisions).
    func putDeployment(_ deployment: Deployment) throws
    /// Removes a deployment and everything derived from it; removing a missing id does nothing.
    func removeDeployment(_ id: DeploymentID) throws
    /// Sets (or, with `nil`, clears) the latest-revision pointer of `service`.
    func setLatestRevision(_ latest: LatestRevision?, of service: String) throws
    /// Sets the schema version.
    func setSchemaVersion(_ version: UInt64) throws
    /// Inserts or replaces a subscription.
    func putSubscription(_ subscription: Subscription) throws
    /// Removes a subscription; removing a missing id does nothing.
    func removeSubscription(_ id: SubscriptionID) throws
    /// Replaces the whole state of one object; an empty map deletes it.
    func setServiceState(service: String, key: String, state: [String: [UInt8]]) throws
    /// Inserts or replaces an invocation record.
    func putInvocation(_ invocation: InvocationRecord) throws
    /// Removes an invocation record; removing a missing id does nothing.
    func removeInvocation(_ id: InvocationID) throws
    /// Appends the change of the version this transaction sets to the change log, and drops the
    /// entries that fall out of the backend's retention. ``RegistryChanges/apply(to:)`` calls it.
    func appendChange(_ change: RegistryChange) throws
    /// Drops every entry of the change log and leaves the registry version as it is: afterwards
    /// ``StorageReader/changes(after:limit:)`` answers `nil` for every version before the current
    /// one (followers load the registry whole), and the next ``appendChange(_:)`` starts the log
    /// again. A restore (``StorageRestore``) calls it, as a migration that starts the log empty
    /// would; like every write, it rolls back with its transaction.
    func clearChangeLog() throws
}

extension Storage {
    /// The deployment with `id`, read in its own snapshot.
    public func deployment(_ id: DeploymentID) async throws -> Deployment? {
        try await read { try $0.deployment(id) }
    }

    /// The current schema version.
    public func schemaVersion() async throws -> UInt64 {
        try await read { try $0.schemaVersion() }
    }

    /// The registry version, read in a read transaction.
    public func registryVersion() async throws -> UInt64 {
        try await schemaVersion()
    }

    /// Always available (embedded storages).
    public var unavailability: AdminError? { nil }

    /// A stream that ends at once (embedded storages announce nothing).
    public func commitAnnouncements() -> AsyncStream<UInt64> {
        AsyncStream { $0.finish() }
    }
}

extension StorageReader {
    /// The deployment holding the latest revision of `service`, and that revision, if both exist.
    public func latestServiceRevision(of service: String) throws -> (deployment: Deployment, revision: ServiceRevision)? {
        guard let latest = try latestRevision(of: service), let deployment = try deployment(latest.deploymentID),
            let revision = deployment.services[service]
        else { return nil }
        return (deployment, revision)
    }
}
