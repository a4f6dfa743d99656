import AdminCore
import AdminDiscovery
import AdminLMDB
import AdminSQLite
import ArgumentParser
import Foundation
import Logging

/// The storage engine chosen with `--storage`.
enum StorageKind: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// Embedded SQLite (the default): `<data-dir>/admin.sqlite`.
    case sqlite
    /// Embedded LMDB: `<data-dir>/lmdb/`.
    case lmdb
}

/// The single switch point where the CLI picks its storage backend and discovery client.
enum Backends {
    /// Opens the store in `dataDirectory`.
    static func openStorage(_ kind: StorageKind, dataDirectory: URL) throws -> any Storage {
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        switch kind {
        case .sqlite:
            return try SQLiteStorage(path: dataDirectory.appendingPathComponent("admin.sqlite"))
        case .lmdb:
            let directory = dataDirectory.appendingPathComponent("lmdb")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            return try LMDBStorage(directory: directory)
        }
    }

    /// The discovery client that contacts deployments, each discovery bounded by `deadline`.
    static func discoveryClient(configuration: AdminConfiguration, deadline: RestateDuration, logger: Logger) -> any DiscoveryClient {
        HTTPDiscoveryClient(configuration: .init(clusterName: configuration.clusterName, deadline: deadline.swiftDuration, logger: logger))
    }
}
