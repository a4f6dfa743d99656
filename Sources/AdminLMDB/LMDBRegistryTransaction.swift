import AdminCore
import Foundation

/// One entry of a `latest` bucket: the full service name next to the pointer. A bucket (a JSON
/// array of these) is stored under `LMDBKeys.part` of the name; it holds more than one entry only
/// when shortened names collide.
struct LMDBLatestRecord: Codable {
    var service: String
    var latest: LatestRevision
}

/// One entry of a `state` bucket: the full names next to the entries (see ``LMDBLatestRecord``).
struct LMDBStateRecord: Codable {
    var service: String
    var key: String
    var state: [String: [UInt8]]
}

/// Registry reads on one LMDB transaction. Deployments are JSON under their id (with their
/// services); `identity` and `revisions` are indexes maintained on every put and remove.
class LMDBReadTransaction: StorageReader {
    let txn: LMDBTransaction
    let file: String
    let keys: LMDBKeys
    let codec: RecordCodec

    init(txn: LMDBTransaction, file: String, keys: LMDBKeys) {
        self.txn = txn
        self.file = file
        self.keys = keys
        codec = RecordCodec(location: file)
    }

    func schemaVersion() throws -> UInt64 {
        guard let bytes = try txn.get(.meta, LMDBKeys.schemaVersion) else { return 0 }
        guard let version = LMDBKeys.integer(UInt64.self, bytes) else { throw corrupt("schema version") }
        return version
    }

    func deployment(_ id: DeploymentID) throws -> Deployment? {
        try txn.get(.deployments, Array(id.description.utf8)).map { try decode(Deployment.self, $0) }
    }

    func deploymentIDs(withIdentityKey key: String) throws -> [DeploymentID] {
        let prefix = keys.part(key)
        let full = Array(key.utf8)
        var ids: [DeploymentID] = []
        try txn.scan(.identity, prefix: prefix) { k, value in
            if value == full { ids.append(try parseID(String(decoding: k[prefix.count...], as: UTF8.self))) }
            return true
        }
        return ids.sorted()
    }

    func serviceRevision(_ service: String, in deployment: DeploymentID) throws -> ServiceRevision? {
        try self.deployment(deployment)?.services[service]
    }

    func latestRevision(of service: String) throws -> LatestRevision? {
        try bucket(LMDBLatestRecord.self, .latest, keys.part(service)).first { $0.service == service }?.latest
    }

    func revisionHolders(of service: String, limit: Int) throws -> [LatestRevision] {
        guard limit > 0 else { return [] }
        let prefix = keys.part(service)
        var holders: [LatestRevision] = []
        // Highest revision first; read past `limit` only while revisions tie with the last kept.
        try txn.scan(.revisions, prefix: prefix, backward: true) { key, value in
            guard try names(value).contains(service) else { return true }
            guard let revision = LMDBKeys.integer(UInt32.self, key, at: prefix.count) else { throw corrupt("revision key") }
            if holders.count >= limit, let last = holders.last, revision < last.revision { return false }
            let id: DeploymentID = try parseID(String(decoding: key[(prefix.count + 4)...], as: UTF8.self))
            holders.append(LatestRevision(deploymentID: id, revision: revision))
            return true
        }
        return Array(holders.sorted { ($0.revision, $0.deploymentID) > ($1.revision, $1.deploymentID) }.prefix(limit))
    }

    func allDeployments() throws -> [Deployment] {
        var all: [Deployment] = []
        try txn.scan(.deployments, prefix: []) { _, value in
            all.append(try decode(Deployment.self, value))
            return true
        }
        return all.sorted { $0.id < $1.id }
    }

    func allLatestRevisions() throws -> [String: LatestRevision] {
        var all: [String: LatestRevision] = [:]
        try txn.scan(.latest, prefix: []) { _, value in
            for record in try decode([LMDBLatestRecord].self, value) { all[record.service] = record.latest }
            return true
        }
        return all
    }

    func subscription(_ id: SubscriptionID) throws -> Subscription? {
        try txn.get(.subscriptions, Array(id.description.utf8)).map { try decode(Subscription.self, $0) }
    }

    func allSubscriptions() throws -> [Subscription] {
        var all: [Subscription] = []
        try txn.scan(.subscriptions, prefix: []) { _, value in
            all.append(try decode(Subscription.self, value))
            return true
        }
        return all.sorted { $0.id < $1.id }
    }

    func serviceState(service: String, key: String) throws -> [String: [UInt8]] {
        try bucket(LMDBStateRecord.self, .state, keys.state(service, key)).first { $0.service == service && $0.key == key }?.state ?? [:]
    }

    func invocation(_ id: InvocationID) throws -> InvocationRecord? {
        try txn.get(.invocations, Array(id.description.utf8)).map { try decode(InvocationRecord.self, $0) }
    }

    func pinnedInvocationCount(_ deployment: DeploymentID) throws -> Int {
        var count = 0
        try txn.scan(.pinned, prefix: keys.part(deployment.description)) { _, _ in
            count += 1
            return true
        }
        return count
    }

    func allServiceStates() throws -> [ObjectState] {
        var all: [ObjectState] = []
        try txn.scan(.state, prefix: []) { _, value in
            for record in try decode([LMDBStateRecord].self, value) {
                all.append(ObjectState(service: record.service, key: record.key, entries: record.state))
            }
            return true
        }
        return all.sorted(by: ObjectState.listedBefore)
    }

    func allInvocations() throws -> [InvocationRecord] {
        var all: [InvocationRecord] = []
        try txn.scan(.invocations, prefix: []) { _, value in
            all.append(try decode(InvocationRecord.self, value))
            return true
        }
        return all.sorted { $0.id < $1.id }
    }

    func changes(after version: UInt64, limit: Int) throws -> [RegistryChange]? {
        guard version < (try schemaVersion()) else { return [] }
        var changes: [RegistryChange] = []
        var reachesBack = false
        try txn.scan(.changes, prefix: [], from: LMDBKeys.bigEndian(version + 1)) { key, value in
            if !reachesBack {
                reachesBack = LMDBKeys.integer(UInt64.self, key) == version + 1
                guard reachesBack else { return false }
            }
            guard changes.count < limit else { return false }
            changes.append(try decode(RegistryChange.self, value))
            return true
        }
        return reachesBack ? changes : nil
    }

    // MARK: - Buckets and coding

    /// The entries stored under `key` (empty when there is none).
    func bucket<Entry: Decodable>(_ entry: Entry.Type, _ table: LMDBTable, _ key: [UInt8]) throws -> [Entry] {
        try txn.get(table, key).map { try decode([Entry].self, $0) } ?? []
    }

    /// The full service names of a `revisions` entry.
    func names(_ value: [UInt8]) throws -> [String] { try decode([String].self, value) }

    func encode(_ value: some Encodable) throws -> [UInt8] { try codec.encode(value) }

    func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8]) throws -> T { try codec.decode(type, from: bytes) }

    func parseID<ID: ResourceID>(_ text: String) throws -> ID { try codec.id(text) }

    func corrupt(_ what: String) -> AdminError { codec.corrupt(what) }
}

/// Registry writes on one LMDB write transaction (see ``LMDBStorage``).
final class LMDBWriteTransaction: LMDBReadTransaction, StorageWriter {
    /// How many versions the change log keeps.
    let changeLogRetention: Int

    init(txn: LMDBTransaction, file: String, keys: LMDBKeys, changeLogRetention: Int) {
        self.changeLogRetention = changeLogRetention
        super.init(txn: txn, file: file, keys: keys)
    }

    func appendChange(_ change: RegistryChange) throws {
        try txn.put(.changes, LMDBKeys.bigEndian(change.version), try encode(change))
        let oldest = try txn.firstKey(.changes).flatMap { LMDBKeys.integer(UInt64.self, $0) }
        guard let horizon = RegistryChange.compactionHorizon(oldest: oldest, newest: change.version, retention: changeLogRetention) else {
            return
        }
        var expired: [[UInt8]] = []
        try txn.scan(.changes, prefix: []) { key, _ in
            guard let version = LMDBKeys.integer(UInt64.self, key), version <= horizon else { return false }
            expired.append(key)
            return true
        }
        for key in expired { try txn.delete(.changes, key) }
    }

    func clearChangeLog() throws {
        var logged: [[UInt8]] = []
        try txn.scan(.changes, prefix: []) { key, _ in
            logged.append(key)
            return true
        }
        for key in logged { try txn.delete(.changes, key) }
    }

    func putDeployment(_ deployment: Deployment) throws {
        try removeDeployment(deployment.id)
        let id = deployment.id.description
        try txn.put(.deployments, Array(id.utf8), try encode(deployment))
        let identityKey = deployment.address.identityKey
        try txn.put(.identity, keys.identity(identityKey, id), Array(identityKey.utf8))
        for service in deployment.services.values {
            try mergeName(service.name, into: keys.revision(service.name, service.revision, id), adding: true)
        }
    }

    func removeDeployment(_ id: DeploymentID) throws {
        guard let old = try deployment(id) else { return }
        let id = id.description
        try txn.delete(.deployments, Array(id.utf8))
        try txn.delete(.identity, keys.identity(old.address.identityKey, id))
        for service in old.services.values {
            try mergeName(service.name, into: keys.revision(service.name, service.revision, id), adding: false)
        }
    }

    func setLatestRevision(_ latest: LatestRevision?, of service: String) throws {
        try merge(
            .latest, keys.part(service), replacing: { (entry: LMDBLatestRecord) in entry.service == service },
            with: latest.map { LMDBLatestRecord(service: service, latest: $0) }
        )
    }

    func setSchemaVersion(_ version: UInt64) throws {
        try txn.put(.meta, LMDBKeys.schemaVersion, LMDBKeys.bigEndian(version))
    }

    func putSubscription(_ subscription: Subscription) throws {
        try txn.put(.subscriptions, Array(subscription.id.description.utf8), try encode(subscription))
    }

    func removeSubscription(_ id: SubscriptionID) throws {
        try txn.delete(.subscriptions, Array(id.description.utf8))
    }

    func setServiceState(service: String, key: String, state: [String: [UInt8]]) throws {
        try merge(
            .state, keys.state(service, key), replacing: { (entry: LMDBStateRecord) in entry.service == service && entry.key == key },
            with: state.isEmpty ? nil : LMDBStateRecord(service: service, key: key, state: state)
        )
    }

    func putInvocation(_ invocation: InvocationRecord) throws {
        try unpin(invocation.id)
        try txn.put(.invocations, Array(invocation.id.description.utf8), try encode(invocation))
        if let deployment = invocation.holdingDeployment { try txn.put(.pinned, keys.pinned(deployment, invocation.id), []) }
    }

    func removeInvocation(_ id: InvocationID) throws {
        try unpin(id)
        try txn.delete(.invocations, Array(id.description.utf8))
    }

    /// Drops the `pinned` entry of the stored record of `id`, if it has one.
    private func unpin(_ id: InvocationID) throws {
        if let deployment = try invocation(id)?.holdingDeployment { try txn.delete(.pinned, keys.pinned(deployment, id)) }
    }

    /// Fills the `pinned` table from the stored invocation records (format 2 → 3).
    func indexPinnedInvocations() throws {
        for record in try allInvocations() {
            if let deployment = record.holdingDeployment { try txn.put(.pinned, keys.pinned(deployment, record.id), []) }
        }
    }

    // MARK: - Buckets

    /// Replaces the entries of the bucket under `key` that `replacing` matches with `entry` (or
    /// with nothing), keeping the entries of other names that share the key; an empty bucket is
    /// deleted.
    private func merge<Entry: Codable>(_ table: LMDBTable, _ key: [UInt8], replacing: (Entry) -> Bool, with entry: Entry?) throws {
        var entries = try bucket(Entry.self, table, key)
        let before = entries.count
        entries.removeAll(where: replacing)
        if let entry { entries.append(entry) }
        if entries.isEmpty {
            if before > 0 { try txn.delete(table, key) }
        } else {
            try txn.put(table, key, try encode(entries))
        }
    }

    /// Adds `name` to (or removes it from) the `revisions` entry under `key`; an empty entry is deleted.
    private func mergeName(_ name: String, into key: [UInt8], adding: Bool) throws {
        var all = try txn.get(.revisions, key).map(names) ?? []
        all.removeAll { $0 == name }
        if adding { all.append(name) }
        if all.isEmpty { try txn.delete(.revisions, key) } else { try txn.put(.revisions, key, try encode(all.sorted())) }
    }
}
