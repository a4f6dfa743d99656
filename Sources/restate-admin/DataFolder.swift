import AdminCore
import AdminLMDB
import Foundation

/// A data folder (or PostgreSQL database) opened by `export` and `import` without serving it:
/// the checks around ``Backends/openStorage(_:metrics:logger:)`` that turn a missing store, a
/// folder in use and a store the backend refuses into ``CLIFailure``s.
struct DataFolder {
    /// The storage engine.
    let kind: StorageKind
    /// The data directory (`--data-dir`).
    let directory: URL
    /// The database of `--storage postgres` (`--postgres-url`).
    var postgresURL: String? = nil

    /// The file or directory the backend keeps its store in, for messages.
    var store: URL {
        switch kind {
        case .sqlite: directory.appendingPathComponent("admin.sqlite")
        case .lmdb: directory.appendingPathComponent("lmdb")
        case .postgres: directory
        }
    }

    /// What the store is called in messages (a PostgreSQL URL without its password).
    var storeName: String {
        guard kind == .postgres else { return store.path }
        return (try? StorageLocation(kind: kind, dataDirectory: directory, postgresURL: postgresURL).parsedPostgresURL().description)
            ?? "the PostgreSQL database"
    }

    /// Opens the store.
    /// - Parameter mustExist: refuse a folder without a store (export) instead of creating one.
    /// - Throws: ``CLIFailure/invalidInput(_:)`` for a missing store (with `mustExist`) or one the
    ///   backend refuses to open (foreign, corrupt, newer format); ``CLIFailure/refused(_:)`` for an
    ///   LMDB folder another process has open.
    func open(mustExist: Bool) async throws -> any Storage {
        if kind == .postgres {
            do {
                return try await Backends.openStorage(StorageLocation(kind: kind, dataDirectory: directory, postgresURL: postgresURL))
            } catch let error as ServerSettings.Problem {
                throw CLIFailure.invalidInput("error: \(error.description)")
            } catch let error as AdminError {
                throw CLIFailure.invalidInput("error: cannot open \(storeName): \(error.message)")
            }
        }
        let existing = kind == .sqlite ? store : store.appendingPathComponent("data.mdb")
        if mustExist, !FileManager.default.fileExists(atPath: existing.path) {
            throw CLIFailure.invalidInput("error: no \(kind.rawValue) store in \(directory.path) (\(existing.path) does not exist)")
        }
        if kind == .lmdb {
            let holder: Int32?
            do throws(AdminError) { holder = try LMDBStorage.processHoldingEnvironment(in: store) } catch {
                throw CLIFailure.invalidInput("error: cannot check whether \(store.path) is in use: \(error.message)")
            }
            if let holder { throw inUse("process \(holder) has the environment open") }
        }
        do {
            return try await Backends.openStorage(StorageLocation(kind: kind, dataDirectory: directory))
        } catch let error as AdminError where error.message.contains("in use by another process") {
            throw inUse(error.message)
        } catch let error as AdminError {
            throw CLIFailure.invalidInput("error: cannot open \(store.path): \(error.message)")
        } catch {
            throw CLIFailure.invalidInput("error: cannot open \(store.path): \(error.localizedDescription)")
        }
    }

    /// The refusal of an LMDB folder a running server (or another program) holds.
    private func inUse(_ detail: String) -> CLIFailure {
        CLIFailure.refused("error: the LMDB data folder \(store.path) is in use (\(detail)): stop the server first")
    }
}
