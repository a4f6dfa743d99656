import AdminCore
import Foundation
import NIOCore
import NIOSSL
import PostgresNIO

/// Where a ``PostgresStorage`` finds its database: a libpq-style URL,
/// `postgres://user:password@host:port/database?sslmode=…`.
///
/// - `postgres` and `postgresql` schemes; the port defaults to 5432, the database to the user name.
/// - `sslmode`: `disable`, `prefer` (the default, as libpq: TLS when the server offers it),
///   `require` (TLS, certificate not checked, as libpq), `verify-ca` (certificate checked, host
///   name not) or `verify-full` (both). `sslrootcert` names a PEM file of trusted roots (the
///   system's roots otherwise).
/// - The password is never part of ``description``: logs and error messages show `***`.
public struct PostgresURL: Sendable, Equatable, CustomStringConvertible {
    /// How the connection uses TLS (libpq's `sslmode` values).
    public enum TLSMode: String, Sendable, CaseIterable {
        /// Plain TCP.
        case disable
        /// TLS when the server offers it, plain TCP otherwise.
        case prefer
        /// TLS, without checking the server's certificate.
        case require
        /// TLS with the certificate checked against the trusted roots, not the host name.
        case verifyCA = "verify-ca"
        /// TLS with the certificate and the host name checked.
        case verifyFull = "verify-full"
    }

    /// The server's host name or address.
    public var host: String
    /// The server's port.
    public var port: Int
    /// The role to log in as.
    public var username: String
    /// The role's password, if it needs one.
    public var password: String?
    /// The database holding the registry.
    public var database: String
    /// How the connection uses TLS.
    public var tls: TLSMode
    /// A PEM file of trusted root certificates (`sslrootcert`).
    public var rootCertificateFile: String?

    /// Parses `text`.
    /// - Throws: ``AdminError`` (`.invalidArgument`) saying what is wrong, without the password.
    public init(parsing text: String) throws(AdminError) {
        func problem(_ message: String) -> AdminError {
            AdminError(.invalidArgument, "invalid PostgreSQL URL: \(message) (expected postgres://user:password@host:port/database)")
        }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            throw problem("cannot parse it")
        }
        guard scheme == "postgres" || scheme == "postgresql" else { throw problem("the scheme must be postgres or postgresql, not \(scheme)") }
        guard var host = components.host, !host.isEmpty else { throw problem("it names no host") }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard let username = components.user, !username.isEmpty else { throw problem("it names no user") }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard !path.contains("/") else { throw problem("the database name '\(path)' contains '/'") }
        var tls = TLSMode.prefer
        var rootCertificateFile: String?
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let value = item.value, let mode = TLSMode(rawValue: value) else {
                    let modes = TLSMode.allCases.map(\.rawValue).joined(separator: ", ")
                    throw problem("sslmode '\(item.value ?? "")' is not one of \(modes)")
                }
                tls = mode
            case "sslrootcert":
                rootCertificateFile = item.value
            default:
                throw problem("unknown parameter '\(item.name)' (known: sslmode, sslrootcert)")
            }
        }
        self.host = host
        port = components.port ?? 5432
        self.username = username
        password = components.password
        database = path.isEmpty ? username : path
        self.tls = tls
        self.rootCertificateFile = rootCertificateFile
    }

    /// The URL with the password replaced by `***`.
    public var description: String {
        var components = URLComponents()
        components.scheme = "postgres"
        components.user = username
        components.host = host.contains(":") ? "[\(host)]" : host
        components.port = port
        components.path = "/" + database
        let credentials = password == nil ? username : "\(username):***"
        let rest = components.string.map { String($0.drop(while: { $0 != "@" })) } ?? "@\(host):\(port)/\(database)"
        return "postgres://\(credentials)\(rest)" + (tls == .prefer ? "" : "?sslmode=\(tls.rawValue)")
    }

    /// The URL with its password: what another process needs to reach the same database (for
    /// example `restate-admin serve --postgres-url`). Never log it; ``description`` hides the password.
    public var connectionString: String {
        var components = URLComponents()
        components.scheme = "postgres"
        components.user = username
        components.password = password
        components.host = host.contains(":") ? "[\(host)]" : host
        components.port = port
        components.path = "/" + database
        var items: [URLQueryItem] = []
        if tls != .prefer { items.append(URLQueryItem(name: "sslmode", value: tls.rawValue)) }
        if let rootCertificateFile { items.append(URLQueryItem(name: "sslrootcert", value: rootCertificateFile)) }
        components.queryItems = items.isEmpty ? nil : items
        return components.string ?? description
    }

    /// The pool's configuration.
    func clientConfiguration(options: PostgresStorage.Options) throws(AdminError) -> PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: try clientTLS())
        configuration.options.maximumConnections = options.maximumConnections
        configuration.options.connectTimeout = options.connectTimeout
        return configuration
    }

    /// The configuration of the dedicated `LISTEN` connection.
    func connectionConfiguration(options: PostgresStorage.Options) throws(AdminError) -> PostgresConnection.Configuration {
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: try connectionTLS())
        configuration.options.connectTimeout = .init(options.connectTimeout)
        return configuration
    }

    private func tlsConfiguration() throws(AdminError) -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch tls {
        case .disable, .prefer, .require: configuration.certificateVerification = .none
        case .verifyCA: configuration.certificateVerification = .noHostnameVerification
        case .verifyFull: configuration.certificateVerification = .fullVerification
        }
        if let rootCertificateFile {
            guard FileManager.default.isReadableFile(atPath: rootCertificateFile) else {
                throw AdminError(.invalidArgument, "invalid PostgreSQL URL: sslrootcert \(rootCertificateFile) cannot be read")
            }
            configuration.trustRoots = .file(rootCertificateFile)
        }
        return configuration
    }

    private func clientTLS() throws(AdminError) -> PostgresClient.Configuration.TLS {
        switch tls {
        case .disable: return .disable
        case .prefer: return .prefer(try tlsConfiguration())
        case .require, .verifyCA, .verifyFull: return .require(try tlsConfiguration())
        }
    }

    private func connectionTLS() throws(AdminError) -> PostgresConnection.Configuration.TLS {
        do {
            switch tls {
            case .disable: return .disable
            case .prefer: return .prefer(try NIOSSLContext(configuration: try tlsConfiguration()))
            case .require, .verifyCA, .verifyFull: return .require(try NIOSSLContext(configuration: try tlsConfiguration()))
            }
        } catch let error as AdminError {
            throw error
        } catch {
            throw AdminError(.invalidArgument, "invalid PostgreSQL TLS settings: \(error)")
        }
    }
}
