import AdminCore
import AdminPostgres
import AdminPostgresTestSupport
import AdminStorageTestKit
import Foundation
import Testing

@testable import restate_admin

/// `export` and `import` with `--storage postgres`: a dump of a SQLite folder imported into a
/// fresh PostgreSQL database reads back equal, a database that is not empty is refused unless
/// `--replace`, and the binary exports it again byte for byte. Needs `ADMIN_TEST_POSTGRES_URL`
/// (a role allowed to create databases; `.ci/postgres start` prints one).
@Suite(
    .serialized, .timeLimit(.minutes(2)),
    .enabled(if: TestDatabase.isConfigured, "ADMIN_TEST_POSTGRES_URL is not set"))
struct ExportImportPostgresTests {
    @Test("A SQLite dump imported into PostgreSQL exports back equal; a non-empty database needs --replace")
    func roundTripThroughPostgres() async throws {
        try await TemporaryDirectory.with(prefix: "export-import-postgres") { directory in
            let dump = try await ExportImportCommandTests.populateSQLite(directory.appending(path: "source"))
            let file = directory.appending(path: "dump.json")
            try Data(try dump.encoded()).write(to: file)
            try await TestDatabase.with("exportimport") { database in
                let url = database.connectionString
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
