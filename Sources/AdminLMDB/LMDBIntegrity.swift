import AdminCore

/// A full scan of an environment: every record decodes, the indexes match the deployments, and
/// every bucket entry sits under the key its names map to.
enum LMDBIntegrity {
    static func check(_ reader: LMDBReadTransaction) throws {
        let keys = reader.keys
        let deployments = try reader.allDeployments()
        var expectedIdentity: [[UInt8]: [UInt8]] = [:]
        var expectedRevisions: [[UInt8]: [String]] = [:]
        for deployment in deployments {
            let id = deployment.id.description
            let identityKey = deployment.address.identityKey
            expectedIdentity[keys.identity(identityKey, id)] = Array(identityKey.utf8)
            for service in deployment.services.values {
                expectedRevisions[keys.revision(service.name, service.revision, id), default: []].append(service.name)
            }
        }
        var identity: [[UInt8]: [UInt8]] = [:]
        try reader.txn.scan(.identity, prefix: []) { key, value in
            identity[key] = value
            return true
        }
        var revisions: [[UInt8]: [String]] = [:]
        try reader.txn.scan(.revisions, prefix: []) { key, value in
            revisions[key] = try reader.names(value)
            return true
        }
        guard identity == expectedIdentity else {
            throw reader.corrupt("identity index (\(identity.count) entries for \(deployments.count) deployments)")
        }
        guard revisions == expectedRevisions.mapValues({ $0.sorted() }) else {
            throw reader.corrupt("revision index (\(revisions.count) entries, expected \(expectedRevisions.count))")
        }
        _ = try reader.schemaVersion()
        try reader.txn.scan(.latest, prefix: []) { key, value in
            let entries = try reader.decode([LMDBLatestRecord].self, value)
            guard !entries.isEmpty, entries.allSatisfy({ keys.part($0.service) == key }),
                Set(entries.map(\.service)).count == entries.count
            else { throw reader.corrupt("latest-revision bucket") }
            return true
        }
        _ = try reader.allSubscriptions()
        try reader.txn.scan(.state, prefix: []) { key, value in
            let entries = try reader.decode([LMDBStateRecord].self, value)
            guard !entries.isEmpty, entries.allSatisfy({ keys.state($0.service, $0.key) == key }),
                Set(entries.map { [$0.service, $0.key] }).count == entries.count
            else { throw reader.corrupt("state bucket") }
            return true
        }
        try reader.txn.scan(.invocations, prefix: []) { _, value in
            _ = try reader.decode(InvocationRecord.self, value)
            return true
        }
    }
}
