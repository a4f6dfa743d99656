import AdminCore
import Foundation

/// The registry version and change-log checks.
extension ConformanceHarness {
    /// A change set that creates subscription `index` (small, so many can be committed quickly).
    static func subscriptionChange(_ index: Int, id: SubscriptionID = .generate()) -> RegistryChanges {
        var changes = RegistryChanges()
        changes.subscriptions[id] = Subscription(
            id: id, source: "kafka://cluster/topic-\(index)", sink: "service://Counter/add", options: ["client.id": "restate"]
        )
        return changes
    }

    /// Replays the whole log onto an empty registry and compares the result with the stored one.
    func expectLogReplaysToStore(_ reader: any StorageReader, _ what: String) throws {
        let version = try reader.schemaVersion()
        guard let logged = try reader.changes(after: 0, limit: Int(version)) else {
            throw failure("\(what): the log does not reach back to version 1 at version \(version)")
        }
        try expectEqual(logged.map(\.version), Array(stride(from: 1, through: version, by: 1)), "\(what): logged versions")
        let replayed = logged.reduce(RegistrySnapshot()) { $0.applying($1) }
        try expect(replayed.hasSameRecords(as: try RegistrySnapshot(loading: reader)), "\(what): replaying the log does not give the stored registry")
    }

    func changeLogRoundTrip() async throws {
        let committed = try await withStorage { storage in
            var committed: [RegistryChange] = []
            let deployment = StorageFixtures.deployment(index: 1)
            var first = RegistryChanges()
            first.upserts[deployment.id] = deployment
            first.latest["Greeter"] = .some(LatestRevision(deploymentID: deployment.id, revision: 1))
            let subscription = SubscriptionID.generate()
            var second = Self.subscriptionChange(1, id: subscription)
            second.latest["Greeter"] = .some(nil)
            var third = RegistryChanges()
            third.removals.insert(deployment.id)
            third.subscriptionRemovals.insert(subscription)
            for changes in [first, second, third] {
                guard let change = try await storage.write({ try changes.apply(to: $0) }) else {
                    throw failure("a non-empty change set committed no change")
                }
                committed.append(change)
            }
            try expectEqual(committed.map(\.version), [1, 2, 3], "the versions of three commits")
            let all = committed
            try expectEqual(try await storage.write { try RegistryChanges().apply(to: $0) }, nil, "the change of an empty change set")
            try await storage.read { reader in
                try expectEqual(try reader.schemaVersion(), 3, "the version after three commits and an empty one")
                try expectEqual(try reader.changes(after: 0, limit: 10), all, "changes after 0")
                try expectEqual(try reader.changes(after: 1, limit: 1), [all[1]], "one change after 1")
                try expectEqual(try reader.changes(after: 3, limit: 10), [], "changes after the current version")
                try expectLogReplaysToStore(reader, "after three commits")
            }
            return all
        }
        try await withStorage { storage in
            try await storage.read { reader in
                try expectEqual(try reader.changes(after: 0, limit: 10), committed, "changes after 0, after reopening")
            }
        }
    }

    func changeLogWithoutGaps() async throws {
        try await withStorage { storage in
            let writers = 40
            let committed = try await withThrowingTaskGroup(of: RegistryChange?.self) { group in
                for index in 0..<writers {
                    group.addTask { try await storage.write { try Self.subscriptionChange(index).apply(to: $0) } }
                }
                var all: [RegistryChange] = []
                for try await change in group { if let change { all.append(change) } }
                return all.sorted { $0.version < $1.version }
            }
            try expectEqual(committed.map(\.version), Array(1...UInt64(writers)), "the versions the \(writers) writers committed")
            try await storage.read { reader in
                try expectEqual(try reader.changes(after: 0, limit: writers + 5), committed, "the log after \(writers) concurrent writers")
                try expectLogReplaysToStore(reader, "after \(writers) concurrent writers")
            }
        }
    }

    func changeLogRollsBack() async throws {
        try await withStorage { storage in
            _ = try await storage.write { try Self.subscriptionChange(0).apply(to: $0) }
            do {
                try await storage.write { writer in
                    try Self.subscriptionChange(1).apply(to: writer)
                    throw ConformanceMarkerError()
                }
                throw failure("the write that threw returned")
            } catch is ConformanceMarkerError {}
            try await storage.read { reader in
                try expectEqual(try reader.schemaVersion(), 1, "the version after a write that threw")
                try expectEqual(try reader.changes(after: 1, limit: 10), [], "changes after a write that threw")
            }
            let next = try await storage.write { try Self.subscriptionChange(2).apply(to: $0) }
            try expectEqual(next?.version, 2, "the version after the write that threw")
            try await storage.read { try expectLogReplaysToStore($0, "after a rolled-back write") }
        }
    }

    func changeLogCompaction() async throws {
        let retention = setup.changeLogRetention
        let versions = retention * 4
        try await withStorage { storage in
            for index in 0..<versions { _ = try await storage.write { try Self.subscriptionChange(index).apply(to: $0) } }
            try await expectCompacted(storage, retention: retention, versions: versions, "after \(versions) versions")
        }
        try await withStorage { storage in
            try await expectCompacted(storage, retention: retention, versions: versions, "after reopening")
            _ = try await storage.write { try Self.subscriptionChange(versions).apply(to: $0) }
            try await expectCompacted(storage, retention: retention, versions: versions + 1, "after one more version")
        }
    }

    private func expectCompacted(_ storage: any Storage, retention: Int, versions: Int, _ what: String) async throws {
        try await storage.read { reader in
            let recent = try reader.changes(after: UInt64(versions - retention), limit: versions)
            try expectEqual(
                recent?.map(\.version), Array(UInt64(versions - retention + 1)...UInt64(versions)), "\(what): the last \(retention) versions"
            )
            try expectEqual(try reader.changes(after: 0, limit: versions), nil, "\(what): changes after 0 (compacted away)")
            let kept = try (0..<versions).first { try reader.changes(after: UInt64($0), limit: 1) != nil }.map { versions - $0 } ?? 0
            try expect(kept <= 2 * retention, "\(what): the log keeps \(kept) versions with a retention of \(retention)")
        }
    }
}
