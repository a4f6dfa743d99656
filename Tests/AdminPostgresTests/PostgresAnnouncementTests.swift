import AdminCore
import AdminPostgres
import AdminPostgresTestSupport
import Testing

/// `PostgresStorage.commitAnnouncements()`: a commit on one storage (node) reaches the streams of
/// the others through `LISTEN`/`NOTIFY`, and the streams end when their storage closes.
@Suite("PostgresStorage commit announcements", .enabled(if: TestDatabase.isConfigured, "ADMIN_TEST_POSTGRES_URL is not set"))
struct PostgresAnnouncementTests {
    /// Runs `body` with two storages (two nodes) on one fresh database, closed afterwards.
    static func withTwoStorages(_ label: String, _ body: (PostgresStorage, PostgresStorage, PostgresURL) async throws -> Void) async throws {
        try await TestDatabase.with(label) { url in
            let storageA = try await PostgresStorage(url: url)
            let storageB = try await PostgresStorage(url: url)
            do {
                try await body(storageA, storageB, url)
            } catch {
                try? await storageA.close()
                try? await storageB.close()
                throw error
            }
            try await storageA.close()
            try await storageB.close()
        }
    }

    /// Waits (at most 10 s) until `announcements` yields a version of at least `version`, and returns it.
    @discardableResult
    static func announcement(atLeast version: UInt64, on announcements: AsyncStream<UInt64>) async throws -> UInt64? {
        try await BoundedWait.within(.seconds(10), "an announcement of version \(version) or later") { () async -> UInt64? in
            for await announced in announcements where announced >= version { return announced }
            return nil
        }
    }

    @Test("a commit on storage A is announced on storage B's stream")
    func commitIsAnnouncedToTheOtherStorage() async throws {
        try await Self.withTwoStorages("announce") { storageA, storageB, url in
            let announcements = storageB.commitAnnouncements()
            // Both listen before the commit, so B hears of it only through its notification.
            try await ListeningConnections.waitFor(2, on: url)
            try await storageA.write { try $0.setSchemaVersion(1) }
            // B may first announce the version it found when it started listening (0).
            #expect(try await Self.announcement(atLeast: 1, on: announcements) == 1)
        }
    }

    @Test("each stream announces every later commit, in order")
    func laterCommitsAreAnnouncedInOrder() async throws {
        try await Self.withTwoStorages("announceorder") { storageA, storageB, _ in
            // Once B's listening connection announced what it found, B hears every commit.
            let announcements = storageB.commitAnnouncements()
            try await storageA.write { try $0.setSchemaVersion(1) }
            try await Self.announcement(atLeast: 1, on: announcements)
            for version in 2...5 as ClosedRange<UInt64> {
                try await (version.isMultiple(of: 2) ? storageA : storageB).write { try $0.setSchemaVersion(version) }
            }
            let later = try await BoundedWait.within(.seconds(10), "storage B to announce versions 2…5") {
                var seen: [UInt64] = []
                for await version in announcements where version > 1 {
                    seen.append(version)
                    if version == 5 { break }
                }
                return seen
            }
            #expect(later == [2, 3, 4, 5])
        }
    }

    @Test("a write that does not change the version is not announced")
    func unchangedVersionIsNotAnnounced() async throws {
        try await Self.withTwoStorages("announcenone") { storageA, storageB, _ in
            let announcements = storageB.commitAnnouncements()
            // B announces the version it finds when it starts listening (0, or 1 if it starts after
            // the first commit, then again as that commit's notification): once it announced 2,
            // every later announcement is a notification of a later commit.
            try await storageA.write { try $0.setSchemaVersion(1) }
            try await Self.announcement(atLeast: 1, on: announcements)
            try await storageA.write { try $0.setSchemaVersion(2) }
            try await Self.announcement(atLeast: 2, on: announcements)
            try await storageA.write { try $0.setServiceState(service: "S", key: "k", state: ["n": [1]]) }
            try await storageA.write { _ in }
            try await storageA.write { try $0.setSchemaVersion(3) }
            let next = try await BoundedWait.within(.seconds(10), "storage B's next announcement") { () async -> UInt64? in
                for await version in announcements { return version }
                return nil
            }
            #expect(next == 3)
        }
    }

    @Test("closing the storage ends its streams, and a stream asked for afterwards ends at once")
    func closeEndsTheStreams() async throws {
        try await TestDatabase.with("announceclose") { url in
            let storage = try await PostgresStorage(url: url)
            let announcements = storage.commitAnnouncements()
            let drained = Task {
                var count = 0
                for await _ in announcements { count += 1 }
                return count
            }
            try await storage.close()
            _ = try await BoundedWait.within(.seconds(10), "the stream to end after close()") { await drained.value }
            let afterClose = try await BoundedWait.within(.seconds(10), "a stream asked for after close() to end") {
                var count = 0
                for await _ in storage.commitAnnouncements() { count += 1 }
                return count
            }
            #expect(afterClose == 0)
        }
    }
}
