import AdminCore
import AdminStorageTestKit
import Foundation
import Testing

@testable import AdminLMDB

/// Names longer than an LMDB key are shortened to a prefix and a hash; records whose shortened
/// keys collide must still be kept apart. `hashMask: 0` makes every long name with the same
/// prefix collide.
@Suite("LMDBStorage long keys")
struct LMDBLongKeyTests {
    static let prefix = String(repeating: "s", count: 300)

    @Test("Colliding long service names and state keys keep their own records", arguments: [UInt64.max, 0])
    func collidingLongNames(hashMask: UInt64) async throws {
        try await TemporaryDirectory.with(prefix: "admin-lmdb") { directory in
            let storage = try LMDBStorage(directory: directory, options: .init(), keys: LMDBKeys(hashMask: hashMask))
            let a = Self.prefix + "A"
            let b = Self.prefix + "B"
            let first = LatestRevision(deploymentID: .generate(), revision: 1)
            let second = LatestRevision(deploymentID: .generate(), revision: 2)
            try await storage.write { tx in
                try tx.setLatestRevision(first, of: a)
                try tx.setLatestRevision(second, of: b)
                try tx.setServiceState(service: a, key: Self.prefix + "k1", state: ["x": [1]])
                try tx.setServiceState(service: a, key: Self.prefix + "k2", state: ["y": [2]])
            }
            try await storage.write { tx in
                // Clearing one record of a bucket must leave its neighbours alone.
                try tx.setLatestRevision(nil, of: b)
                try tx.setServiceState(service: a, key: Self.prefix + "k2", state: [:])
            }
            let (latestA, latestB, k1, k2, all) = try await storage.read { reader in
                (
                    try reader.latestRevision(of: a), try reader.latestRevision(of: b),
                    try reader.serviceState(service: a, key: Self.prefix + "k1"),
                    try reader.serviceState(service: a, key: Self.prefix + "k2"), try reader.allLatestRevisions()
                )
            }
            #expect(latestA == first)
            #expect(latestB == nil)
            #expect(k1 == ["x": [1]])
            #expect(k2.isEmpty)
            #expect(all == [a: first])
            try await storage.checkIntegrity()
            try await storage.close()
        }
    }
}
