import AdminCore

/// Measures what one registration-shaped write costs a backend, to prove that the cost does not
/// grow with the size of the registry.
///
/// The write reads what a registration reads (the identity index at the new address, the latest
/// revision of each of its 3 services and that revision's record) and writes what it writes (the
/// deployment, 3 latest pointers, the schema version).
public enum RegistrationCost {
    /// Fills `storage` with `count` deployments of the 3 ``StorageFixtures/services``; deployment `i`
    /// holds revision `i + 1` of each, and the latest pointers name the last one.
    public static func populate(_ storage: any Storage, deployments count: Int) async throws {
        for chunk in stride(from: 0, to: count, by: 1_000) {
            let deployments = (chunk..<min(chunk + 1_000, count)).map {
                StorageFixtures.registryDeployment(index: $0, revision: UInt32($0 + 1))
            }
            let last = deployments.last.map { LatestRevision(deploymentID: $0.id, revision: UInt32(count)) }
            try await storage.write { tx in
                for deployment in deployments { try tx.putDeployment(deployment) }
                if let last {
                    for service in StorageFixtures.services { try tx.setLatestRevision(last, of: service) }
                }
                try tx.setSchemaVersion(UInt64(min(chunk + 1_000, count)))
            }
        }
    }

    /// Runs one registration-shaped write and returns the counters it moved.
    public static func measure(_ storage: some StorageStatisticsReporting) async throws -> StorageStatistics {
        let id = DeploymentID.generate()
        let before = storage.statistics
        try await storage.write { tx in
            let probe = StorageFixtures.registryDeployment(index: 0, id: id, revision: 1, host: "new-registration.example")
            _ = try tx.deploymentIDs(withIdentityKey: probe.address.identityKey)
            var revision: UInt32 = 0
            for service in StorageFixtures.services {
                if let latest = try tx.latestRevision(of: service) {
                    _ = try tx.serviceRevision(service, in: latest.deploymentID)
                    revision = max(revision, latest.revision)
                }
            }
            let deployment = StorageFixtures.registryDeployment(index: 0, id: id, revision: revision + 1, host: "new-registration.example")
            try tx.putDeployment(deployment)
            for service in StorageFixtures.services {
                try tx.setLatestRevision(LatestRevision(deploymentID: id, revision: revision + 1), of: service)
            }
            try tx.setSchemaVersion(try tx.schemaVersion() + 1)
        }
        return storage.statistics.since(before)
    }
}
