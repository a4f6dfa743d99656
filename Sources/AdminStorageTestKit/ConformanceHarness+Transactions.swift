import AdminCore
import Foundation
import Synchronization

/// A flag shared between the writer and the readers of the isolation check.
private final class Flag: Sendable {
    private let value = Mutex(false)
    var isSet: Bool { value.withLock { $0 } }
    func set() { value.withLock { $0 = true } }
}

extension ConformanceHarness {
    func readYourOwnWrites() async throws {
        try await withStorage { storage in
            let deployment = StorageFixtures.deployment(index: 1)
            let key = deployment.address.identityKey
            try await storage.write { tx in
                try tx.putDeployment(deployment)
                try tx.setLatestRevision(LatestRevision(deploymentID: deployment.id, revision: 1), of: "Greeter")
                try tx.setSchemaVersion(9)
                try tx.setServiceState(service: "Counter", key: "k", state: ["a": [1]])
                try expectEqual(try tx.deployment(deployment.id), deployment, "a deployment put earlier in the same write")
                try expectEqual(try tx.deploymentIDs(withIdentityKey: key), [deployment.id], "the identity index inside the write")
                try expectEqual(
                    try tx.revisionHolders(of: "Greeter", limit: 5), [LatestRevision(deploymentID: deployment.id, revision: 1)],
                    "revision holders inside the write"
                )
                try expectEqual(try tx.latestRevision(of: "Greeter")?.deploymentID, deployment.id, "latest inside the write")
                try expectEqual(try tx.schemaVersion(), 9, "schema version inside the write")
                try expectEqual(try tx.serviceState(service: "Counter", key: "k"), ["a": [1]], "state inside the write")
                try tx.removeDeployment(deployment.id)
                try expectEqual(try tx.deployment(deployment.id), nil, "a deployment removed earlier in the same write")
                try expectEqual(try tx.deploymentIDs(withIdentityKey: key), [], "the identity index after removal inside the write")
                try expectEqual(try tx.revisionHolders(of: "Greeter", limit: 5), [], "revision holders after removal inside the write")
            }
        }
    }

    func rollbackOnThrow() async throws {
        try await withStorage { storage in
            let kept = StorageFixtures.deployment(index: 1)
            let subscription = StorageFixtures.subscription(index: 1)
            let invocation = StorageFixtures.invocation(index: 1)
            let latest = LatestRevision(deploymentID: kept.id, revision: 1)
            try await storage.write { tx in
                try tx.putDeployment(kept)
                try tx.setLatestRevision(latest, of: "Greeter")
                try tx.putSubscription(subscription)
                try tx.setServiceState(service: "Counter", key: "k", state: ["n": [1]])
                try tx.putInvocation(invocation)
                try tx.setSchemaVersion(1)
            }
            let added = StorageFixtures.deployment(index: 2)
            let probe: @Sendable (any StorageReader) throws -> StoredRecords = { reader in
                try StoredRecords.read(
                    reader, states: [("Counter", "k"), ("Counter", "new")], invocations: [invocation.id, StorageFixtures.invocation(index: 2).id],
                    identities: [kept.address.identityKey, "http:moved.example:9080/restate"], services: StorageFixtures.services
                )
            }
            let before = try await storage.read(probe)
            var caught: (any Error)?
            do {
                try await storage.write { tx in
                    var moved = StorageFixtures.deployment(index: 1, id: kept.id, services: ["Greeter"], revision: 2, host: "moved.example")
                    moved.metadata["changed"] = "yes"
                    try tx.putDeployment(moved)
                    try tx.putDeployment(added)
                    try tx.setLatestRevision(LatestRevision(deploymentID: added.id, revision: 1), of: "Greeter")
                    try tx.setLatestRevision(nil, of: "Counter")
                    try tx.removeSubscription(subscription.id)
                    try tx.putSubscription(StorageFixtures.subscription(index: 2))
                    try tx.setServiceState(service: "Counter", key: "k", state: [:])
                    try tx.setServiceState(service: "Counter", key: "new", state: ["x": [2]])
                    try tx.removeInvocation(invocation.id)
                    try tx.putInvocation(StorageFixtures.invocation(index: 2))
                    try tx.setSchemaVersion(2)
                    throw ConformanceMarkerError()
                }
            } catch {
                caught = error
            }
            try expect(caught is ConformanceMarkerError, "the write's own error must be rethrown unchanged, got \(String(describing: caught))")
            let after = try await storage.read(probe)
            try expectEqual(after, before, "the registry after a write that threw (nothing may remain of it)")
            try await storage.write { tx in try tx.setSchemaVersion(try tx.schemaVersion() + 1) }
            try expectEqual(try await storage.schemaVersion(), 2, "a write after the rolled-back one")
        }
    }

    func snapshotIsolation() async throws {
        try await withStorage { storage in
            let writes = 120
            let done = Flag()
            try await withThrowingTaskGroup(of: Int.self) { group in
                group.addTask {
                    defer { done.set() }
                    for version in 1...writes {
                        try await storage.write { tx in try ConsistentWrite.apply(tx, version: version) }
                    }
                    return 0
                }
                for _ in 0..<3 {
                    group.addTask {
                        var observed = 0
                        repeat {
                            _ = try await storage.read { reader in try ConsistentWrite.check(reader, for: check) }
                            observed += 1
                            await Task.yield()
                        } while !done.isSet
                        return observed
                    }
                }
                var reads = 0
                for try await count in group { reads += count }
                try expect(reads >= 3, "the readers ran \(reads) times")
            }
            _ = try await storage.read { reader in try ConsistentWrite.check(reader, for: check) }
            try expectEqual(try await storage.schemaVersion(), UInt64(writes), "the version after all writes")
        }
    }

    func readDuringOpenWrite() async throws {
        try await withStorage { storage in
            let probe = try await OpenWriteProbe.run(on: storage, patience: .milliseconds(500))
            if probe.finishedDuringWrite {
                try expectEqual(probe.versionSeen, 1, "the version a read saw while a write was open (the last commit)")
            } else {
                try expect(probe.versionSeen == 1 || probe.versionSeen == 2, "a read that waited for a write saw version \(probe.versionSeen)")
            }
            let after = try await storage.read { reader in try ConsistentWrite.check(reader, for: check) }
            try expectEqual(after, 2, "the version once the write committed")
        }
    }

    func persistenceAcrossReopen() async throws {
        let deployments = [
            StorageFixtures.deployment(index: 1), StorageFixtures.lambdaDeployment(index: 2), StorageFixtures.deployment(index: 3, services: []),
        ]
        let subscriptions = [StorageFixtures.subscription(index: 1), StorageFixtures.subscription(index: 2)]
        let invocations = [StorageFixtures.invocation(index: 1), StorageFixtures.invocation(index: 2, status: .paused)]
        let probe: @Sendable (any StorageReader) throws -> StoredRecords = { reader in
            try StoredRecords.read(
                reader, states: [("Counter", "a"), ("Counter", "b")], invocations: invocations.map(\.id),
                identities: deployments.map(\.address.identityKey), services: StorageFixtures.services + ["Lambda0"]
            )
        }
        let written = try await withStorage { storage in
            try await storage.write { tx in
                for d in deployments { try tx.putDeployment(d) }
                try tx.setLatestRevision(LatestRevision(deploymentID: deployments[0].id, revision: 1), of: "Greeter")
                try tx.setLatestRevision(LatestRevision(deploymentID: deployments[1].id, revision: 1), of: "Lambda0")
                for s in subscriptions { try tx.putSubscription(s) }
                for i in invocations { try tx.putInvocation(i) }
                try tx.setServiceState(service: "Counter", key: "a", state: StorageFixtures.state(index: 1))
                try tx.setServiceState(service: "Counter", key: "b", state: StorageFixtures.state(index: 2))
                try tx.setSchemaVersion(7)
            }
            return try await storage.read(probe)
        }
        try expect(written.deployments.count == 3 && written.version == 7, "the first session did not store its writes: \(written)")
        let reopened = try await withStorage { storage in
            let snapshot = try await storage.read(probe)
            try await storage.write { tx in try tx.setSchemaVersion(8) }
            return snapshot
        }
        try expectEqual(reopened, written, "the registry after close and reopen")
        try expectEqual(try await withStorage { try await $0.schemaVersion() }, 8, "a write made after reopening, after another reopen")
    }

    func idempotentReopen() async throws {
        for round in 1...2 {
            let snapshot = try await withStorage { storage in try await storage.read { try StoredRecords.read($0) } }
            try expectEqual(snapshot.version, 0, "the version of an empty store opened \(round) time(s)")
            try expect(snapshot.deployments.isEmpty, "an empty store opened \(round) time(s) has deployments")
        }
        let deployment = StorageFixtures.deployment(index: 1)
        try await withStorage { storage in
            try await storage.write { tx in
                try tx.putDeployment(deployment)
                try tx.setSchemaVersion(3)
            }
        }
        for round in 1...3 {
            let snapshot = try await withStorage { storage in try await storage.read { try StoredRecords.read($0) } }
            try expectEqual(snapshot.deployments, [deployment], "deployments after reopening \(round) more time(s)")
            try expectEqual(snapshot.version, 3, "the version after reopening \(round) more time(s)")
        }
    }

    func concurrentWritersNoLostUpdate() async throws {
        try await withStorage { storage in
            let tasks = 50
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<tasks {
                    let id = DeploymentID.generate()
                    group.addTask {
                        try await storage.write { tx in
                            let version = try tx.schemaVersion()
                            try tx.putDeployment(StorageFixtures.smallDeployment(index: index, id: id, service: "Counter\(index)", revision: 1))
                            try tx.setSchemaVersion(version + 1)
                        }
                    }
                }
                try await group.waitForAll()
            }
            try expectEqual(try await storage.schemaVersion(), UInt64(tasks), "the version after \(tasks) concurrent increments")
            try expectEqual(try await storage.read { try $0.allDeployments().count }, tasks, "deployments after \(tasks) concurrent writes")
        }
    }

    func closedStorageRejectsCalls() async throws {
        let storage = try await makeStorage(setup)
        try await storage.write { tx in try tx.setSchemaVersion(1) }
        try await storage.close()
        var readFailed = false
        do { _ = try await storage.read { try $0.schemaVersion() } } catch { readFailed = true }
        try expect(readFailed, "a read on a closed storage succeeded")
        var writeFailed = false
        do { try await storage.write { try $0.setSchemaVersion(2) } } catch { writeFailed = true }
        try expect(writeFailed, "a write on a closed storage succeeded")
    }
}
