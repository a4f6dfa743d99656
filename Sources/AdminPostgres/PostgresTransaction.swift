import AdminCore
import NIOCore
import PostgresNIO

/// A read transaction on one leased connection: every lookup is one indexed statement, in the
/// layout of the SQLite backend (deployments without their services; one row per service
/// revision, per latest-revision pointer, per state entry, per invocation, per logged change).
class PostgresReadTransaction: StorageReader {
    let session: PostgresSession
    let codec: RecordCodec

    init(session: PostgresSession) {
        self.session = session
        codec = RecordCodec(location: session.location)
    }

    func schemaVersion() throws -> UInt64 {
        try Self.schemaVersion(session)
    }

    /// The stored registry version (`FOR UPDATE` takes the row lock that serializes writers).
    static func schemaVersion(_ session: PostgresSession, forUpdate: Bool = false) throws(AdminError) -> UInt64 {
        let operation = forUpdate ? "lock the registry version" : "read the registry version"
        let rows = try session.rows(
            "SELECT value FROM admin_meta WHERE key = 'schema_version'" + (forUpdate ? " FOR UPDATE" : ""), operation: operation)
        guard let row = rows.first else { return 0 }
        return UInt64(bitPattern: try session.column(row, 0, as: Int64.self, operation: operation))
    }

    func deployment(_ id: DeploymentID) throws -> Deployment? {
        let operation = "read deployment"
        guard let row = try session.rows("SELECT json FROM deployments WHERE id = $1", binds(id.description), operation: operation).first else {
            return nil
        }
        var deployment = try decode(Deployment.self, row, 0, operation)
        for row in try session.rows("SELECT json FROM service_revisions WHERE deployment_id = $1", binds(id.description), operation: operation) {
            let revision = try decode(ServiceRevision.self, row, 0, operation)
            deployment.services[revision.name] = revision
        }
        return deployment
    }

    func deploymentIDs(withIdentityKey key: String) throws -> [DeploymentID] {
        let operation = "read identity index"
        return try session.rows("SELECT id FROM deployments WHERE identity_key = $1", binds(key), operation: operation).map {
            try parseID(try session.column($0, 0, as: String.self, operation: operation))
        }.sorted()
    }

    func serviceRevision(_ service: String, in deployment: DeploymentID) throws -> ServiceRevision? {
        let operation = "read service revision"
        let rows = try session.rows(
            "SELECT json FROM service_revisions WHERE deployment_id = $1 AND service = $2", binds(deployment.description, service),
            operation: operation)
        return try rows.first.map { try decode(ServiceRevision.self, $0, 0, operation) }
    }

    func latestRevision(of service: String) throws -> LatestRevision? {
        let operation = "read latest revision"
        let rows = try session.rows("SELECT deployment_id, revision FROM latest WHERE service = $1", binds(service), operation: operation)
        return try rows.first.map { try latest($0, from: 0, operation) }
    }

    func revisionHolders(of service: String, limit: Int) throws -> [LatestRevision] {
        guard limit > 0 else { return [] }
        let operation = "read revision holders"
        // Every holder whose revision ties with the `limit`-th highest, then the ids' own order.
        let rows = try session.rows(
            """
            SELECT deployment_id, revision FROM service_revisions WHERE service = $1 AND revision >= COALESCE(
                (SELECT revision FROM service_revisions WHERE service = $1 ORDER BY revision DESC OFFSET $2 LIMIT 1), 0)
            """,
            binds(service, Int64(limit - 1)), operation: operation)
        let holders = try rows.map { try latest($0, from: 0, operation) }
        return Array(holders.sorted { ($0.revision, $0.deploymentID) > ($1.revision, $1.deploymentID) }.prefix(limit))
    }

    func allDeployments() throws -> [Deployment] {
        let operation = "list deployments"
        var deployments: [String: Deployment] = [:]
        for row in try session.rows("SELECT id, json FROM deployments", operation: operation) {
            deployments[try session.column(row, 0, as: String.self, operation: operation)] = try decode(Deployment.self, row, 1, operation)
        }
        for row in try session.rows("SELECT deployment_id, json FROM service_revisions", operation: operation) {
            let revision = try decode(ServiceRevision.self, row, 1, operation)
            deployments[try session.column(row, 0, as: String.self, operation: operation)]?.services[revision.name] = revision
        }
        return deployments.values.sorted { $0.id < $1.id }
    }

    func allLatestRevisions() throws -> [String: LatestRevision] {
        let operation = "list latest revisions"
        var all: [String: LatestRevision] = [:]
        for row in try session.rows("SELECT service, deployment_id, revision FROM latest", operation: operation) {
            all[try session.column(row, 0, as: String.self, operation: operation)] = try latest(row, from: 1, operation)
        }
        return all
    }

    func subscription(_ id: SubscriptionID) throws -> Subscription? {
        let operation = "read subscription"
        let rows = try session.rows("SELECT json FROM subscriptions WHERE id = $1", binds(id.description), operation: operation)
        return try rows.first.map { try decode(Subscription.self, $0, 0, operation) }
    }

    func allSubscriptions() throws -> [Subscription] {
        let operation = "list subscriptions"
        return try session.rows("SELECT json FROM subscriptions", operation: operation).map { try decode(Subscription.self, $0, 0, operation) }
            .sorted { $0.id < $1.id }
    }

    func serviceState(service: String, key: String) throws -> [String: [UInt8]] {
        let operation = "read service state"
        var state: [String: [UInt8]] = [:]
        for row in try session.rows(
            "SELECT name, value FROM service_state WHERE service = $1 AND key = $2", binds(service, key), operation: operation)
        {
            state[try session.column(row, 0, as: String.self, operation: operation)] = try session.bytes(row, 1, operation: operation)
        }
        return state
    }

    func invocation(_ id: InvocationID) throws -> InvocationRecord? {
        let operation = "read invocation"
        let rows = try session.rows("SELECT json FROM invocations WHERE id = $1", binds(id.description), operation: operation)
        return try rows.first.map { try decode(InvocationRecord.self, $0, 0, operation) }
    }

    func pinnedInvocationCount(_ deployment: DeploymentID) throws -> Int {
        let operation = "count pinned invocations"
        let rows = try session.rows(
            "SELECT count(*) FROM invocations WHERE holding_deployment = $1", binds(deployment.description), operation: operation)
        return Int(try rows.first.map { try session.column($0, 0, as: Int64.self, operation: operation) } ?? 0)
    }

    func allServiceStates() throws -> [ObjectState] {
        let operation = "list service state"
        var states: [String: [String: ObjectState]] = [:]
        for row in try session.rows("SELECT service, key, name, value FROM service_state", operation: operation) {
            let service = try session.column(row, 0, as: String.self, operation: operation)
            let key = try session.column(row, 1, as: String.self, operation: operation)
            let name = try session.column(row, 2, as: String.self, operation: operation)
            states[service, default: [:]][key, default: ObjectState(service: service, key: key, entries: [:])].entries[name] =
                try session.bytes(row, 3, operation: operation)
        }
        return states.values.flatMap(\.values).sorted(by: ObjectState.listedBefore)
    }

    func allInvocations() throws -> [InvocationRecord] {
        let operation = "list invocations"
        return try session.rows("SELECT json FROM invocations", operation: operation).map { try decode(InvocationRecord.self, $0, 0, operation) }
            .sorted { $0.id < $1.id }
    }

    func changes(after version: UInt64, limit: Int) throws -> [RegistryChange]? {
        guard version < (try schemaVersion()) else { return [] }
        let operation = "read change log"
        let rows = try session.rows(
            "SELECT version, json FROM change_log WHERE version > $1 ORDER BY version LIMIT $2",
            binds(Int64(bitPattern: version), Int64(max(limit, 1))), operation: operation)
        guard let first = rows.first, UInt64(bitPattern: try session.column(first, 0, as: Int64.self, operation: operation)) == version + 1
        else { return nil }
        return try rows.prefix(limit).map { try decode(RegistryChange.self, $0, 1, operation) }
    }

    // MARK: - Coding

    func binds(_ values: any PostgresDynamicTypeEncodable...) -> PostgresBindings {
        var bindings = PostgresBindings(capacity: values.count)
        for value in values { bindings.append(value) }
        return bindings
    }

    func encode(_ value: some Encodable) throws -> ByteBuffer { ByteBuffer(bytes: try codec.encode(value)) }

    func decode<T: Decodable>(_ type: T.Type, _ row: PostgresRow, _ index: Int, _ operation: String) throws -> T {
        try codec.decode(type, from: try session.bytes(row, index, operation: operation))
    }

    func parseID<ID: ResourceID>(_ text: String) throws -> ID { try codec.id(text) }

    private func latest(_ row: PostgresRow, from index: Int, _ operation: String) throws -> LatestRevision {
        LatestRevision(
            deploymentID: try parseID(try session.column(row, index, as: String.self, operation: operation)),
            revision: UInt32(truncatingIfNeeded: try session.column(row, index + 1, as: Int64.self, operation: operation)))
    }
}

/// The read-write transaction; ``PostgresStorage`` wraps it in `BEGIN … COMMIT`, after taking the
/// registry version's row lock.
final class PostgresWriteTransaction: PostgresReadTransaction, StorageWriter {
    /// How many versions the change log keeps.
    let changeLogRetention: Int
    /// The registry version as this transaction sees it: read under the row lock when it began,
    /// then whatever it set.
    private(set) var version: UInt64

    init(session: PostgresSession, lockedVersion: UInt64, changeLogRetention: Int) {
        self.changeLogRetention = changeLogRetention
        version = lockedVersion
        super.init(session: session)
    }

    override func schemaVersion() throws -> UInt64 { version }

    func appendChange(_ change: RegistryChange) throws {
        try session.run(
            "INSERT INTO change_log (version, json) VALUES ($1, $2)", binds(Int64(bitPattern: change.version), try encode(change)),
            operation: "append to change log")
        let oldest = try session.rows("SELECT MIN(version) FROM change_log", operation: "read change log start").first.flatMap {
            try session.column($0, 0, as: Int64?.self, operation: "read change log start")
        }
        guard
            let horizon = RegistryChange.compactionHorizon(
                oldest: oldest.map { UInt64(bitPattern: $0) }, newest: change.version, retention: changeLogRetention)
        else { return }
        try session.run("DELETE FROM change_log WHERE version <= $1", binds(Int64(bitPattern: horizon)), operation: "compact change log")
    }

    func clearChangeLog() throws {
        try session.run("DELETE FROM change_log", operation: "clear change log")
    }

    func putDeployment(_ deployment: Deployment) throws {
        var bare = deployment
        bare.services = [:]
        let id = deployment.id.description
        try session.run(
            "INSERT INTO deployments (id, identity_key, json) VALUES ($1, $2, $3) "
                + "ON CONFLICT (id) DO UPDATE SET identity_key = excluded.identity_key, json = excluded.json",
            binds(id, deployment.address.identityKey, try encode(bare)), operation: "write deployment")
        try session.run("DELETE FROM service_revisions WHERE deployment_id = $1", binds(id), operation: "replace service revisions")
        for service in deployment.services.values {
            try session.run(
                "INSERT INTO service_revisions (deployment_id, service, revision, json) VALUES ($1, $2, $3, $4)",
                binds(id, service.name, Int64(service.revision), try encode(service)), operation: "write service revision")
        }
    }

    func removeDeployment(_ id: DeploymentID) throws {
        try session.run("DELETE FROM deployments WHERE id = $1", binds(id.description), operation: "remove deployment")
        try session.run("DELETE FROM service_revisions WHERE deployment_id = $1", binds(id.description), operation: "remove service revisions")
    }

    func setLatestRevision(_ latest: LatestRevision?, of service: String) throws {
        if let latest {
            try session.run(
                "INSERT INTO latest (service, deployment_id, revision) VALUES ($1, $2, $3) "
                    + "ON CONFLICT (service) DO UPDATE SET deployment_id = excluded.deployment_id, revision = excluded.revision",
                binds(service, latest.deploymentID.description, Int64(latest.revision)), operation: "write latest revision")
        } else {
            try session.run("DELETE FROM latest WHERE service = $1", binds(service), operation: "clear latest revision")
        }
    }

    func setSchemaVersion(_ version: UInt64) throws {
        try session.run(
            "INSERT INTO admin_meta (key, value) VALUES ('schema_version', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            binds(Int64(bitPattern: version)), operation: "write schema version")
        self.version = version
    }

    func putSubscription(_ subscription: Subscription) throws {
        try session.run(
            "INSERT INTO subscriptions (id, json) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET json = excluded.json",
            binds(subscription.id.description, try encode(subscription)), operation: "write subscription")
    }

    func removeSubscription(_ id: SubscriptionID) throws {
        try session.run("DELETE FROM subscriptions WHERE id = $1", binds(id.description), operation: "remove subscription")
    }

    func setServiceState(service: String, key: String, state: [String: [UInt8]]) throws {
        try session.run("DELETE FROM service_state WHERE service = $1 AND key = $2", binds(service, key), operation: "clear service state")
        for (name, value) in state {
            try session.run(
                "INSERT INTO service_state (service, key, name, value) VALUES ($1, $2, $3, $4)",
                binds(service, key, name, ByteBuffer(bytes: value)), operation: "write service state")
        }
    }

    func putInvocation(_ invocation: InvocationRecord) throws {
        var bindings = binds(invocation.id.description, try encode(invocation))
        bindings.append(invocation.holdingDeployment?.description)
        try session.run(
            "INSERT INTO invocations (id, json, holding_deployment) VALUES ($1, $2, $3) "
                + "ON CONFLICT (id) DO UPDATE SET json = excluded.json, holding_deployment = excluded.holding_deployment",
            bindings, operation: "write invocation")
    }

    func removeInvocation(_ id: InvocationID) throws {
        try session.run("DELETE FROM invocations WHERE id = $1", binds(id.description), operation: "remove invocation")
    }
}
