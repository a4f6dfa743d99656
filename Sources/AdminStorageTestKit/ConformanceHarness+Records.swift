import AdminCore
import Foundation

/// Everything a check can compare in one read: the listings plus chosen keyed lookups.
struct StoredRecords: Equatable, Sendable, CustomStringConvertible {
    var version: UInt64
    var deployments: [Deployment]
    var latest: [String: LatestRevision]
    var subscriptions: [Subscription]
    var states: [[String: [UInt8]]]
    var invocations: [InvocationRecord?]
    var identities: [[DeploymentID]]
    var holders: [[LatestRevision]]

    var description: String {
        "version \(version), \(deployments.count) deployments \(deployments.map(\.id.description)), latest \(latest), "
            + "\(subscriptions.count) subscriptions, states \(states.map(\.count)), invocations \(invocations.map { $0?.status.rawValue ?? "-" }), "
            + "identities \(identities), holders \(holders)"
    }

    /// Reads a snapshot of `reader`, looking up the given state keys, invocations, identities and services.
    static func read(
        _ reader: any StorageReader, states: [(String, String)] = [], invocations: [InvocationID] = [],
        identities: [String] = [], services: [String] = []
    ) throws -> StoredRecords {
        StoredRecords(
            version: try reader.schemaVersion(),
            deployments: try reader.allDeployments(),
            latest: try reader.allLatestRevisions(),
            subscriptions: try reader.allSubscriptions(),
            states: try states.map { try reader.serviceState(service: $0.0, key: $0.1) },
            invocations: try invocations.map { try reader.invocation($0) },
            identities: try identities.map { try reader.deploymentIDs(withIdentityKey: $0) },
            holders: try services.map { try reader.revisionHolders(of: $0, limit: 100) }
        )
    }
}

/// The error the rollback check throws from inside a write.
struct ConformanceMarkerError: Error {}

extension ConformanceHarness {
    func deploymentRoundTrip() async throws {
        try await withStorage { storage in
            let http = StorageFixtures.deployment(index: 1)
            let lambda = StorageFixtures.lambdaDeployment(index: 2, services: ["Lambda0", "Lambda1"])
            let empty = StorageFixtures.deployment(index: 3, services: [])
            try await storage.write { tx in
                for deployment in [http, lambda, empty] { try tx.putDeployment(deployment) }
            }
            try await storage.read { reader in
                for deployment in [http, lambda, empty] {
                    try expectEqual(try reader.deployment(deployment.id), deployment, "deployment \(deployment.id) read back")
                    for service in deployment.services.values {
                        try expectEqual(
                            try reader.serviceRevision(service.name, in: deployment.id), service, "service \(service.name) of \(deployment.id)")
                    }
                    try expectEqual(try reader.serviceRevision("Missing", in: deployment.id), nil, "a service the deployment lacks")
                }
                try expectEqual(try reader.deployment(.generate()), nil, "an unknown deployment id")
                try expectEqual(try reader.allDeployments(), [http, lambda, empty].sorted { $0.id < $1.id }, "allDeployments (sorted by id)")
            }
            try await storage.write { tx in
                try tx.removeDeployment(lambda.id)
                try tx.removeDeployment(.generate())
            }
            try await storage.read { reader in
                try expectEqual(try reader.deployment(lambda.id), nil, "a removed deployment")
                try expectEqual(try reader.serviceRevision("Lambda0", in: lambda.id), nil, "a removed deployment's service")
                try expectEqual(try reader.allDeployments(), [http, empty].sorted { $0.id < $1.id }, "allDeployments after removal")
            }
        }
    }

    func latestRevisionRoundTrip() async throws {
        try await withStorage { storage in
            let a = LatestRevision(deploymentID: .generate(), revision: 3)
            let b = LatestRevision(deploymentID: .generate(), revision: UInt32.max)
            try await storage.write { tx in
                try tx.setLatestRevision(a, of: "Greeter")
                try tx.setLatestRevision(b, of: "Counter")
                try tx.setLatestRevision(nil, of: "NeverSet")
            }
            try await storage.read { reader in
                try expectEqual(try reader.latestRevision(of: "Greeter"), a, "latest of Greeter")
                try expectEqual(try reader.latestRevision(of: "Counter"), b, "latest of Counter")
                try expectEqual(try reader.latestRevision(of: "NeverSet"), nil, "latest of a service never set")
                try expectEqual(try reader.allLatestRevisions(), ["Greeter": a, "Counter": b], "allLatestRevisions")
            }
            try await storage.write { tx in
                try tx.setLatestRevision(nil, of: "Greeter")
                try tx.setLatestRevision(a, of: "Counter")
            }
            try await storage.read { reader in
                try expectEqual(try reader.latestRevision(of: "Greeter"), nil, "latest of Greeter after clearing")
                try expectEqual(try reader.allLatestRevisions(), ["Counter": a], "allLatestRevisions after clear and replace")
            }
        }
    }

    func subscriptionRoundTrip() async throws {
        try await withStorage { storage in
            let subscriptions = (0..<3).map { StorageFixtures.subscription(index: $0) }
            let replaced = {
                var copy = subscriptions[1]
                copy.options["extra"] = "1"
                return copy
            }()
            try await storage.write { tx in for s in subscriptions { try tx.putSubscription(s) } }
            try await storage.read { reader in
                for s in subscriptions { try expectEqual(try reader.subscription(s.id), s, "subscription \(s.id)") }
                try expectEqual(try reader.allSubscriptions(), subscriptions.sorted { $0.id < $1.id }, "allSubscriptions (sorted by id)")
                try expectEqual(try reader.subscription(.generate()), nil, "an unknown subscription")
            }
            try await storage.write { tx in
                try tx.putSubscription(replaced)
                try tx.removeSubscription(subscriptions[0].id)
                try tx.removeSubscription(.generate())
            }
            try await storage.read { reader in
                try expectEqual(try reader.subscription(subscriptions[0].id), nil, "a removed subscription")
                try expectEqual(
                    try reader.allSubscriptions(), [replaced, subscriptions[2]].sorted { $0.id < $1.id }, "allSubscriptions after changes")
            }
        }
    }

    func serviceStateRoundTrip() async throws {
        try await withStorage { storage in
            let first = StorageFixtures.state(index: 1)
            let second = ["other": [UInt8](repeating: 7, count: 3)]
            try await storage.write { tx in
                try tx.setServiceState(service: "Counter", key: "a", state: first)
                try tx.setServiceState(service: "Counter", key: "b", state: second)
                try tx.setServiceState(service: "Greeter", key: "a", state: second)
            }
            try await storage.read { reader in
                try expectEqual(try reader.serviceState(service: "Counter", key: "a"), first, "state Counter/a")
                try expectEqual(try reader.serviceState(service: "Counter", key: "b"), second, "state Counter/b")
                try expectEqual(try reader.serviceState(service: "Greeter", key: "a"), second, "state Greeter/a")
                try expectEqual(try reader.serviceState(service: "Counter", key: "missing"), [:], "state of an object without state")
            }
            try await storage.write { tx in
                try tx.setServiceState(service: "Counter", key: "a", state: second)
                try tx.setServiceState(service: "Counter", key: "b", state: [:])
            }
            try await storage.read { reader in
                try expectEqual(try reader.serviceState(service: "Counter", key: "a"), second, "state Counter/a replaced whole")
                try expectEqual(try reader.serviceState(service: "Counter", key: "b"), [:], "state Counter/b after an empty map")
                try expectEqual(try reader.serviceState(service: "Greeter", key: "a"), second, "state of another service untouched")
            }
        }
    }

    func invocationRoundTrip() async throws {
        try await withStorage { storage in
            let records = (1...3).map { StorageFixtures.invocation(index: $0) }
            let completed = {
                var copy = records[0]
                copy.status = .completed
                copy.pinnedDeployment = .generate()
                return copy
            }()
            try await storage.write { tx in for r in records { try tx.putInvocation(r) } }
            try await storage.read { reader in
                for r in records { try expectEqual(try reader.invocation(r.id), r, "invocation \(r.id)") }
                try expectEqual(try reader.invocation(StorageFixtures.invocation(index: 99).id), nil, "an unknown invocation")
            }
            try await storage.write { tx in
                try tx.putInvocation(completed)
                try tx.removeInvocation(records[1].id)
                try tx.removeInvocation(StorageFixtures.invocation(index: 98).id)
            }
            try await storage.read { reader in
                try expectEqual(try reader.invocation(completed.id), completed, "a replaced invocation")
                try expectEqual(try reader.invocation(records[1].id), nil, "a removed invocation")
                try expectEqual(try reader.invocation(records[2].id), records[2], "an untouched invocation")
            }
        }
    }

    func schemaVersionRoundTrip() async throws {
        try await withStorage { storage in
            try expectEqual(try await storage.schemaVersion(), 0, "the schema version of a new store")
            for version: UInt64 in [1, 42, UInt64(Int64.max) + 5, UInt64.max] {
                try await storage.write { tx in try tx.setSchemaVersion(version) }
                try expectEqual(try await storage.schemaVersion(), version, "the schema version after setting it")
            }
        }
    }
}
