import Foundation
import Logging
import PostgresNIO

/// Databases of these tests on the server of `ADMIN_TEST_POSTGRES_URL`: each test gets a fresh
/// one, dropped afterwards; and direct reads of what the nodes stored.
enum NodeDatabase {
    /// Runs `body` with a fresh database, dropped afterwards (also when `body` throws).
    static func with<T>(_ label: String, _ body: (DatabaseURL) async throws -> T) async throws -> T {
        guard let text = NodeTestEnvironment.serverURL else { throw NodeTestFailure("ADMIN_TEST_POSTGRES_URL is not set") }
        let server = try DatabaseURL(parsing: text)
        let name = "n_\(label.lowercased().filter { $0.isLetter || $0.isNumber }.prefix(30))_\(UInt32.random(in: 0...UInt32.max))"
        try await execute(#"CREATE DATABASE "\#(name)""#, in: server)
        let database = server.with(database: name)
        do {
            let result = try await body(database)
            try await execute(#"DROP DATABASE IF EXISTS "\#(name)" WITH (FORCE)"#, in: server)
            return result
        } catch {
            try? await execute(#"DROP DATABASE IF EXISTS "\#(name)" WITH (FORCE)"#, in: server)
            throw error
        }
    }

    /// Runs one statement.
    static func execute(_ sql: String, in url: DatabaseURL) async throws {
        try await withConnection(to: url) { connection in
            _ = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        }
    }

    /// The first column of every row `sql` returns, as integers.
    static func integers(_ sql: String, in url: DatabaseURL) async throws -> [Int64] {
        try await withConnection(to: url) { connection in
            var values: [Int64] = []
            for try await value in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).decode(Int64.self) {
                values.append(value)
            }
            return values
        }
    }

    /// The stored registry version (`admin_meta`'s `schema_version`) and the versions the change
    /// log holds, in order.
    static func versions(in url: DatabaseURL) async throws -> (stored: Int64?, logged: [Int64]) {
        let stored = try await integers("SELECT value FROM admin_meta WHERE key = 'schema_version'", in: url).first
        return (stored, try await integers("SELECT version FROM change_log ORDER BY version", in: url))
    }

    private static func withConnection<T: Sendable>(
        to url: DatabaseURL, _ body: @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
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

    static let logger = Logger(label: "admin-postgres-node-tests", factory: { _ in SwiftLogNoOpLogHandler() })
}
