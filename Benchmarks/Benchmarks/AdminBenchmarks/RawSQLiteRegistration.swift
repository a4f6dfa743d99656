import AdminCore

/// One registration's rows (``RegistrationBytes``) written straight through SQLite's C API in
/// one durable transaction, on the tables and indexes `SQLiteStorage` creates: the same rows, the
/// same bytes, without the backend (no group commit, savepoints, reads or change-log compaction).
final class RawSQLiteRegistration: @unchecked Sendable {
    /// The tables and indexes of `SQLiteStorage` that a registration writes (its migrations).
    static let schema = """
        CREATE TABLE admin_meta (key TEXT PRIMARY KEY NOT NULL, value INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE deployments (id TEXT PRIMARY KEY NOT NULL, identity_key TEXT NOT NULL, json BLOB NOT NULL);
        CREATE INDEX deployments_by_identity ON deployments (identity_key);
        CREATE TABLE service_revisions (
            deployment_id TEXT NOT NULL, service TEXT NOT NULL, revision INTEGER NOT NULL, json BLOB NOT NULL,
            PRIMARY KEY (deployment_id, service)
        ) WITHOUT ROWID;
        CREATE INDEX service_revisions_by_holder ON service_revisions (service, revision DESC, deployment_id DESC);
        CREATE TABLE latest (service TEXT PRIMARY KEY NOT NULL, deployment_id TEXT NOT NULL, revision INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE change_log (version INTEGER PRIMARY KEY NOT NULL, json BLOB NOT NULL);
        """

    private let db: RawSQLite
    private let bytes: RegistrationBytes
    private var version: UInt64

    /// Creates the database at `path` with the backend's tables.
    init(path: String, bytes: RegistrationBytes) throws {
        db = try RawSQLite(path: path)
        try db.execute(Self.schema)
        self.bytes = bytes
        version = bytes.version
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
