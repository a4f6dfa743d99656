import AdminCore
import Foundation

extension ConformanceHarness {
    func largeRegistry() async throws {
        let count = 10_000
        let services = 50
        let ids = (0..<count).map { _ in DeploymentID.generate() }
        let expected: @Sendable (Int) -> Deployment = { index in
            StorageFixtures.smallDeployment(index: index, id: ids[index], service: "Svc\(index % services)", revision: UInt32(index / services + 1))
        }
        try await withStorage { storage in
            for chunk in stride(from: 0, to: count, by: 1_000) {
                try await storage.write { tx in
                    for index in chunk..<min(chunk + 1_000, count) { try tx.putDeployment(expected(index)) }
                    try tx.setSchemaVersion(UInt64(min(chunk + 1_000, count)))
                }
            }
            try await storage.write { tx in
                for s in 0..<services {
                    let top = (count - services) + s
                    try tx.setLatestRevision(LatestRevision(deploymentID: ids[top], revision: UInt32(top / services + 1)), of: "Svc\(s)")
                }
            }
            try await storage.read { reader in
                try expectEqual(try reader.schemaVersion(), UInt64(count), "the version after the bulk insert")
                for index in stride(from: 7, to: count, by: 33) {
                    let deployment = expected(index)
                    try expectEqual(try reader.deployment(deployment.id), deployment, "deployment #\(index) of \(count)")
                    try expectEqual(
                        try reader.deploymentIDs(withIdentityKey: deployment.address.identityKey), [deployment.id], "the identity lookup of #\(index)"
                    )
                    let service = "Svc\(index % services)"
                    try expectEqual(try reader.serviceRevision(service, in: deployment.id), deployment.services[service], "service of #\(index)")
                }
                for s in [0, 17, 49] {
                    let holders = try reader.revisionHolders(of: "Svc\(s)", limit: 3)
                    let top = (1...3).map { k in
                        let index = count - k * services + s
                        return LatestRevision(deploymentID: ids[index], revision: UInt32(index / services + 1))
                    }
                    try expectEqual(holders, top, "the top 3 revision holders of Svc\(s)")
                    try expectEqual(try reader.latestRevision(of: "Svc\(s)"), top[0], "the latest revision of Svc\(s)")
                }
            }
            try expectEqual(try await storage.read { try $0.allDeployments().count }, count, "allDeployments of the large registry")
        }
    }

    func revisionHoldersOrdering() async throws {
        try await withStorage { storage in
            // 4 deployments with revisions 1...4 of S, 20 tied at revision 10; T on the first only.
            let deployments = (0..<24).map { k in
                var services: [String] = ["S"]
                if k == 0 { services.append("T") }
                return StorageFixtures.deployment(index: k, services: services, revision: k < 4 ? UInt32(k + 1) : 10)
            }
            try await storage.write { tx in for d in deployments { try tx.putDeployment(d) } }
            @Sendable func expected(_ list: [Deployment], _ service: String) -> [LatestRevision] {
                list.compactMap { d in d.services[service].map { LatestRevision(deploymentID: d.id, revision: $0.revision) } }
                    .sorted { ($0.revision, $0.deploymentID) > ($1.revision, $1.deploymentID) }
            }
            let all = expected(deployments, "S")
            try await storage.read { reader in
                for limit in [1, 2, 5, 19, 20, 21, 22, 24, 100] {
                    try expectEqual(
                        try reader.revisionHolders(of: "S", limit: limit), Array(all.prefix(limit)), "revisionHolders(S, limit: \(limit))")
                }
                try expectEqual(try reader.revisionHolders(of: "S", limit: 0), [], "revisionHolders with limit 0")
                try expectEqual(try reader.revisionHolders(of: "T", limit: 5), expected(deployments, "T"), "revisionHolders(T)")
                try expectEqual(try reader.revisionHolders(of: "Unknown", limit: 5), [], "revisionHolders of an unknown service")
            }
            // Replace: #0 moves to revision 50 of S and drops T; #5 drops S for T; remove #6 and #7.
            let changed = {
                var copy = deployments
                copy[0] = StorageFixtures.deployment(index: 0, id: deployments[0].id, services: ["S"], revision: 50)
                copy[5] = StorageFixtures.deployment(index: 5, id: deployments[5].id, services: ["T"], revision: 3)
                return copy
            }()
            try await storage.write { tx in
                try tx.putDeployment(changed[0])
                try tx.putDeployment(changed[5])
                try tx.removeDeployment(deployments[6].id)
                try tx.removeDeployment(deployments[7].id)
            }
            let remaining = changed.enumerated().filter { $0.offset != 6 && $0.offset != 7 }.map(\.element)
            try await storage.read { reader in
                try expectEqual(
                    try reader.revisionHolders(of: "S", limit: 100), expected(remaining, "S"), "revisionHolders(S) after replace and remove")
                try expectEqual(try reader.revisionHolders(of: "T", limit: 100), expected(remaining, "T"), "revisionHolders(T) after replace")
                try expectEqual(
                    try reader.revisionHolders(of: "S", limit: 1).first?.revision, 50, "the top holder after a replace raised its revision")
            }
        }
    }

    func identityIndexMaintenance() async throws {
        try await withStorage { storage in
            let a = StorageFixtures.deployment(index: 1, host: "shared.example")
            let b = StorageFixtures.deployment(index: 2, host: "SHARED.example")  // same identity: authority is case-insensitive
            let c = StorageFixtures.deployment(index: 3, host: "other.example")
            let lambda = StorageFixtures.lambdaDeployment(index: 4)
            let tail = String(repeating: "p", count: 600)
            let long1 = Self.withPath(StorageFixtures.deployment(index: 5), "/\(tail)/one")
            let long2 = Self.withPath(StorageFixtures.deployment(index: 6), "/\(tail)/two")
            let shared = a.address.identityKey
            try expectEqual(b.address.identityKey, shared, "the fixtures' shared identity key")
            try await storage.write { tx in for d in [a, b, c, lambda, long1, long2] { try tx.putDeployment(d) } }
            try await storage.read { reader in
                try expectEqual(try reader.deploymentIDs(withIdentityKey: shared), [a.id, b.id].sorted(), "ids at a shared identity key (sorted)")
                for d in [c, lambda, long1, long2] {
                    try expectEqual(
                        try reader.deploymentIDs(withIdentityKey: d.address.identityKey), [d.id], "ids at \(d.address.identityKey.prefix(60))")
                }
                try expectEqual(try reader.deploymentIDs(withIdentityKey: "http:nobody.example/"), [], "ids at an unused key")
            }
            let moved = StorageFixtures.deployment(index: 1, id: a.id, host: "moved.example")
            try await storage.write { tx in
                try tx.putDeployment(moved)
                try tx.removeDeployment(long1.id)
            }
            try await storage.read { reader in
                try expectEqual(try reader.deploymentIDs(withIdentityKey: shared), [b.id], "the old key after a replacement moved a deployment away")
                try expectEqual(try reader.deploymentIDs(withIdentityKey: moved.address.identityKey), [a.id], "the new key after the replacement")
                try expectEqual(try reader.deploymentIDs(withIdentityKey: long1.address.identityKey), [], "a long key after removal")
                try expectEqual(try reader.deploymentIDs(withIdentityKey: long2.address.identityKey), [long2.id], "a long key sharing a prefix")
            }
            try await storage.write { tx in
                try tx.removeDeployment(b.id)
                try tx.removeDeployment(b.id)
            }
            try await storage.read { reader in
                try expectEqual(try reader.deploymentIDs(withIdentityKey: shared), [], "a key whose deployments were all removed")
            }
        }
    }

    private static func withPath(_ deployment: Deployment, _ path: String) -> Deployment {
        var copy = deployment
        let uri = try! DeploymentURI(parsing: "http://long.example:9080\(path)")
        copy.address = .http(uri: uri, protocolType: .requestResponse, httpVersion: .http11)
        return copy
    }
}
