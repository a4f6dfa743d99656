import AdminCore
import AdminDiscovery
import AdminHTTP
import AdminLMDB
import AdminPostgres
import AdminSQLite
import ArgumentParser
import Foundation
import Logging
import Metrics
import Prometheus

/// The storage engine chosen with `--storage`.
enum StorageKind: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// Embedded SQLite (the default): `<data-dir>/admin.sqlite`.
    case sqlite
    /// Embedded LMDB: `<data-dir>/lmdb/`.
    case lmdb
    /// A PostgreSQL database shared by several nodes (`--postgres-url`).
    case postgres
}

/// Where a command keeps the registry: the engine, the data folder of the embedded engines and
/// the database URL of PostgreSQL.
struct StorageLocation: Sendable {
    /// The engine (`--storage`).
    var kind: StorageKind
    /// The data folder (`--data-dir`) of SQLite and LMDB.
    var dataDirectory: URL
    /// The database of PostgreSQL (`--postgres-url`, or `admin.postgres-url` for `serve`).
    var postgresURL: String?

    /// The database URL, parsed.
    /// - Throws: ``ServerSettings/Problem`` when it is missing or malformed (the message never
    ///   shows the password).
    func parsedPostgresURL() throws(ServerSettings.Problem) -> PostgresURL {
        guard let postgresURL else {
            throw ServerSettings.Problem(
                description: "--storage postgres needs --postgres-url postgres://user:password@host:port/database (or admin.postgres-url)")
        }
        do { return try PostgresURL(parsing: postgresURL) } catch { throw ServerSettings.Problem(description: error.message) }
    }
}

/// The single switch point where the CLI picks its storage backend and discovery client.
enum Backends {
    /// Opens the store at `location`, recording its commits to `metrics`.
    static func openStorage(
        _ location: StorageLocation, metrics: AdminMetrics = AdminMetrics(), logger: Logger = Logger(label: "restate-admin")
    ) async throws -> any Storage {
        if location.kind == .postgres {
            return try await PostgresStorage(url: try location.parsedPostgresURL(), logger: logger, metrics: metrics)
        }
        let dataDirectory = location.dataDirectory
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        switch location.kind {
        case .postgres:
            preconditionFailure("opened above")
        case .sqlite:
            return try SQLiteStorage(path: dataDirectory.appendingPathComponent("admin.sqlite"), metrics: metrics)
        case .lmdb:
            let directory = dataDirectory.appendingPathComponent("lmdb")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            return try LMDBStorage(directory: directory, metrics: metrics)
        }
    }

    /// The metrics of `serve`: with `admin.metrics-enabled`, a Prometheus registry and the
    /// `GET /metrics` exposition of it; otherwise no-op handlers and no route. The factory is
    /// passed to each component rather than bootstrapped process-wide.
    static func metrics(enabled: Bool) -> (AdminMetrics, MetricsExposition?) {
        guard enabled else { return (AdminMetrics(factory: NOOPMetricsHandler.instance), nil) }
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // Group sizes are counts of writes (at most GroupCommit's batch of 64), not seconds.
        factory.valueHistogramBuckets[AdminMetrics.commitGroupSize] = [1, 2, 4, 8, 16, 32, 64]
        return (AdminMetrics(factory: factory), .prometheus { registry.emitToBuffer() })
    }

    /// The discovery client that contacts deployments, each discovery bounded by `deadline` and
    /// each answer by `maxResponseSize`.
    static func discoveryClient(
        configuration: AdminConfiguration, deadline: RestateDuration, maxResponseSize: ByteSize = .mebibytes(16), logger: Logger
    ) -> any DiscoveryClient {
        HTTPDiscoveryClient(
            configuration: .init(
                clusterName: configuration.clusterName, deadline: deadline.swiftDuration, maxResponseSize: maxResponseSize, logger: logger
            ))
    }
}
