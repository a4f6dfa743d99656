import AdminCore
import AdminSQLite
import Foundation

/// One registration's rows (``RegistrationBytes``) written straight through SQLite's C API in
/// one durable transaction, on the tables and indexes `SQLiteStorage` creates: the same rows, the
/// same bytes, without the backend (no group commit, savepoints, reads or change-log compaction).
final class RawSQLiteRegistration: @unchecked Sendable {
    private let db: RawSQLite
    private let bytes: RegistrationBytes
    private var version: UInt64

    /// Opens the database at `path`, which `SQLiteStorage` created (``create(path:bytes:)``).
    private init(path: String, bytes: RegistrationBytes) throws {
        db = try RawSQLite(path: path)
        self.bytes = bytes
        version = bytes.version
    }

    /// Creates the database at `path` with `SQLiteStorage` itself, so that its tables and indexes
    /// are exactly the backend's (its own migrations ran), then opens it for raw writes.
    static func create(path: String, bytes: RegistrationBytes) async throws -> RawSQLiteRegistration {
        try await SQLiteStorage(path: URL(fileURLWithPath: path)).close()
        return try RawSQLiteRegistration(path: path, bytes: bytes)
    }

    /// Writes one registration's rows, for a new deployment id, and commits (synced).
    func write() throws {
        let id = Array(DeploymentID.generate().description.utf8)
        version += 1
        try db.transaction {
            try db.run(
                "INSERT INTO deployments (id, identity_key, json) VALUES (?, ?, ?) "
                    + "ON CONFLICT (id) DO UPDATE SET identity_key = excluded.identity_key, json = excluded.json",
                [.text(id), .text(bytes.identityKey), .blob(bytes.sqliteDeployment.with(id))]
            )
            for revision in bytes.revisions {
                try db.run(
                    "INSERT INTO service_revisions (deployment_id, service, revision, json) VALUES (?, ?, ?, ?)",
                    [.text(id), .text(revision.service), .integer(revision.revision), .blob(revision.json)]
                )
            }
            for latest in bytes.latest {
                try db.run(
                    "INSERT INTO latest (service, deployment_id, revision) VALUES (?, ?, ?) "
                        + "ON CONFLICT (service) DO UPDATE SET deployment_id = excluded.deployment_id, revision = excluded.revision",
                    [.text(latest.service), .text(id), .integer(latest.revision)]
                )
            }
            try db.run(
                "INSERT INTO admin_meta (key, value) VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [.integer(Int64(version))]
            )
            try db.run("INSERT INTO change_log (version, json) VALUES (?, ?)", [.integer(Int64(version)), .blob(bytes.change.with(id))])
        }
    }

    /// Closes the database.
    func close() { db.close() }
}
