import AdminCore
import AdminPostgres
import AdminPostgresTestSupport
import Testing

/// The migrations of `PostgresStorage`: nodes that start together migrate once, and a database
/// that is not a restate-admin one, or is newer than this build, is refused untouched.
@Suite("PostgresStorage migrations", .enabled(if: TestDatabase.isConfigured, "ADMIN_TEST_POSTGRES_URL is not set"))
struct PostgresMigrationTests {
    /// The identifiers of the migrations this build knows (one so far).
    static let knownMigrations = ["0001-initial-layout"]

    @Test("4 storages opened at once on a fresh database all open, and each migration is recorded once")
    func concurrentOpensMigrateOnce() async throws {
        try await TestDatabase.with("concurrentopen") { url in
            let storages = try await withThrowingTaskGroup(of: PostgresStorage.self) { group in
                for _ in 0..<4 { group.addTask { try await PostgresStorage(url: url) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(storages.count == 4)
            let recorded = try await TestDatabase.values("SELECT identifier FROM admin_migrations ORDER BY 1", as: String.self, on: url.database)
            #expect(recorded == Self.knownMigrations)
            // Every storage works on the one layout.
            for (index, storage) in storages.enumerated() {
                try await storage.write { try $0.setSchemaVersion(try $0.schemaVersion() + 1) }
                #expect(try await storage.schemaVersion() == UInt64(index + 1))
            }
            for storage in storages { try await storage.close() }
        }
    }

    @Test("a database with tables of its own is refused with .storage naming them, and left as it was")
    func foreignTablesAreRefused() async throws {
        try await TestDatabase.with("foreigntables") { url in
            try await TestDatabase.administer("CREATE TABLE foreign_stuff(x int)", on: url.database)
            let error = await #expect(throws: AdminError.self) { try await PostgresStorage(url: url) }
            #expect(error?.kind == .storage)
            #expect(error?.message.contains("foreign_stuff") == true, "\(error?.message ?? "")")
            #expect(error?.message.contains("not a restate-admin database") == true, "\(error?.message ?? "")")
            #expect(try await TestDatabase.tables(of: url) == ["foreign_stuff"])
        }
    }

    /// A database left by a newer build, and the part of the refusal that names it.
    struct Newer: CustomTestStringConvertible, Sendable {
        let label: String
        let sql: String
        let named: String
        var testDescription: String { label }
    }

    static let newer: [Newer] = [
        Newer(
            label: "an unknown migration", sql: "INSERT INTO admin_migrations (identifier) VALUES ('9999-from-the-future')",
            named: "9999-from-the-future"),
        Newer(label: "a newer layout version", sql: "UPDATE admin_meta SET value = 2 WHERE key = 'format_version'", named: "layout version 2"),
    ]

    @Test("a database migrated by a newer build is refused: upgrade", arguments: newer)
    func newerDatabasesAreRefused(_ scenario: Newer) async throws {
        try await TestDatabase.with("newer") { url in
            try await PostgresStorage(url: url).close()
            try await TestDatabase.administer(scenario.sql, on: url.database)
            let error = await #expect(throws: AdminError.self) { try await PostgresStorage(url: url) }
            #expect(error?.kind == .storage)
            let message = error?.message ?? ""
            #expect(message.contains("newer"), "\(message)")
            #expect(message.contains("upgrade"), "\(message)")
            #expect(message.contains(scenario.named), "\(message)")
            #expect(!message.contains(url.password ?? "\u{0}"), "the message shows the password")
        }
    }
}
