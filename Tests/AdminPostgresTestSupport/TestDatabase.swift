import AdminCore
import AdminPostgres
import Foundation
import Logging
import PostgresNIO

/// The PostgreSQL server of the tests that need one: `ADMIN_TEST_POSTGRES_URL`, a role allowed to
/// create databases (`.ci/postgres start` starts a throwaway server and prints one). Each test gets
/// a database of its own, dropped afterwards. Without the variable those tests are skipped, except
/// in CI (`CI=true`), where AdminPostgresTests' "CI provides a PostgreSQL server" fails.
package enum TestDatabase {
    /// The server's URL, if one is configured.
    package static let server: PostgresURL? = ProcessInfo.processInfo.environment["ADMIN_TEST_POSTGRES_URL"].flatMap {
        try? PostgresURL(parsing: $0)
    }

    /// Whether the tests that need a server run.
    package static var isConfigured: Bool { server != nil }

    /// Whether this run is CI's, where a missing server is a failure.
    package static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// Creates a fresh database and returns its URL.
    package static func create(_ label: String) async throws -> PostgresURL {
        guard var url = server else { throw AdminError(.internal, "ADMIN_TEST_POSTGRES_URL is not set") }
        let name = "t_\(label.lowercased().filter { $0.isLetter || $0.isNumber }.prefix(30))_\(UInt32.random(in: 0...UInt32.max))"
        try await administer(#"CREATE DATABASE "\#(name)""#)
        url.database = name
        return url
    }

    /// Drops a database made by ``create(_:)``, closing its connections first.
    package static func drop(_ url: PostgresURL) async throws {
        try await administer(#"DROP DATABASE IF EXISTS "\#(url.database)" WITH (FORCE)"#)
    }

    /// Runs `body` with a fresh database, dropped afterwards.
    package static func with<T>(_ label: String, _ body: (PostgresURL) async throws -> T) async throws -> T {
        let url = try await create(label)
        do {
            let result = try await body(url)
            try await drop(url)
            return result
        } catch {
            try? await drop(url)
            throw error
        }
    }

    /// Runs one statement on the server's own database (or on `database`).
    package static func administer(_ sql: String, on database: String? = nil) async throws {
        try await administer(sql, in: try url(of: database))
    }

    /// Runs one statement on the database `url` names (any server).
    package static func administer(_ sql: String, in url: PostgresURL) async throws {
        try await withConnection(to: url) { connection in
            _ = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        }
    }

    /// Runs one query on the server's own database (or on `database`) and decodes the first
    /// column of every row as `T`.
    package static func values<T: PostgresDecodable & Sendable>(_ sql: String, as type: T.Type, on database: String? = nil) async throws -> [T] {
        try await values(sql, as: type, in: try url(of: database))
    }

    /// Runs one query on the database `url` names (any server) and decodes the first column of
    /// every row as `T`.
    package static func values<T: PostgresDecodable & Sendable>(_ sql: String, as type: T.Type, in url: PostgresURL) async throws -> [T] {
        try await withConnection(to: url) { connection in
            var values: [T] = []
            for try await value in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).decode(T.self) {
                values.append(value)
            }
            return values
        }
    }

    /// The server's URL with `database` (its own database when `nil`).
    private static func url(of database: String?) throws -> PostgresURL {
        guard var url = server else { throw AdminError(.internal, "ADMIN_TEST_POSTGRES_URL is not set") }
        if let database { url.database = database }
        return url
    }

    /// Runs `body` on a new connection to the database `url` names, closed afterwards.
    private static func withConnection<T>(to url: PostgresURL, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        let configuration = PostgresConnection.Configuration(
            host: url.host, port: url.port, username: url.username, password: url.password, database: url.database, tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        do {
            let result = try await body(connection)
            try await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// The tables of `url`'s database (its current schema), sorted.
    package static func tables(of url: PostgresURL) async throws -> [String] {
        try await values(
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1", as: String.self,
            on: url.database)
    }

    package static let logger = Logger(label: "admin-postgres-tests", factory: { _ in SwiftLogNoOpLogHandler() })
}
