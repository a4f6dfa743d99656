import AdminLMDB
import AdminSQLite
import AdminStorageTestKit
import AdminTestSupport
import Foundation
import Testing

@testable import AdminCore

/// A backend the registry tests run on.
enum TestBackend: String, CaseIterable, Sendable, CustomStringConvertible {
    case inMemory, sqlite, lmdb

    var description: String { rawValue }

    /// Opens the backend in `directory` (the in-memory one ignores it).
    func open(_ directory: URL, changeLogRetention: Int = RegistryChange.defaultLogRetention) throws -> any Storage {
        switch self {
        case .inMemory: return InMemoryStorage(changeLogRetention: changeLogRetention)
        case .sqlite:
            return try SQLiteStorage(path: directory.appending(path: "admin.sqlite"), options: .init(changeLogRetention: changeLogRetention))
        case .lmdb:
            return try LMDBStorage(directory: directory.appending(path: "lmdb"), options: .init(changeLogRetention: changeLogRetention))
        }
    }
}

/// The in-memory registry and its change stream, on every backend.
@Suite("Registry change stream", .capturingLogs, .timeLimit(.minutes(1)))
struct RegistryStreamTests {
    /// Folds stream events into the registry they describe; fails on a gap or a repeat.
    struct Follower {
        var snapshot: RegistrySnapshot?
        var versions: [UInt64] = []
        var resyncs = 0

        mutating func fold(_ event: RegistryEvent) {
            switch event {
            case .snapshot(let whole):
                #expect(snapshot == nil, "a snapshot after the stream started")
                snapshot = whole
            case .resync(let whole):
                #expect(whole.version >= snapshot?.version ?? 0, "a resync went back in time")
                snapshot = whole
                resyncs += 1
            case .change(let change):
                guard let current = snapshot else {
                    Issue.record("a change before any snapshot")
                    return
                }
                #expect(change.version == current.version + 1, "gap or repeat: \(change.version) after \(current.version)")
                guard change.version == current.version + 1 else { return }
                snapshot = current.applying(change)
                versions.append(change.version)
            }
        }
    }

    static func manifest(_ service: String, handlers: [String]) -> [String: Any] {
        RegistryHarness.manifest([RegistryHarness.service(service, handlers: handlers)])
    }

    @Test("16 concurrent registrations: a follower sees every version once, in order, and ends where GET ends", arguments: TestBackend.allCases)
    func concurrentRegistrationsAreFollowed(_ backend: TestBackend) async throws {
        try await TemporaryDirectory.with(prefix: "registry-stream") { directory in
            let storage = try backend.open(directory)
            let harness = RegistryHarness(storage: storage)
            let admin = harness.admin
            var iterator = admin.changes().makeAsyncIterator()
            var follower = Follower()
            follower.fold(try #require(try await iterator.next()))
            #expect(follower.snapshot?.version == 0)
            let count = 16
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<count {
                    group.addTask {
                        try await harness.register(
                            "http://h\(index):9080/", [RegistryHarness.service("Svc\(index % 4)", handlers: ["h\(index % 4)"])])
                    }
                }
                try await group.waitForAll()
            }
            while follower.snapshot?.version ?? 0 < UInt64(count) {
                follower.fold(try #require(try await iterator.next()))
            }
            #expect(follower.versions == Array(1...UInt64(count)))
            let folded = try #require(follower.snapshot)
            #expect(folded.deployments == (try await admin.deployments()))
            #expect(RegistryView(snapshot: folded, configuration: admin.configuration).services == (try await admin.services()))
            try await storage.close()
        }
    }

    @Test("A subscriber that never reads is resynced, and its buffer stays bounded", arguments: TestBackend.allCases)
    func slowSubscriberIsResynced(_ backend: TestBackend) async throws {
        try await TemporaryDirectory.with(prefix: "registry-stream") { directory in
            let storage = try backend.open(directory)
            let harness = RegistryHarness(storage: storage)
            let stream = harness.admin.changes(bufferCapacity: 8)
            var iterator = stream.makeAsyncIterator()
            var follower = Follower()
            follower.fold(try #require(try await iterator.next()))
            for index in 0..<40 {
                try await harness.register("http://slow\(index):9080/", [RegistryHarness.service("Slow\(index)", handlers: ["h"])])
                #expect(iterator.subscription.buffered <= 8)
            }
            let next = try #require(try await iterator.next())
            guard case .resync(let latest) = next else {
                Issue.record("expected a resync, got \(next)")
                return
            }
            #expect(latest.version == 40)
            follower.fold(next)
            try await harness.register("http://after:9080/", [RegistryHarness.service("After", handlers: ["h"])])
            follower.fold(try #require(try await iterator.next()))
            #expect(follower.snapshot?.version == 41)
            #expect(follower.snapshot?.deployments == (try await harness.admin.deployments()))
            try await storage.close()
        }
    }

    @Test("Resuming after a logged version yields exactly the changes after it", arguments: TestBackend.allCases)
    func resumeAfterLoggedVersion(_ backend: TestBackend) async throws {
        try await TemporaryDirectory.with(prefix: "registry-stream") { directory in
            let storage = try backend.open(directory, changeLogRetention: 4)
            let harness = RegistryHarness(storage: storage)
            for index in 0..<6 {
                try await harness.register("http://r\(index):9080/", [RegistryHarness.service("R\(index)", handlers: ["h"])])
            }
            var resumed = harness.admin.changes(after: 3).makeAsyncIterator()
            var versions: [UInt64] = []
            for _ in 0..<3 {
                guard case .change(let change) = try await resumed.next() else {
                    Issue.record("expected a change")
                    return
                }
                versions.append(change.version)
            }
            #expect(versions == [4, 5, 6])
            // Version 1 is compacted away (retention 4): the stream starts with a snapshot instead.
            var compacted = harness.admin.changes(after: 1).makeAsyncIterator()
            guard case .snapshot(let whole) = try await compacted.next() else {
                Issue.record("expected a snapshot")
                return
            }
            #expect(whole.version == 6)
            try await storage.close()
        }
    }

    @Test("Ending the iteration frees the subscriber", arguments: [TestBackend.inMemory])
    func endingFreesTheSubscriber(_ backend: TestBackend) async throws {
        let harness = RegistryHarness(storage: try backend.open(URL(filePath: "/unused")))
        let admin = harness.admin
        let task = Task {
            for try await _ in admin.changes(pollInterval: .milliseconds(20)) {}
        }
        while admin.registry.subscriberCount == 0 { try await Task.sleep(for: .milliseconds(5)) }
        task.cancel()
        _ = await task.result
        #expect(admin.registry.subscriberCount == 0)
        do {
            var iterator = admin.changes().makeAsyncIterator()
            _ = try await iterator.next()
            #expect(admin.registry.subscriberCount == 1)
        }
        #expect(admin.registry.subscriberCount == 0, "a dropped iterator still holds its subscription")
    }

    @Test("Reads see other writers' commits at once; a follower sees them within its poll interval", arguments: [TestBackend.sqlite])
    func otherWritersAreSeen(_ backend: TestBackend) async throws {
        try await TemporaryDirectory.with(prefix: "registry-stream") { directory in
            let mine = try backend.open(directory)
            let theirs = try backend.open(directory)
            let harness = RegistryHarness(storage: mine)
            let other = RegistryHarness(storage: theirs)
            #expect(try await harness.admin.deployments().isEmpty)
            var iterator = harness.admin.changes(pollInterval: .milliseconds(50)).makeAsyncIterator()
            _ = try await iterator.next()
            try await other.register("http://other:9080/", [RegistryHarness.service("Other", handlers: ["h"])])
            guard case .change(let change) = try await iterator.next() else {
                Issue.record("expected the other writer's change")
                return
            }
            #expect(change.version == 1)
            try await other.register("http://other2:9080/", [RegistryHarness.service("Other2", handlers: ["h"])])
            #expect(try await harness.admin.deployments().count == 2, "the very next read sees the other writer's commit")
            try await mine.close()
            try await theirs.close()
        }
    }
}
