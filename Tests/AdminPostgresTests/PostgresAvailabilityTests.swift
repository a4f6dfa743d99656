import AdminCore
import AdminPostgres
import AdminPostgresTestSupport
import Testing

/// `PostgresStorage.unavailability`: while the storage cannot reach its database it says why
/// (`.unavailable`, naming PostgreSQL) and fails every call at once; it reconnects by itself and
/// works again. A database that cannot be reached at all fails the opening promptly.
@Suite("PostgresStorage availability", .enabled(if: TestDatabase.isConfigured, "ADMIN_TEST_POSTGRES_URL is not set"))
struct PostgresAvailabilityTests {
    /// Long enough that the test sees the storage unavailable, and calls it, before it reconnects.
    static let options = PostgresStorage.Options(reconnectDelay: .seconds(3))

    @Test("losing the listening connection makes the storage unavailable until it reconnects by itself")
    func listeningConnectionLost() async throws {
        try await TestDatabase.with("listenlost") { url in
            let storage = try await PostgresStorage(url: url, options: Self.options)
            let announcements = storage.commitAnnouncements()
            try await ListeningConnections.waitFor(1, on: url)
            try await Self.terminate(try await ListeningConnections.pids(on: url))
            try await Self.expectOutageAndRecovery(of: storage)

            // Listening again: the storage's own commit is announced.
            try await storage.write { try $0.setSchemaVersion(1) }
            _ = try await BoundedWait.within(.seconds(10), "the commit after the reconnection to be announced") {
                for await version in announcements where version == 1 { return }
            }
            try await storage.close()
        }
    }

    @Test("losing every connection (listening and pooled) makes it unavailable, then it works again")
    func everyConnectionLost() async throws {
        try await TestDatabase.with("alllost") { url in
            let storage = try await PostgresStorage(url: url, options: Self.options)
            try await storage.write { try $0.setSchemaVersion(1) }
            #expect(try await storage.schemaVersion() == 1)
            // Wait for the listening connection too, then drop every connection of the storage.
            try await ListeningConnections.waitFor(1, on: url)
            try await Self.terminate(try await Self.backends(of: url))
            try await Self.expectOutageAndRecovery(of: storage)
            #expect(try await storage.schemaVersion() == 2)
            try await storage.close()
        }
    }

    @Test("a database where nothing listens fails the opening promptly with .unavailable")
    func nothingListens() async throws {
        guard var closed = TestDatabase.server else { return }
        closed.host = "127.0.0.1"
        closed.port = 1
        let url = closed
        let options = PostgresStorage.Options(connectTimeout: .seconds(2))
        let outcome = try await BoundedWait.within(.seconds(15), "PostgresStorage(url:) on a closed port to fail") { () async -> String in
            do {
                let storage = try await PostgresStorage(url: url, options: options)
                try? await storage.close()
                return "opened"
            } catch let error as AdminError {
                #expect(!error.description.contains(url.password ?? "\u{0}"), "the message shows the password")
                return "AdminError(\(error.kind)): \(error.message)"
            } catch {
                return "not an AdminError: \(String(reflecting: error))"
            }
        }
        #expect(outcome.hasPrefix("AdminError(unavailable)"), "\(outcome)")
        #expect(outcome.contains("PostgreSQL"), "\(outcome)")
    }

    /// Expects `storage` to report itself unavailable within 5 s, to fail a read at once meanwhile,
    /// then to be available again within 10 s, where a write and a read succeed (the write sets
    /// the next version).
    static func expectOutageAndRecovery(of storage: PostgresStorage) async throws {
        try await BoundedWait.until(.seconds(5), "the storage to report itself unavailable", every: .milliseconds(10)) {
            storage.unavailability != nil
        }
        let reported = storage.unavailability
        if let reported {
            #expect(reported.kind == .unavailable)
            #expect(reported.message.contains("PostgreSQL"), "\(reported.message)")
            #expect(!reported.message.contains(storage.url.password ?? "\u{0}"), "the message shows the password")
            // While unavailable, calls fail at once with the reason.
            let failure = await #expect(throws: AdminError.self) { try await storage.read { try $0.schemaVersion() } }
            #expect(failure?.kind == .unavailable)
        }
        try await BoundedWait.until(.seconds(10), "the storage to be available again") { storage.unavailability == nil }
        try await storage.write { try $0.setSchemaVersion(try $0.schemaVersion() + 1) }
        _ = try await storage.read { try $0.allDeployments() }
    }

    /// The process ids of the backends connected to `url`'s database (not the one asking).
    static func backends(of url: PostgresURL) async throws -> [Int32] {
        try await TestDatabase.values(
            "SELECT pid FROM pg_stat_activity WHERE datname = '\(url.database)' AND pid <> pg_backend_pid() ORDER BY pid", as: Int32.self)
    }

    /// Terminates the backends `pids` (allowed: they log in as the same role as the tests).
    static func terminate(_ pids: [Int32]) async throws {
        for pid in pids {
            #expect(try await TestDatabase.values("SELECT pg_terminate_backend(\(pid))", as: Bool.self) == [true], "backend \(pid)")
        }
    }
}
