import AdminPostgres
import AdminPostgresTestSupport

/// The connections on which `PostgresStorage`s listen for announcements, as the server sees them.
///
/// They are told apart by their last query: postgres-nio sends `LISTEN`, then the storage reads the
/// stored version on that connection. A pooled connection that ran `registryVersion()` ran that
/// same query last, so this holds only while the storages have made no such probe (migrations,
/// reads and writes end with `COMMIT`).
enum ListeningConnections {
    /// The process ids of the listening backends connected to `url`'s database.
    static func pids(on url: PostgresURL) async throws -> [Int32] {
        try await TestDatabase.values(
            """
            SELECT pid FROM pg_stat_activity WHERE datname = '\(url.database)' AND state = 'idle'
            AND (query LIKE 'LISTEN%' OR query LIKE 'SELECT value FROM admin_meta%') ORDER BY pid
            """,
            as: Int32.self)
    }

    /// Waits (10 s at most) until `count` storages listen on `url`'s database and have read the
    /// stored version: every commit from then on reaches them as a notification.
    static func waitFor(_ count: Int, on url: PostgresURL) async throws {
        try await BoundedWait.until(.seconds(10), "\(count) listening connections") {
            try await pids(on: url).count == count
        }
    }
}
