import AdminCore
import AdminDiscovery
import AdminHTTP
import AdminLMDB
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
}

/// The single switch point where the CLI picks its storage backend and discovery client.
enum Backends {
    /// Opens the store in `dataDirectory`, recording its commits to `metrics`.
    static func openStorage(_ kind: StorageKind, dataDirectory: URL, metrics: AdminMetrics = AdminMetrics()) throws -> any Storage {
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        switch kind {
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
