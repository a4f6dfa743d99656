import AdminCore
import AdminPostgres
import AdminStorageTestKit
import Foundation
import Logging
import PostgresNIO
import Testing

@testable import restate_admin

/// `export` and `import` with `--storage postgres`: a dump of a SQLite folder imported into a
/// fresh PostgreSQL database reads back equal, a database that is not empty is refused unless
/// `--replace`, and the binary exports it again byte for byte. Needs `ADMIN_TEST_POSTGRES_URL`
/// (a role allowed to create databases; `.ci/postgres start` prints one).
@Suite(
    .serialized, .timeLimit(.minutes(2)),
    .enabled(if: ProcessInfo.processInfo.environment["ADMIN_TEST_POSTGRES_URL"] != nil, "ADMIN_TEST_POSTGRES_URL is not set"))
struct ExportImportPostgresTests {
    @Test("A SQLite dump imported into PostgreSQL exports back equal; a non-empty database needs --replace")
    func roundTripThroughPostgres() async throws {
        try await TemporaryDirectory.with(prefix: "export-import-postgres") { directory in
            let dump = try await ExportImportCommandTests.populateSQLite(directory.appending(path: "source"))
            let file = directory.appending(path: "dump.json")
            try Data(try dump.encoded()).write(to: file)
            let database = try await ScratchDatabase.create()
            do {
                let url = database.url
                let imported = await DumpCommandRunner.run(["import", "--storage", "postgres", "--postgres-url", url, "--input", file.path])
                #expect(imported.code == 0, "\(imported.message)")
                #expect(try await Self.contents(url) == dump)

                let again = await DumpCommandRunner.run(["import", "--storage", "postgres", "--postgres-url", url, "--input", file.path])
                #expect(again.code == CLIExitCode.refused, "\(again.message)")
                #expect(!again.message.contains("restate-admin-ci"), "the password is never shown")
                let replaced = await DumpCommandRunner.run([
                    "import", "--storage", "postgres", "--postgres-url", url, "--input", file.path, "--replace",
                ])
                #expect(replaced.code == 0, "\(replaced.message)")

                let binary = try ChildProcess.sibling(named: "restate-admin")
                let exported = try await binary.run(["export", "--storage", "postgres", "--postgres-url", url])
                #expect(exported.status == 0, "\(exported.standardError)")
                #expect(try RegistryDump.decode(Array((exported.lines.first ?? "").utf8)) == dump)

                let missing = await DumpCommandRunner.run(["export", "--storage", "postgres"])
                #expect(missing.code == CLIExitCode.invalidInput)
                #expect(missing.message.contains("--postgres-url"), "\(missing.message)")
                try await database.drop()
            } catch {
                try? await database.drop()
                throw error
            }
        }
    }

    /// What the database at `url` holds, read with the backend directly.
    static func contents(_ url: String) async throws -> RegistryDump {
        let storage = try await PostgresStorage(url: try PostgresURL(parsing: url))
        let dump = try await StorageDump.export(from: storage)
        try await storage.close()
        return dump
    }
}

/// A fresh database on the server of `ADMIN_TEST_POSTGRES_URL`, dropped by ``drop()``.
struct ScratchDatabase {
    let server: PostgresURL
    let name: String

    /// The database's URL (with the server's credentials).
    var url: String {
        var url = server
        url.database = name
        return "postgres://\(url.username):\(url.password ?? "")@\(url.host):\(url.port)/\(name)?sslmode=disable"
    }

    static func create() async throws -> ScratchDatabase {
        let server = try PostgresURL(parsing: ProcessInfo.processInfo.environment["ADMIN_TEST_POSTGRES_URL"] ?? "")
        let database = ScratchDatabase(server: server, name: "cli_\(UInt32.random(in: 0...UInt32.max))")
        try await database.administer(#"CREATE DATABASE "\#(database.name)""#)
        return database
    }

    func drop() async throws {
        try await administer(#"DROP DATABASE IF EXISTS "\#(name)" WITH (FORCE)"#)
    }

    private func administer(_ sql: String) async throws {
        let logger = Logger(label: "scratch-database", factory: { _ in SwiftLogNoOpLogHandler() })
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(
                configuration: .init(
                    host: server.host, port: server.port, username: server.username, password: server.password, database: server.database,
                    tls: .disable),
                id: 1, logger: logger)
        } catch {
            throw AdminError(.storage, "cannot connect to \(server): \(String(reflecting: error))")
        }
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw AdminError(.storage, "\(sql): \(String(reflecting: error))")
        }
    }
}
