import AdminCore
import Foundation

/// A read transaction on one connection: every lookup is one indexed statement.
///
/// Deployments are stored without their services (`deployments.json`); each service revision
/// is a row of `service_revisions`, so a registration touches only the rows it names.
class SQLiteReadTransaction: StorageReader {
    let connection: SQLiteConnection
    let codec: RecordCodec

    init(connection: SQLiteConnection) {
        self.connection = connection
        codec = RecordCodec(location: connection.path)
    }

    func schemaVersion() throws -> UInt64 {
        var version: UInt64 = 0
        try connection.query("SELECT value FROM admin_meta WHERE key = 'schema_version'", [], operation: "read schema version") { row in
            version = UInt64(bitPattern: row.integer(0))
            return false
        }
        return version
    }

    func deployment(_ id: DeploymentID) throws -> Deployment? {
        var found: Deployment?
        try connection.query("SELECT json FROM deployments WHERE id = ?", [.text(id.description)], operation: "read deployment") { row in
            found = try decode(Deployment.self, row.blob(0))
            return false
        }
        guard var deployment = found else { return nil }
        try connection.query(
            "SELECT json FROM service_revisions WHERE deployment_id = ?", [.text(id.description)], operation: "read service revisions"
        ) { row in
            let revision = try decode(ServiceRevision.self, row.blob(0))
            deployment.services[revision.name] = revision
            return true
        }
        return deployment
    }

    func deploymentIDs(withIdentityKey key: String) throws -> [DeploymentID] {
        var ids: [DeploymentID] = []
        try connection.query("SELECT id FROM deployments WHERE identity_key = ?", [.text(key)], operation: "read identity index") { row in
            ids.append(try parseID(row.text(0)))
            return true
        }
        return ids.sorted()
    }

    func serviceRevision(_ service: String, in deployment: DeploymentID) throws -> ServiceRevision? {
        var found: ServiceRevision?
        try connection.query(
            "SELECT json FROM service_revisions WHERE deployment_id = ? AND service = ?",
            [.text(deployment.description), .text(service)], operation: "read service revision"
        ) { row in
            found = try decode(ServiceRevision.self, row.blob(0))
            return false
        }
        return found
    }

    func latestRevision(of service: String) throws -> LatestRevision? {
        var found: LatestRevision?
        try connection.query("SELECT deployment_id, revision FROM latest WHERE service = ?", [.text(service)], operation: "read latest revision") {
            row in
            found = LatestRevision(deploymentID: try parseID(row.text(0)), revision: UInt32(truncatingIfNeeded: row.integer(1)))
            return false
        }
        return found
    }

    func revisionHolders(of service: String, limit: Int) throws -> [LatestRevision] {
        guard limit > 0 else { return [] }
        var holders: [LatestRevision] = []
        // Walk the (service, revision DESC) index; keep reading past `limit` only while the
        // revision ties with the last one kept, then order ties by the ids' own ordering.
        try connection.query(
            "SELECT deployment_id, revision FROM service_revisions WHERE service = ? ORDER BY revision DESC",
            [.text(service)], operation: "read revision holders"
        ) { row in
            let revision = UInt32(truncatingIfNeeded: row.integer(1))
            if holders.count >= limit, let last = holders.last, revision < last.revision { return false }
            holders.append(LatestRevision(deploymentID: try parseID(row.text(0)), revision: revision))
            return true
        }
        return Array(holders.sorted { ($0.revision, $0.deploymentID) > ($1.revision, $1.deploymentID) }.prefix(limit))
    }

    func allDeployments() throws -> [Deployment] {
        var deployments: [String: Deployment] = [:]
        try connection.query("SELECT id, json FROM deployments", [], operation: "list deployments") { row in
            deployments[row.text(0)] = try decode(Deployment.self, row.blob(1))
            return true
        }
        try connection.query("SELECT deployment_id, json FROM service_revisions", [], operation: "list service revisions") { row in
            let revision = try decode(ServiceRevision.self, row.blob(1))
            deployments[row.text(0)]?.services[revision.name] = revision
            return true
        }
        return deployments.values.sorted { $0.id < $1.id }
    }

    func allLatestRevisions() throws -> [String: LatestRevision] {
        var latest: [String: LatestRevision] = [:]
        try connection.query("SELECT service, deployment_id, revision FROM latest", [], operation: "list latest revisions") { row in
            latest[row.text(0)] = LatestRevision(deploymentID: try parseID(row.text(1)), revision: UInt32(truncatingIfNeeded: row.integer(2)))
            return true
        }
        return latest
    }

    func subscription(_ id: SubscriptionID) throws -> Subscription? {
        var found: Subscription?
        try connection.query("SELECT json FROM subscriptions WHERE id = ?", [.text(id.description)], operation: "read subscription") { row in
            found = try decode(Subscription.self, row.blob(0))
            return false
        }
        return found
    }

    func allSubscriptions() throws -> [Subscription] {
        var all: [Subscription] = []
        try connection.query("SELECT json FROM subscriptions", [], operation: "list subscriptions") { row in
            all.append(try decode(Subscription.self, row.blob(0)))
            return true
        }
        return all.sorted { $0.id < $1.id }
    }

    func serviceState(service: String, key: String) throws -> [String: [UInt8]] {
        var state: [String: [UInt8]] = [:]
        try connection.query(
            "SELECT name, value FROM service_state WHERE service = ? AND key = ?", [.text(service), .text(key)], operation: "read service state"
        ) { row in
            state[row.text(0)] = row.blob(1)
            return true
        }
        return state
    }

    func pinnedInvocationCount(_ deployment: DeploymentID) throws -> Int {
        var count = 0
        try connection.query(
            "SELECT count(*) FROM invocations WHERE holding_deployment = ?", [.text(deployment.description)],
            operation: "count pinned invocations"
        ) { row in
            count = Int(row.integer(0))
            return false
        }
        return count
    }

    func invocation(_ id: InvocationID) throws -> InvocationRecord? {
        var found: InvocationRecord?
        try connection.query("SELECT json FROM invocations WHERE id = ?", [.text(id.description)], operation: "read invocation") { row in
            found = try decode(InvocationRecord.self, row.blob(0))
            return false
        }
        return found
    }

    func allServiceStates() throws -> [ObjectState] {
        var states: [ObjectState] = []
        try connection.query(
            "SELECT service, key, name, value FROM service_state ORDER BY service, key", [], operation: "list service state"
        ) { row in
            let (service, key) = (row.text(0), row.text(1))
            if let last = states.last, last.service == service, last.key == key {
                states[states.count - 1].entries[row.text(2)] = row.blob(3)
            } else {
                states.append(ObjectState(service: service, key: key, entries: [row.text(2): row.blob(3)]))
            }
            return true
        }
        return states.sorted(by: ObjectState.listedBefore)
    }

    func allInvocations() throws -> [InvocationRecord] {
        var all: [InvocationRecord] = []
        try connection.query("SELECT json FROM invocations", [], operation: "list invocations") { row in
            all.append(try decode(InvocationRecord.self, row.blob(0)))
            return true
        }
        return all.sorted { $0.id < $1.id }
    }

    func changes(after version: UInt64, limit: Int) throws -> [RegistryChange]? {
        guard version < (try schemaVersion()) else { return [] }
        var changes: [RegistryChange] = []
        var reachesBack = false
        try connection.query(
            "SELECT version, json FROM change_log WHERE version > ? ORDER BY version LIMIT ?",
            [.integer(Int64(bitPattern: version)), .integer(Int64(max(limit, 1)))], operation: "read change log"
        ) { row in
            if changes.isEmpty, !reachesBack {
                reachesBack = UInt64(bitPattern: row.integer(0)) == version + 1
                guard reachesBack else { return false }
            }
            if changes.count < limit { changes.append(try decode(RegistryChange.self, row.blob(1))) }
            return true
        }
        return reachesBack ? changes : nil
    }

    // MARK: - Coding

    func encode(_ value: some Encodable) throws -> SQLiteValue { .blob(try codec.encode(value)) }

    func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8]) throws -> T { try codec.decode(type, from: bytes) }

    func parseID<ID: ResourceID>(_ text: String) throws -> ID { try codec.id(text) }
}

/// The read-write transaction; ``SQLiteStorage`` wraps it in `BEGIN IMMEDIATE … COMMIT`.
final class SQLiteWriteTransaction: SQLiteReadTransaction, StorageWriter {
    /// How many versions the change log keeps.
    let changeLogRetention: Int

    init(connection: SQLiteConnection, changeLogRetention: Int) {
        self.changeLogRetention = changeLogRetention
        super.init(connection: connection)
    }

    func appendChange(_ change: RegistryChange) throws {
        try connection.run(
            "INSERT INTO change_log (version, json) VALUES (?, ?)", [.integer(Int64(bitPattern: change.version)), try encode(change)],
            operation: "append to change log"
        )
        var oldest: UInt64?
        try connection.query("SELECT MIN(version) FROM change_log", [], operation: "read change log start") { row in
            oldest = UInt64(bitPattern: row.integer(0))
            return false
        }
        guard let horizon = RegistryChange.compactionHorizon(oldest: oldest, newest: change.version, retention: changeLogRetention) else {
            return
        }
        try connection.run(
            "DELETE FROM change_log WHERE version <= ?", [.integer(Int64(bitPattern: horizon))], operation: "compact change log"
        )
    }

    func clearChangeLog() throws {
        try connection.run("DELETE FROM change_log", [], operation: "clear change log")
    }

    func putDeployment(_ deployment: Deployment) throws {
        var bare = deployment
        bare.services = [:]
        let id = deployment.id.description
        try connection.run(
            "INSERT INTO deployments (id, identity_key, json) VALUES (?, ?, ?) "
                + "ON CONFLICT (id) DO UPDATE SET identity_key = excluded.identity_key, json = excluded.json",
            [.text(id), .text(deployment.address.identityKey), try encode(bare)], operation: "write deployment"
        )
        try connection.run("DELETE FROM service_revisions WHERE deployment_id = ?", [.text(id)], operation: "replace service revisions")
        for service in deployment.services.values {
            try connection.run(
                "INSERT INTO service_revisions (deployment_id, service, revision, json) VALUES (?, ?, ?, ?)",
                [.text(id), .text(service.name), .integer(Int64(service.revision)), try encode(service)],
                operation: "write service revision"
            )
        }
    }

    func removeDeployment(_ id: DeploymentID) throws {
        try connection.run("DELETE FROM deployments WHERE id = ?", [.text(id.description)], operation: "remove deployment")
        try connection.run("DELETE FROM service_revisions WHERE deployment_id = ?", [.text(id.description)], operation: "remove service revisions")
    }

    func setLatestRevision(_ latest: LatestRevision?, of service: String) throws {
        if let latest {
            try connection.run(
                "INSERT INTO latest (service, deployment_id, revision) VALUES (?, ?, ?) "
                    + "ON CONFLICT (service) DO UPDATE SET deployment_id = excluded.deployment_id, revision = excluded.revision",
                [.text(service), .text(latest.deploymentID.description), .integer(Int64(latest.revision))], operation: "write latest revision"
            )
        } else {
            try connection.run("DELETE FROM latest WHERE service = ?", [.text(service)], operation: "clear latest revision")
        }
    }

    func setSchemaVersion(_ version: UInt64) throws {
        try connection.run(
            "INSERT INTO admin_meta (key, value) VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [.integer(Int64(bitPattern: version))], operation: "write schema version"
        )
    }

    func putSubscription(_ subscription: Subscription) throws {
        try connection.run(
            "INSERT INTO subscriptions (id, json) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET json = excluded.json",
            [.text(subscription.id.description), try encode(subscription)], operation: "write subscription"
        )
    }

    func removeSubscription(_ id: SubscriptionID) throws {
        try connection.run("DELETE FROM subscriptions WHERE id = ?", [.text(id.description)], operation: "remove subscription")
    }

    func setServiceState(service: String, key: String, state: [String: [UInt8]]) throws {
        try connection.run("DELETE FROM service_state WHERE service = ? AND key = ?", [.text(service), .text(key)], operation: "clear service state")
        for (name, value) in state {
            try connection.run(
                "INSERT INTO service_state (service, key, name, value) VALUES (?, ?, ?, ?)",
                [.text(service), .text(key), .text(name), .blob(value)], operation: "write service state"
            )
        }
    }

    func putInvocation(_ invocation: InvocationRecord) throws {
        try connection.run(
            "INSERT INTO invocations (id, json, holding_deployment) VALUES (?, ?, ?) "
                + "ON CONFLICT (id) DO UPDATE SET json = excluded.json, holding_deployment = excluded.holding_deployment",
            [.text(invocation.id.description), try encode(invocation), invocation.holdingDeployment.map { .text($0.description) } ?? .null],
            operation: "write invocation"
        )
    }

    func removeInvocation(_ id: InvocationID) throws {
        try connection.run("DELETE FROM invocations WHERE id = ?", [.text(id.description)], operation: "remove invocation")
    }
}
