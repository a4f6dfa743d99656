import AdminCore

/// The ordered steps that build the on-disk layout. Each runs in its own `BEGIN IMMEDIATE`
/// transaction and is recorded in `admin_migrations`, so opening a database twice (or from two
/// processes at once) applies each step exactly once.
struct SQLiteMigrator {
    /// One schema step.
    struct Migration {
        let identifier: String
        let sql: String
    }

    /// The newest on-disk format this build reads and writes.
    static let formatVersion: Int64 = 3
    /// `PRAGMA application_id` of every database this backend creates ("RSAD").
    static let applicationID: Int64 = 0x5253_4144

    static let migrations: [Migration] = [
        Migration(
            identifier: "0001-initial-layout",
            sql: """
                CREATE TABLE admin_meta (key TEXT PRIMARY KEY NOT NULL, value INTEGER NOT NULL) WITHOUT ROWID;
                CREATE TABLE deployments (id TEXT PRIMARY KEY NOT NULL, identity_key TEXT NOT NULL, json BLOB NOT NULL);
                CREATE INDEX deployments_by_identity ON deployments (identity_key);
                CREATE TABLE service_revisions (
                    deployment_id TEXT NOT NULL, service TEXT NOT NULL, revision INTEGER NOT NULL, json BLOB NOT NULL,
                    PRIMARY KEY (deployment_id, service)
                ) WITHOUT ROWID;
                CREATE INDEX service_revisions_by_holder ON service_revisions (service, revision DESC, deployment_id DESC);
                CREATE TABLE latest (service TEXT PRIMARY KEY NOT NULL, deployment_id TEXT NOT NULL, revision INTEGER NOT NULL) WITHOUT ROWID;
                CREATE TABLE subscriptions (id TEXT PRIMARY KEY NOT NULL, json BLOB NOT NULL);
                CREATE TABLE service_state (
                    service TEXT NOT NULL, key TEXT NOT NULL, name TEXT NOT NULL, value BLOB NOT NULL,
                    PRIMARY KEY (service, key, name)
                ) WITHOUT ROWID;
                CREATE TABLE invocations (id TEXT PRIMARY KEY NOT NULL, json BLOB NOT NULL);
                """),
        // The registry's change log: one entry per registry version. It starts empty at the
        // version the database already has.
        Migration(
            identifier: "0002-change-log",
            sql: """
                CREATE TABLE change_log (version INTEGER PRIMARY KEY NOT NULL, json BLOB NOT NULL);
                """),
        // The deployment each unfinished invocation is pinned to (what keeps a deployment
        // draining), indexed, and filled from the records already stored.
        Migration(
            identifier: "0003-pinned-invocations",
            sql: """
                ALTER TABLE invocations ADD COLUMN holding_deployment TEXT;
                UPDATE invocations SET holding_deployment = json_extract(CAST(json AS TEXT), '$.pinnedDeployment')
                    WHERE json_extract(CAST(json AS TEXT), '$.status') <> 'completed';
                CREATE INDEX invocations_by_holding_deployment ON invocations (holding_deployment) WHERE holding_deployment IS NOT NULL;
                """),
    ]

    /// Applies the missing migrations, one transaction each.
    static func migrate(_ connection: SQLiteConnection) throws(AdminError) {
        for migration in migrations {
            try connection.execute("BEGIN IMMEDIATE", operation: "begin migration \(migration.identifier)")
            do throws(AdminError) {
                try connection.execute(
                    "CREATE TABLE IF NOT EXISTS admin_migrations (identifier TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID",
                    operation: "create admin_migrations"
                )
                let applied = Set(try connection.strings("SELECT identifier FROM admin_migrations", operation: "read admin_migrations"))
                try checkNotNewer(connection, applied: applied)
                if !applied.contains(migration.identifier) {
                    try connection.execute(migration.sql, operation: "migration \(migration.identifier)")
                    try connection.execute(
                        "INSERT INTO admin_migrations (identifier) VALUES ('\(migration.identifier)')",
                        operation: "record migration \(migration.identifier)"
                    )
                    try connection.execute(
                        "INSERT INTO admin_meta (key, value) VALUES ('format_version', \(formatVersion)) "
                            + "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                        operation: "record format version"
                    )
                    try connection.execute("PRAGMA application_id = \(applicationID)", operation: "set application_id")
                }
                try connection.execute("COMMIT", operation: "commit migration \(migration.identifier)")
            } catch {
                if !connection.isAutocommit { try? connection.execute("ROLLBACK", operation: "rollback migration") }
                throw error
            }
        }
    }

    /// A file that is not a database, or a database some other program made, is never touched.
    /// Both reads share one snapshot: another process may be creating the layout right now, and
    /// reading the header before its commit and the table list after would mistake our own
    /// half-seen database for a foreign one.
    static func checkOwnership(_ connection: SQLiteConnection) throws(AdminError) {
        try connection.execute("BEGIN DEFERRED", operation: "begin ownership check")
        let applicationID: Int64
        let tables: [String]
        do throws(AdminError) {
            tables = try connection.strings(
                "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
                operation: "read schema"
            )
            applicationID = Int64(try connection.strings("PRAGMA application_id", operation: "read application_id").first ?? "0") ?? 0
            try connection.execute("COMMIT", operation: "end ownership check")
        } catch {
            if !connection.isAutocommit { try? connection.execute("ROLLBACK", operation: "end ownership check") }
            throw error
        }
        if applicationID == Self.applicationID || (applicationID == 0 && tables.isEmpty) { return }
        throw AdminError(
            .storage,
            "\(connection.path) is not a restate-admin database (application_id \(applicationID), tables: "
                + "\(tables.sorted().joined(separator: ", "))); refusing to open or modify it"
        )
    }

    private static func checkNotNewer(_ connection: SQLiteConnection, applied: Set<String>) throws(AdminError) {
        let known = Set(migrations.map(\.identifier))
        let unknown = applied.subtracting(known)
        var format: Int64 = 0
        if applied.contains(migrations[0].identifier) {
            let values = try connection.strings("SELECT value FROM admin_meta WHERE key = 'format_version'", operation: "read format version")
            format = values.first.flatMap { Int64($0) } ?? 0
        }
        guard format <= formatVersion, unknown.isEmpty else {
            throw AdminError(
                .storage,
                "\(connection.path) has on-disk format version \(format)"
                    + (unknown.isEmpty ? "" : " and migrations \(unknown.sorted().joined(separator: ", "))")
                    + ", newer than this build knows (format version \(formatVersion)); upgrade restate-admin to open it"
            )
        }
    }
}
