import AdminCore

/// The multi-record write the isolation checks repeat, and the invariant a reader checks: the
/// schema version, the latest pointers, the deployment they name, its identity entry and one
/// object's state all come from the same write.
enum ConsistentWrite {
    /// Writes version `version`: a deployment whose services are at revision `version`, the
    /// latest pointers to it, the state value `"<version>"`, and the schema version.
    static func apply(_ tx: any StorageWriter, version: Int) throws {
        try applyFirstHalf(tx, version: version)
        try applySecondHalf(tx, version: version)
    }

    /// The deployment, the first latest pointer and the schema version.
    static func applyFirstHalf(_ tx: any StorageWriter, version: Int) throws {
        let deployment = StorageFixtures.deployment(index: version, revision: UInt32(version))
        try tx.putDeployment(deployment)
        try tx.setLatestRevision(LatestRevision(deploymentID: deployment.id, revision: UInt32(version)), of: StorageFixtures.services[0])
        try tx.setSchemaVersion(UInt64(version))
    }

    /// The other latest pointers and the state; reads the deployment the first half wrote.
    static func applySecondHalf(_ tx: any StorageWriter, version: Int) throws {
        guard let latest = try tx.latestRevision(of: StorageFixtures.services[0]) else { return }
        for service in StorageFixtures.services.dropFirst() {
            try tx.setLatestRevision(latest, of: service)
        }
        try tx.setServiceState(service: "Isolation", key: "k", state: ["v": Array("\(version)".utf8)])
    }

    /// Checks the invariant on what `reader` sees and returns the version it saw.
    /// - Throws: ``StorageConformanceFailure`` for `check` when the reader sees half of a write.
    static func check(_ reader: any StorageReader, for check: StorageConformance) throws -> UInt64 {
        func fail(_ message: String) -> StorageConformanceFailure { StorageConformanceFailure(check: check, message: message) }
        let version = try reader.schemaVersion()
        let latest = try StorageFixtures.services.map { try reader.latestRevision(of: $0) }
        let state = try reader.serviceState(service: "Isolation", key: "k")
        if version == 0 {
            guard latest.allSatisfy({ $0 == nil }), state.isEmpty else {
                throw fail("a reader saw latest pointers \(latest) or state before version 1")
            }
            return version
        }
        guard latest.allSatisfy({ $0?.revision == UInt32(version) && $0?.deploymentID == latest[0]?.deploymentID }) else {
            throw fail("a reader saw version \(version) with latest pointers \(latest): half of a write")
        }
        let value = state["v"].map { String(decoding: $0, as: UTF8.self) }
        guard value == "\(version)" else {
            throw fail("the state a reader saw at version \(version): expected \(version), got \(value ?? "nothing"): half of a write")
        }
        guard let id = latest[0]?.deploymentID, let deployment = try reader.deployment(id) else {
            throw fail("a reader saw version \(version) but not the deployment its latest pointer names")
        }
        guard deployment.services.values.allSatisfy({ $0.revision == UInt32(version) }), deployment.services.count == 3 else {
            throw fail("a reader saw deployment \(id) with revisions \(deployment.services.values.map(\.revision)) at version \(version)")
        }
        guard try reader.deploymentIDs(withIdentityKey: deployment.address.identityKey).contains(id) else {
            throw fail("a reader saw deployment \(id) without its identity-index entry")
        }
        return version
    }
}
