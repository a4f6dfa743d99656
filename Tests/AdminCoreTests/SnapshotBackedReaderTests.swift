import AdminStorageTestKit
import AdminTestSupport
import Foundation
import Testing

@testable import AdminCore

/// The rules read decoded records from the in-memory snapshot only when it shows exactly the
/// version the transaction sees, and then read the same records storage holds.
@Suite("Snapshot-backed reads of the rules", .capturingLogs)
struct SnapshotBackedReaderTests {
    /// Everything a reader answers about the schema, for comparison.
    struct Answers: Equatable {
        let version: UInt64
        let deployments: [Deployment]
        let byID: [Deployment?]
        let revisions: [ServiceRevision?]
        let latest: [String: LatestRevision]
        let pointers: [LatestRevision?]
        let holders: [[LatestRevision]]
        let identities: [[DeploymentID]]
        let subscriptions: [Subscription]

        static func of(_ reader: any StorageReader, ids: [DeploymentID], services: [String]) throws -> Answers {
            let all = try reader.allDeployments()
            return Answers(
                version: try reader.schemaVersion(), deployments: all, byID: try ids.map { try reader.deployment($0) },
                revisions: try ids.flatMap { id in try services.map { try reader.serviceRevision($0, in: id) } },
                latest: try reader.allLatestRevisions(), pointers: try services.map { try reader.latestRevision(of: $0) },
                holders: try services.map { try reader.revisionHolders(of: $0, limit: 10) },
                identities: try all.map { try reader.deploymentIDs(withIdentityKey: $0.address.identityKey) },
                subscriptions: try reader.allSubscriptions())
        }
    }

    @Test("Same answers as storage when the versions match; storage itself when they do not", arguments: TestBackend.allCases)
    func sameRecordsAsStorage(_ backend: TestBackend) async throws {
        try await TemporaryDirectory.with(prefix: "admin-snapshot-reader") { directory in
            let storage = try backend.open(directory)
            let harness = RegistryHarness(storage: storage)
            let greeter = [
                RegistryHarness.service("Greeter", handlers: ["greet"]), RegistryHarness.service("Counter", "VIRTUAL_OBJECT", handlers: ["add"]),
            ]
            let first = try await harness.register("http://one:9080/", greeter).deployment.id
            let second = try await harness.register("http://two:9080/", [RegistryHarness.service("Greeter", handlers: ["greet", "wave"])]).deployment
                .id
            _ = try await harness.admin.modifyService("Counter", changes: ServiceChanges(isPublic: false))
            let snapshot = try await harness.admin.snapshot()
            let ids = [first, second, DeploymentID.generate()]
            let services = ["Greeter", "Counter", "Missing"]

            let (backed, direct, isBacked) = try await storage.read { base in
                let reader = try SnapshotBackedReader.over(base, snapshot: snapshot)
                return (
                    try Answers.of(reader, ids: ids, services: services), try Answers.of(base, ids: ids, services: services),
                    reader is SnapshotBackedReader
                )
            }
            #expect(isBacked, "the snapshot is at the stored version")
            #expect(backed == direct)
            #expect(backed.revisions.compactMap { $0 }.count == 3, "the answers hold the records")

            // Another writer moves storage on: the snapshot no longer matches and is not used.
            try await storage.write { try $0.setSchemaVersion($0.schemaVersion() + 1) }
            let stale = try await storage.read { base in try SnapshotBackedReader.over(base, snapshot: snapshot) is SnapshotBackedReader }
            #expect(!stale)
            try await storage.close()
        }
    }
}
