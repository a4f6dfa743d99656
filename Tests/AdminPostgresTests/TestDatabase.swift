import AdminCore
import AdminPostgres
import Foundation
import Logging
import PostgresNIO

/// The PostgreSQL server of these tests: `ADMIN_TEST_POSTGRES_URL`, a role allowed to create
/// databases (`.ci/postgres start` starts a throwaway server and prints one). Each test gets a
/// database of its own, dropped afterwards. Without the variable the tests are skipped, except in
/// CI (`CI=true`), where ``configuredInCI`` fails.
enum TestDatabase {
    /// The server's URL, if one is configured.
    static let server: PostgresURL? = ProcessInfo.processInfo.environment["ADMIN_TEST_POSTGRES_URL"].flatMap {
        try? PostgresURL(parsing: $0)
    }

    /// Whether the tests that need a server run.
    static var isConfigured: Bool { server != nil }

    /// Whether this run is CI's, where a missing server is a failure.
    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// Creates a fresh database and returns its URL.
    static func create(_ label: String) async throws -> PostgresURL {
        guard var url = server else { throw AdminError(.internal, "ADMIN_TEST_POSTGRES_URL is not set") }
        let name = "t_\(label.lowercased().filter { $0.isLetter || $0.isNumber }.prefix(30))_\(UInt32.random(in: 0...UInt32.max))"
        try await administer(#"CREATE DATABASE "\#(name)""#)
        url.database = name
        return url
    }

    /// Drops a database made by ``create(_:)``, closing its connections first.
    static func drop(_ url: PostgresURL) async throws {
        try await administer(#"DROP DATABASE IF EXISTS "\#(url.database)" WITH (FORCE)"#)
    }

    /// Runs `body` with a fresh database, dropped afterwards.
    static func with<T>(_ label: String, _ body: (PostgresURL) async throws -> T) async throws -> T {
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

    /// Runs one statement on the server's own database.
    static func administer(_ sql: String, on database: String? = nil) async throws {
        guard let server else { throw AdminError(.internal, "ADMIN_TEST_POSTGRES_URL is not set") }
        let configuration = PostgresConnection.Configuration(
            host: server.host, port: server.port, username: server.username, password: server.password,
            database: database ?? server.database, tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }

    static let logger = Logger(label: "admin-postgres-tests", factory: { _ in SwiftLogNoOpLogHandler() })
}
