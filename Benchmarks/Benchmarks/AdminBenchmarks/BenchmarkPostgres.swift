import AdminCore
import AdminPostgres
import Foundation
import Logging
import PostgresNIO

/// The PostgreSQL server of the `(PostgreSQL)` registration benchmarks:
/// `ADMIN_BENCH_POSTGRES_URL`, a role allowed to create databases (`.ci/postgres start` starts a
/// throwaway server and prints one). Without the variable those benchmarks are not defined.
///
/// Each fixture gets a database of its own, `admin_bench_<pid>_<random>`, dropped when it closes.
/// The statements that create and drop them use plain TCP (a local server); the storage itself
/// connects as the URL says.
enum BenchmarkPostgres {
    /// The server's URL, if one is configured; an invalid one stops the benchmarks.
    static let server: PostgresURL? = {
        guard let text = ProcessInfo.processInfo.environment["ADMIN_BENCH_POSTGRES_URL"] else { return nil }
        do { return try PostgresURL(parsing: text) } catch { fatalError("ADMIN_BENCH_POSTGRES_URL: \(error)") }
    }()

    /// Creates a fresh, empty database and returns its URL.
    static func create() async throws -> PostgresURL {
        guard var url = server else { throw AdminError(.internal, "ADMIN_BENCH_POSTGRES_URL is not set") }
        url.database = "admin_bench_\(getpid())_\(UInt32.random(in: 0...UInt32.max))"
        try await administer(#"CREATE DATABASE "\#(url.database)""#)
        return url
    }

    /// Drops a database made by ``create()``, closing the connections left to it first.
    static func drop(_ url: PostgresURL) async throws {
        try await administer(#"DROP DATABASE IF EXISTS "\#(url.database)" WITH (FORCE)"#)
    }

    /// Runs one statement on the server's own database, on a connection of its own.
    private static func administer(_ sql: String) async throws {
        guard let server else { throw AdminError(.internal, "ADMIN_BENCH_POSTGRES_URL is not set") }
        let configuration = PostgresConnection.Configuration(
            host: server.host, port: server.port, username: server.username, password: server.password, database: server.database,
            tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// Silent: logging would measure the terminal.
    static let logger = Logger(label: "bench-postgres") { _ in SwiftLogNoOpLogHandler() }
}
