import AdminCore
import AdminPostgres
import AdminPostgresTestSupport
import Testing

/// `PostgresStorage.commitAnnouncements()`: a commit on one storage (node) reaches the streams of
/// the others through `LISTEN`/`NOTIFY`, and the streams end when their storage closes.
@Suite("PostgresStorage commit announcements", .enabled(if: TestDatabase.isConfigured, "ADMIN_TEST_POSTGRES_URL is not set"))
struct PostgresAnnouncementTests {
    @Test("a commit on storage A is announced on storage B's stream")
    func commitIsAnnouncedToTheOtherStorage() async throws {
        try await TestDatabase.with("announce") { url in
            let storageA = try await PostgresStorage(url: url)
            let storageB = try await PostgresStorage(url: url)
            let announcements = storageB.commitAnnouncements()
            // Both listen before the commit, so B hears of it only through its notification.
            try await ListeningConnections.waitFor(2, on: url)
            try await storageA.write { try $0.setSchemaVersion(1) }
            // B may first announce the version it found when it started listening (0).
            let announced = try await BoundedWait.within(.seconds(10), "storage B to announce version 1") { () async -> UInt64? in
                for await version in announcements where version >= 1 { return version }
                return nil
            }
            #expect(announced == 1)
            try await storageA.close()
            try await storageB.close()
        }
    }

    @Test("each stream announces every later commit, in order")
    func laterCommitsAreAnnouncedInOrder() async throws {
        try await TestDatabase.with("announceorder") { url in
            let storageA = try await PostgresStorage(url: url)
            let storageB = try await PostgresStorage(url: url)
            // Once B's listening connection announced what it found, B hears every commit.
            let announcements = storageB.commitAnnouncements()
            try await storageA.write { try $0.setSchemaVersion(1) }
            _ = try await BoundedWait.within(.seconds(10), "storage B to announce version 1") {
                for await version in announcements where version >= 1 { return }
            }
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
            try await storageA.close()
            try await storageB.close()
        }
    }

    @Test("a write that does not change the version is not announced")
    func unchangedVersionIsNotAnnounced() async throws {
        try await TestDatabase.with("announcenone") { url in
            let storageA = try await PostgresStorage(url: url)
            let storageB = try await PostgresStorage(url: url)
            let announcements = storageB.commitAnnouncements()
            // B announces the version it finds when it starts listening (0, or 1 if it starts after
            // the first commit, then again as that commit's notification): once it announced 2,
            // every later announcement is a notification of a later commit.
            try await storageA.write { try $0.setSchemaVersion(1) }
            _ = try await BoundedWait.within(.seconds(10), "storage B to announce version 1") {
                for await version in announcements where version >= 1 { return }
            }
            try await storageA.write { try $0.setSchemaVersion(2) }
            _ = try await BoundedWait.within(.seconds(10), "storage B to announce version 2") {
                for await version in announcements where version >= 2 { return }
            }
            try await storageA.write { try $0.setServiceState(service: "S", key: "k", state: ["n": [1]]) }
            try await storageA.write { _ in }
            try await storageA.write { try $0.setSchemaVersion(3) }
            let next = try await BoundedWait.within(.seconds(10), "storage B's next announcement") { () async -> UInt64? in
                for await version in announcements { return version }
                return nil
            }
            #expect(next == 3)
            try await storageA.close()
            try await storageB.close()
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
