import AdminCore
import AdminHTTP
import AdminTOML
import ArgumentParser
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

extension AdminCommand {
    /// `restate-admin serve`: runs the Admin API until SIGTERM or SIGINT.
    struct Serve: AsyncParsableCommand {
        /// The subcommand's configuration.
        static let configuration = CommandConfiguration(
            abstract: "Serve the Admin REST API.",
            discussion: """
                Settings come from flags, then RESTATE_* environment variables (RESTATE_ADMIN__BIND_ADDRESS, \
                RESTATE_CLUSTER_NAME, RESTATE_INGRESS__ADVERTISED_INGRESS_ENDPOINT, RESTATE_ADMIN__DISCOVERY_DEADLINE, \
                RESTATE_WORKER__INVOKER__ABORT_TIMEOUT, …), then the --config TOML file, then Restate's defaults. \
                A bad configuration exits with code 2.
                """
        )

        @Option(help: "The address to listen on, host:port. [default: 127.0.0.1:9070]")
        var bind: String?

        @Option(help: "The directory holding the stored registry.")
        var dataDir: String = "./restate-admin-data"

        @Option(help: "The storage engine: sqlite, lmdb or postgres.")
        var storage: StorageKind = .sqlite

        @Option(
            help: """
                The PostgreSQL database of --storage postgres, postgres://user:password@host:port/database[?sslmode=…] \
                (or admin.postgres-url). Several nodes may share it.
                """)
        var postgresUrl: String?

        @Option(help: "A TOML configuration file with Restate's key names.")
        var config: String?

        @Option(help: "The log level: trace, debug, info, notice, warning, error, critical.")
        var logLevel: String = "info"

        /// Refuses a `--bind` that is not `host:port` and an unknown `--log-level` (the bind address
        /// of the configuration file or the environment is checked by ``run()``: exit code 2).
        mutating func validate() throws {
            if let bind {
                do {
                    _ = try Self.parseBind(bind)
                } catch {
                    throw ValidationError(error.description)
                }
            }
            _ = try Self.level(logLevel)
        }

        /// The log level named `text`.
        /// - Throws: `ValidationError` for a name that is not one of swift-log's levels.
        static func level(_ text: String) throws(ValidationError) -> Logger.Level {
            guard let level = Logger.Level(rawValue: text) else {
                let names = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
                throw ValidationError("unknown log level '\(text)' (one of \(names))")
            }
            return level
        }

        func run() async throws {
            let settings: ServerSettings
            let endpoint: (host: String, port: Int)
            let level: Logger.Level
            let location: StorageLocation
            do {
                level = try Self.level(logLevel)
                settings = try loadSettings()
                endpoint = try Self.parseBind(bind ?? settings.bindAddress)
                location = StorageLocation(
                    kind: storage, dataDirectory: URL(fileURLWithPath: dataDir), postgresURL: postgresUrl ?? settings.postgresURL)
                if storage == .postgres { _ = try location.parsedPostgresURL() }
            } catch {
                FileHandle.standardError.write(Data("restate-admin: invalid configuration: \(error)\n".utf8))
                throw ExitCode(2)
            }
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
            let logger = Logger(label: "restate-admin")
            for key in settings.unknownKeys {
                logger.warning("unknown configuration key ignored", metadata: ["key": "\(key)"])
            }

            let (metrics, exposition) = Backends.metrics(enabled: settings.metricsEnabled)
            let store = try await Backends.openStorage(location, metrics: metrics, logger: logger)
            let service = AdminService(
                storage: store,
                discovery: Backends.discoveryClient(
                    configuration: settings.admin, deadline: settings.discoveryDeadline,
                    maxResponseSize: settings.discoveryMaxResponseSize, logger: logger
                ),
                configuration: settings.admin, metrics: metrics, logger: logger
            )
            // Load the registry into memory before listening, so that the first request does not pay for it.
            try await service.snapshot()
            var authenticator: (any AdminAuthenticator)?
            if let file = settings.authTokenFile {
                do {
                    authenticator = try BearerTokenAuthenticator(tokenFile: URL(fileURLWithPath: file))
                } catch {
                    FileHandle.standardError.write(Data("restate-admin: invalid configuration: admin.auth-token-file: \(error.message)\n".utf8))
                    throw ExitCode(2)
                }
            }
            let http = AdminHTTPConfiguration(
                host: endpoint.host, port: endpoint.port, ingressEndpoint: settings.ingressEndpoint,
                concurrentRequestsLimit: settings.concurrentRequestsLimit, authenticator: authenticator, metrics: metrics,
                metricsExposition: exposition, requestHeaderTimeout: settings.requestHeaderTimeout.swiftDuration,
                idleTimeout: settings.idleTimeout.swiftDuration
            )
            let app = buildApplication(service: service, configuration: http, logger: logger)
            // Services shut down in reverse order: the server first (in-flight requests finish), storage last.
            let group = ServiceGroup(
                services: [StorageService(storage: store), CommitFollower(service: service), app],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
            var storageName = storage.rawValue
            if storage == .postgres, let url = try? location.parsedPostgresURL() { storageName += " \(url)" }
            logger.info("restate-admin serving", metadata: ["bind": "\(endpoint.host):\(endpoint.port)", "storage": "\(storageName)"])
            try await group.run()
        }

        private func loadSettings() throws -> ServerSettings {
            var file: [String: TOMLValue] = [:]
            if let config {
                let text: String
                do {
                    text = try String(contentsOfFile: config, encoding: .utf8)
                } catch {
                    throw ServerSettings.Problem(description: "cannot read \(config): \(error.localizedDescription)")
                }
                do {
                    file = try TOMLParser.parse(text)
                } catch {
                    throw ServerSettings.Problem(description: "\(config): \(error)")
                }
            }
            return try ServerSettings.resolve(file: file, environment: ProcessInfo.processInfo.environment)
        }

        /// Splits `host:port` (or `[v6]:port`).
        /// - Throws: ``ServerSettings/Problem`` saying what is wrong.
        static func parseBind(_ text: String) throws(ServerSettings.Problem) -> (host: String, port: Int) {
            let authority: URIAuthority
            do { authority = try URIAuthority(parsing: text) } catch {
                throw ServerSettings.Problem(description: "bind address '\(text)' must be host:port: \(error.message)")
            }
            guard authority.userInfo == nil, let port = authority.port else {
                throw ServerSettings.Problem(description: "bind address '\(text)' must be host:port")
            }
            return (authority.host, port)
        }
    }
}

/// Keeps the in-memory registry current with the commits other nodes announce
/// (``AdminService/followStorageCommits()``; only a shared storage announces any).
struct CommitFollower: Service {
    let service: AdminService

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await service.followStorageCommits()
        }
        // An embedded storage announces nothing: its stream ends at once. A service that returns
        // early stops the group, so wait for the shutdown.
        try? await gracefulShutdown()
    }
}

/// Closes the storage once every other service has shut down.
struct StorageService: Service {
    let storage: any Storage

    func run() async throws {
        try? await gracefulShutdown()
        try await storage.close()
    }
}
