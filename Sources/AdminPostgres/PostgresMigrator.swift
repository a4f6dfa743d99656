import AdminCore
import PostgresNIO

/// The ordered steps that build the layout in the database. All missing steps run in one
/// transaction that first takes a transaction-scoped advisory lock, and each is recorded in
/// `admin_migrations`: nodes that start together migrate once, and the others wait for that
/// commit, then find nothing left to do.
enum PostgresMigrator {
    /// One schema step: its statements run in order (PostgreSQL's extended protocol takes one
    /// statement per query).
    struct Migration {
        let identifier: String
        let statements: [String]
    }

    /// The newest layout this build reads and writes.
    static let formatVersion: Int64 = 1
    /// The advisory lock key of migrations ("RSAD").
    static let lockKey: Int64 = 0x5253_4144

    static let migrations: [Migration] = [
        Migration(
            identifier: "0001-initial-layout",
            statements: [
                "CREATE TABLE admin_meta (key TEXT PRIMARY KEY, value BIGINT NOT NULL)",
                // The row every write transaction locks first: writers are serialized on it.
                "INSERT INTO admin_meta (key, value) VALUES ('schema_version', 0)",
                "CREATE TABLE deployments (id TEXT PRIMARY KEY, identity_key TEXT NOT NULL, json BYTEA NOT NULL)",
                "CREATE INDEX deployments_by_identity ON deployments (identity_key)",
                """
                CREATE TABLE service_revisions (
                    deployment_id TEXT NOT NULL, service TEXT NOT NULL, revision BIGINT NOT NULL, json BYTEA NOT NULL,
                    PRIMARY KEY (deployment_id, service))
                """,
                "CREATE INDEX service_revisions_by_holder ON service_revisions (service, revision DESC, deployment_id DESC)",
                "CREATE TABLE latest (service TEXT PRIMARY KEY, deployment_id TEXT NOT NULL, revision BIGINT NOT NULL)",
                "CREATE TABLE subscriptions (id TEXT PRIMARY KEY, json BYTEA NOT NULL)",
                """
                CREATE TABLE service_state (
                    service TEXT NOT NULL, key TEXT NOT NULL, name TEXT NOT NULL, value BYTEA NOT NULL, PRIMARY KEY (service, key, name))
                """,
                "CREATE TABLE invocations (id TEXT PRIMARY KEY, json BYTEA NOT NULL, holding_deployment TEXT)",
                "CREATE INDEX invocations_by_holding_deployment ON invocations (holding_deployment) WHERE holding_deployment IS NOT NULL",
                "CREATE TABLE change_log (version BIGINT PRIMARY KEY, json BYTEA NOT NULL)",
            ])
    ]

    /// Applies the missing migrations in one transaction, under the advisory lock.
    static func migrate(_ session: PostgresSession) throws(AdminError) {
        try session.control("BEGIN", operation: "begin migrations")
        do throws(AdminError) {
            try session.rows("SELECT pg_advisory_xact_lock($1)", bindings(lockKey), operation: "take the migration lock")
            let tables = try session.rows(
                "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema()", operation: "read schema"
            ).map { row throws(AdminError) in try session.column(row, 0, as: String.self, operation: "read schema") }
            guard tables.isEmpty || tables.contains("admin_migrations") else {
                throw AdminError(
                    .storage,
                    "\(session.location) is not a restate-admin database (its schema has the tables \(tables.sorted().joined(separator: ", ")) "
                        + "and no admin_migrations); refusing to modify it")
            }
            try session.run(
                "CREATE TABLE IF NOT EXISTS admin_migrations (identifier TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
                operation: "create admin_migrations")
            let applied = Set(
                try session.rows("SELECT identifier FROM admin_migrations", operation: "read admin_migrations").map { row throws(AdminError) in
                    try session.column(row, 0, as: String.self, operation: "read admin_migrations")
                })
            try checkNotNewer(session, applied: applied)
            for migration in migrations where !applied.contains(migration.identifier) {
                for statement in migration.statements {
                    try session.run(statement, operation: "migration \(migration.identifier)")
                }
                try session.run(
                    "INSERT INTO admin_migrations (identifier) VALUES ($1)", bindings(migration.identifier),
                    operation: "record migration \(migration.identifier)")
                try session.run(
                    "INSERT INTO admin_meta (key, value) VALUES ('format_version', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    bindings(formatVersion), operation: "record format version")
            }
            try session.control("COMMIT", operation: "commit migrations")
        } catch {
            try? session.control("ROLLBACK", operation: "roll back migrations")
            throw error
        }
    }

    private static func checkNotNewer(_ session: PostgresSession, applied: Set<String>) throws(AdminError) {
        let unknown = applied.subtracting(migrations.map(\.identifier))
        var format: Int64 = 0
        if applied.contains(migrations[0].identifier) {
            format =
                try session.rows("SELECT value FROM admin_meta WHERE key = 'format_version'", operation: "read format version").first.map {
                    row throws(AdminError) in try session.column(row, 0, as: Int64.self, operation: "read format version")
                } ?? 0
        }
        guard format <= formatVersion, unknown.isEmpty else {
            throw AdminError(
                .storage,
                "\(session.location) has layout version \(format)"
                    + (unknown.isEmpty ? "" : " and migrations \(unknown.sorted().joined(separator: ", "))")
                    + ", newer than this build knows (layout version \(formatVersion)); upgrade restate-admin to use it")
        }
    }

    private static func bindings(_ value: some PostgresDynamicTypeEncodable) -> PostgresBindings {
        var bindings = PostgresBindings()
        bindings.append(value)
        return bindings
    }
}
