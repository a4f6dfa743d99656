import AdminCore
import AdminStorageTestKit
import Foundation
import Testing

/// `StorageDump` and `StorageRestore` over `InMemoryStorage`: the round trip, the document's
/// shape, and every refusal leaving the target exactly as it was.
@Suite struct RegistryDumpTests {
    /// A populated store: two deployments (Greeter at revision 2 in the second), latest pointers,
    /// subscriptions, binary state, a pinned and a completed invocation, and a logged history.
    static func populated() async throws -> (storage: InMemoryStorage, first: Deployment, second: Deployment) {
        let storage = InMemoryStorage()
        let first = StorageFixtures.deployment(index: 1)
        let second = StorageFixtures.deployment(index: 2, services: ["Greeter"], revision: 2)
        let pinned = StorageFixtures.invocation(index: 1, pinnedTo: first.id)
        try await storage.write { tx in
            var changes = RegistryChanges()
            changes.upserts[first.id] = first
            changes.latest = ["Greeter": LatestRevision(deploymentID: first.id, revision: 1)]
            changes.latest["Counter"] = .some(LatestRevision(deploymentID: first.id, revision: 1))
            changes.latest["Checkout"] = .some(LatestRevision(deploymentID: first.id, revision: 1))
            try changes.apply(to: tx)
            var next = RegistryChanges()
            next.upserts[second.id] = second
            next.latest["Greeter"] = .some(LatestRevision(deploymentID: second.id, revision: 2))
            next.subscriptions = Dictionary(uniqueKeysWithValues: (0..<2).map { StorageFixtures.subscription(index: $0) }.map { ($0.id, $0) })
            try next.apply(to: tx)
            try tx.setServiceState(service: "Counter", key: "alice", state: ["count": Array("1".utf8), "raw": [0, 255]])
            try tx.setServiceState(service: "Counter", key: "bob", state: StorageFixtures.state(index: 2))
            try tx.putInvocation(pinned)
            try tx.putInvocation(StorageFixtures.invocation(index: 2, status: .completed))
        }
        return (storage, first, second)
    }

    /// Everything a storage holds, the change log included, for "nothing changed" checks.
    static func everything(_ storage: any Storage) async throws -> (dump: RegistryDump, log: [RegistryChange]?) {
        try await storage.read { reader in (try RegistryDump(reading: reader), try reader.changes(after: 0, limit: 1_000)) }
    }

    @Test func exportRestoresToTheSameRecordsAndVersionWithAnEmptyLog() async throws {
        let (source, first, _) = try await Self.populated()
        let dump = try await StorageDump.export(from: source)
        #expect(dump.registryVersion == 2)
        #expect(dump.deployments.count == 2 && dump.latest.count == 3 && dump.subscriptions.count == 2)
        #expect(dump.states.map(\.key) == ["alice", "bob"] && dump.invocations.count == 2)

        let decoded = try RegistryDump.decode(try dump.encoded())
        #expect(decoded == dump)
        let target = InMemoryStorage()
        try await StorageRestore.restore(decoded, into: target, replace: false)
        let restored = try await StorageDump.export(from: target)
        #expect(restored == dump)
        #expect(try restored.encoded() == dump.encoded())
        let (version, pinned, fromStart, fromVersion) = try await target.read { reader in
            (
                try reader.schemaVersion(), try reader.pinnedInvocationCount(first.id), try reader.changes(after: 0, limit: 10),
                try reader.changes(after: 2, limit: 10)
            )
        }
        #expect(version == 2)
        #expect(pinned == 1)
        #expect(fromStart == nil, "the log starts empty at the imported version")
        #expect(fromVersion == [])
        // The next change is logged from the imported version on.
        let change = try await target.write { tx in try ConformanceChanges.subscription(7).apply(to: tx) }
        #expect(change?.version == 3)
        #expect(try await target.read { try $0.changes(after: 2, limit: 10) } == change.map { [$0] })
    }

    @Test func documentStartsWithItsFormatAndEncodesStateInBase64() async throws {
        let (source, _, _) = try await Self.populated()
        let text = String(decoding: try await StorageDump.export(from: source).encoded(), as: UTF8.self)
        #expect(text.hasPrefix(#"{"format":"swift-restate-admin/registry-dump","version":1,"registryVersion":2,"deployments":["#))
        #expect(text.contains(#"{"service":"Counter","key":"alice","entries":{"count":"MQ==","raw":"AP8="}}"#))
        #expect(text.hasSuffix("}\n"))
    }

    @Test func restoringIntoAStoreThatIsNotEmptyIsRefusedUnlessReplacing() async throws {
        let (source, _, _) = try await Self.populated()
        let dump = try await StorageDump.export(from: source)
        let target = InMemoryStorage()
        try await target.write { tx in
            try ConformanceChanges.subscription(1).apply(to: tx)
            try tx.setServiceState(service: "Other", key: "k", state: ["v": [1]])
        }
        let before = try await Self.everything(target)
        let error = await #expect(throws: AdminError.self) { try await StorageRestore.restore(dump, into: target, replace: false) }
        #expect(error?.kind == .conflict)
        #expect(error?.message.contains("not empty") == true)
        let after = try await Self.everything(target)
        #expect(after.dump == before.dump && after.log == before.log)

        try await StorageRestore.restore(dump, into: target, replace: true)
        #expect(try await StorageDump.export(from: target) == dump)
        #expect(try await target.read { try $0.changes(after: 0, limit: 10) } == nil)
    }

    @Test func aStoreWithOnlyAVersionIsNotEmpty() async throws {
        let target = InMemoryStorage()
        try await target.write { tx in try tx.setSchemaVersion(5) }
        let error = await #expect(throws: AdminError.self) {
            try await StorageRestore.restore(RegistryDump(registryVersion: 1), into: target, replace: false)
        }
        #expect(error?.kind == .conflict)
        #expect(try await target.schemaVersion() == 5)
    }

    /// A way to break a dump, and the words its refusal must contain.
    struct Breakage: Sendable, CustomTestStringConvertible {
        let name: String
        let expected: String
        let apply: @Sendable (inout RegistryDump) -> Void
        var testDescription: String { name }
    }

    static let breakages: [Breakage] = [
        Breakage(name: "pointer to a missing deployment", expected: "which the dump does not hold") { dump in
            dump.deployments.removeAll { $0.id == dump.latest["Greeter"]?.deploymentID }
        },
        Breakage(name: "pointer to another revision", expected: "holds revision 2") { dump in dump.latest["Greeter"]?.revision = 3 },
        Breakage(name: "pointer to a deployment without the service", expected: "which does not hold 'Counter'") { dump in
            dump.latest["Counter"] = dump.latest["Greeter"]
        },
        Breakage(name: "held service without a pointer", expected: "has no latest revision pointer") { dump in dump.latest["Checkout"] = nil },
        Breakage(name: "deployment twice", expected: "appears twice") { dump in dump.deployments.append(dump.deployments[0]) },
        Breakage(name: "invocation twice", expected: "appears twice") { dump in dump.invocations.append(dump.invocations[0]) },
        Breakage(name: "service filed under another name", expected: "under 'Renamed'") { dump in
            dump.deployments[0].services["Renamed"] = dump.deployments[0].services.values.first
        },
        Breakage(name: "state without entries", expected: "has no entries") { dump in dump.states[0].entries = [:] },
    ]

    @Test(arguments: breakages)
    func brokenReferencesAreRefusedAndChangeNothing(_ breakage: Breakage) async throws {
        let (source, _, _) = try await Self.populated()
        var dump = try await StorageDump.export(from: source)
        breakage.apply(&dump)
        let before = try await Self.everything(source)
        let error = await #expect(throws: AdminError.self) { try await StorageRestore.restore(dump, into: source, replace: true) }
        #expect(error?.kind == .invalidArgument)
        #expect(error?.message.contains(breakage.expected) == true, "\(error?.message ?? "")")
        let after = try await Self.everything(source)
        #expect(after.dump == before.dump && after.log == before.log)
    }

    @Test func anInvocationPinnedToAGoneDeploymentIsKept() async throws {
        let (source, _, _) = try await Self.populated()
        var dump = try await StorageDump.export(from: source)
        dump.invocations[0].pinnedDeployment = .generate()
        let target = InMemoryStorage()
        try await StorageRestore.restore(dump, into: target, replace: false)
        #expect(try await StorageDump.export(from: target) == dump)
    }

    @Test(arguments: [
        (#"{"format":"swift-restate-admin/registry-dump","version":2,"registryVersion":1}"#, "newer than this build reads"),
        (#"{"format":"something-else","version":1}"#, "format 'something-else'"),
        (#"[1, 2]"#, "not a registry dump"),
        (#"{"format":"swift-restate-admin/registry-dump","version":1,"registryVersion":1,"deployments":[]}"#, "invalid registry dump"),
        (#"{"format":"swift-restate-admin/registry-dump","version":0}"#, "format version 0"),
    ])
    func unreadableDocumentsAreRefused(_ text: String, _ expected: String) throws {
        let error = #expect(throws: AdminError.self) { try RegistryDump.decode(Array(text.utf8)) }
        #expect(error?.message.contains(expected) == true, "\(error?.message ?? "")")
        #expect(error?.kind == (expected.hasPrefix("newer") ? .notSupported : .invalidArgument))
    }

    @Test func aNewerDumpValueIsRefusedByRestore() async throws {
        let target = InMemoryStorage()
        var dump = RegistryDump(registryVersion: 1)
        dump.version = RegistryDump.currentVersion + 1
        let error = await #expect(throws: AdminError.self) { try await StorageRestore.restore(dump, into: target, replace: false) }
        #expect(error?.kind == .notSupported)
        #expect(try await target.schemaVersion() == 0)
    }
}

/// Small change sets for the tests.
enum ConformanceChanges {
    /// A change that creates one subscription.
    static func subscription(_ index: Int) -> RegistryChanges {
        var changes = RegistryChanges()
        let subscription = StorageFixtures.subscription(index: index)
        changes.subscriptions[subscription.id] = subscription
        return changes
    }
}
