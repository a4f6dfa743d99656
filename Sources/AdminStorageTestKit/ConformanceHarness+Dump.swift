import AdminCore
import Foundation

/// The checks of what a full dump needs: the listings, clearing the change log, and an export
/// restored through the backend.
extension ConformanceHarness {
    /// A long object key (LMDB-style backends shorten keys past a few hundred bytes).
    static let longKey = String(repeating: "k", count: 300)

    func fullListings() async throws {
        let records = (1...4).map { StorageFixtures.invocation(index: $0) }
        let expected = try await withStorage { storage in
            try await storage.write { tx in
                try expectEqual(try tx.allServiceStates(), [], "allServiceStates of a new store")
                try expectEqual(try tx.allInvocations(), [], "allInvocations of a new store")
                try tx.setServiceState(service: "Counter", key: "b", state: StorageFixtures.state(index: 2))
                try tx.setServiceState(service: "Counter", key: Self.longKey, state: StorageFixtures.state(index: 3))
                try tx.setServiceState(service: "Counter", key: "a", state: StorageFixtures.state(index: 1))
                try tx.setServiceState(service: "Account", key: "z", state: ["x": [1]])
                try tx.setServiceState(service: "Counter", key: "never", state: [:])
                for record in records.reversed() { try tx.putInvocation(record) }
                try expectEqual(
                    try tx.allServiceStates().map { "\($0.service)/\($0.key)" },
                    ["Account/z", "Counter/a", "Counter/b", "Counter/\(Self.longKey)"], "allServiceStates inside the write that made them")
                try expectEqual(try tx.allInvocations(), records.sorted { $0.id < $1.id }, "allInvocations inside the write that made them")
            }
            let completed = {
                var record = records[2]
                record.status = .completed
                return record
            }()
            try await storage.write { tx in
                try tx.setServiceState(service: "Counter", key: "a", state: ["only": [9, 9]])
                try tx.setServiceState(service: "Counter", key: "b", state: [:])
                try tx.removeInvocation(records[1].id)
                try tx.putInvocation(completed)
            }
            let expected = (
                states: [
                    ObjectState(service: "Account", key: "z", entries: ["x": [1]]),
                    ObjectState(service: "Counter", key: "a", entries: ["only": [9, 9]]),
                    ObjectState(service: "Counter", key: Self.longKey, entries: StorageFixtures.state(index: 3)),
                ],
                invocations: [records[0], completed, records[3]].sorted { $0.id < $1.id }
            )
            try await storage.read { reader in
                try expectEqual(try reader.allServiceStates(), expected.states, "allServiceStates after replacing and emptying")
                try expectEqual(try reader.allInvocations(), expected.invocations, "allInvocations after replacing and removing")
            }
            return expected
        }
        try await withStorage { storage in
            try await storage.read { reader in
                try expectEqual(try reader.allServiceStates(), expected.states, "allServiceStates after reopening")
                try expectEqual(try reader.allInvocations(), expected.invocations, "allInvocations after reopening")
            }
        }
    }

    func changeLogClear() async throws {
        try await withStorage { storage in
            for index in 1...3 { _ = try await storage.write { tx in try Self.subscriptionChange(index).apply(to: tx) } }
            do {
                try await storage.write { tx in
                    try tx.clearChangeLog()
                    throw ConformanceMarkerError()
                }
                throw failure("a write whose body threw did not rethrow")
            } catch is ConformanceMarkerError {}
            try await storage.read { reader in
                try expectEqual(try reader.changes(after: 0, limit: 10)?.map(\.version), [1, 2, 3], "the log after a clearing write that threw")
            }
            try await storage.write { tx in
                try tx.clearChangeLog()
                try expectEqual(try tx.changes(after: 0, limit: 10), nil, "changes after 0, inside the clearing write")
            }
            try await storage.read { reader in
                try expectEqual(try reader.schemaVersion(), 3, "the version after clearing the log")
                try expectEqual(try reader.changes(after: 0, limit: 10), nil, "changes after 0 once cleared")
                try expectEqual(try reader.changes(after: 2, limit: 10), nil, "changes after 2 once cleared")
                try expectEqual(try reader.changes(after: 3, limit: 10), [], "changes after the current version once cleared")
            }
            let fourth = try await storage.write { tx in try Self.subscriptionChange(4).apply(to: tx) }
            try expectEqual(fourth?.version, 4, "the version of the first commit after clearing")
            try await storage.read { reader in
                try expectEqual(try reader.changes(after: 3, limit: 10), fourth.map { [$0] }, "changes after 3: the log restarted")
                try expectEqual(try reader.changes(after: 2, limit: 10), nil, "changes after 2: still before the log")
            }
        }
        try await withStorage { storage in
            try await storage.read { reader in
                try expectEqual(try reader.changes(after: 3, limit: 10)?.map(\.version), [4], "changes after 3, after reopening")
                try expectEqual(try reader.changes(after: 2, limit: 10), nil, "changes after 2, after reopening")
            }
        }
    }

    func dumpRoundTrip() async throws {
        let first = StorageFixtures.deployment(index: 1)
        let second = StorageFixtures.deployment(index: 2, services: ["Greeter"], revision: 2)
        let pinned = StorageFixtures.invocation(index: 1, pinnedTo: first.id)
        let dump = try await withStorage { storage in
            let changes = {
                var changes = RegistryChanges()
                changes.upserts = [first.id: first, second.id: second]
                changes.latest = [
                    "Greeter": LatestRevision(deploymentID: second.id, revision: 2),
                    "Counter": LatestRevision(deploymentID: first.id, revision: 1),
                    "Checkout": LatestRevision(deploymentID: first.id, revision: 1),
                ]
                return changes
            }()
            try await storage.write { tx in
                try changes.apply(to: tx)
                try Self.subscriptionChange(1).apply(to: tx)
                try tx.setServiceState(service: "Counter", key: "alice", state: StorageFixtures.state(index: 1))
                try tx.putInvocation(pinned)
                try tx.putInvocation(StorageFixtures.invocation(index: 2, status: .completed))
            }
            let dump = try await StorageDump.export(from: storage)
            try expectEqual(dump.registryVersion, 2, "the exported registry version")
            try expectEqual(
                [dump.deployments.count, dump.latest.count, dump.subscriptions.count, dump.states.count, dump.invocations.count], [2, 3, 1, 1, 2],
                "the exported record counts")
            do {
                try await StorageRestore.restore(dump, into: storage, replace: false)
                throw failure("a restore into a store that is not empty, without replace, was not refused")
            } catch let error as AdminError where error.kind == .conflict {}
            try expectEqual(try await StorageDump.export(from: storage), dump, "the store after a refused restore")

            try await storage.write { tx in
                try Self.subscriptionChange(2).apply(to: tx)
                try tx.setServiceState(service: "Counter", key: "bob", state: ["n": [1]])
                try tx.removeInvocation(pinned.id)
            }
            try await StorageRestore.restore(dump, into: storage, replace: true)
            try expectEqual(try await StorageDump.export(from: storage), dump, "the store after restoring its own dump with replace")
            try await storage.read { reader in
                try expectEqual(try reader.pinnedInvocationCount(first.id), 1, "the pinned invocations of the restored deployment")
                try expectEqual(try reader.changes(after: 1, limit: 10), nil, "the change log before the restored version")
                try expectEqual(try reader.changes(after: 2, limit: 10), [], "the change log at the restored version")
            }
            return dump
        }
        try await withStorage { storage in
            try expectEqual(try await StorageDump.export(from: storage), dump, "the restored store after reopening")
        }
    }
}
