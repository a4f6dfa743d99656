import Foundation

/// A PostgreSQL database as `postgres://user:password@host:port/database` names it: what
/// `restate-admin serve --postgres-url` takes and what the tests connect to directly.
struct DatabaseURL: Sendable, CustomStringConvertible {
    var host: String
    var port: Int
    var username: String
    var password: String?
    var database: String

    /// Parses `text`.
    /// - Throws: ``NodeTestFailure`` when it is not a `postgres://` URL with a user and a host.
    init(parsing text: String) throws {
        guard let components = URLComponents(string: text), ["postgres", "postgresql"].contains(components.scheme ?? ""),
            let host = components.host, !host.isEmpty, let username = components.user
        else { throw NodeTestFailure("'\(text)' is not a postgres://user:password@host:port/database URL") }
        self.host = host
        port = components.port ?? 5432
        self.username = username
        password = components.password
        database = String(components.path.drop(while: { $0 == "/" }))
    }

    /// The same server with another database.
    func with(database name: String) -> DatabaseURL {
        var url = self
        url.database = name
        return url
    }

    /// The URL, password included (the tests' own throwaway credentials).
    var description: String {
        var components = URLComponents()
        components.scheme = "postgres"
        components.user = username
        components.password = password
        components.host = host
        components.port = port
        components.path = "/" + database
        return components.string ?? "postgres://\(host):\(port)/\(database)"
    }
}
