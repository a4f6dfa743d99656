import AdminCore
import Foundation

/// A MODEL of Restate's design, not Restate itself: the whole registry is one value (Restate's
/// schema updater rewrites the whole schema on every change), so each registration reads that
/// value, decodes it, adds the new deployment, re-encodes the whole registry and writes it back
/// in one durable transaction, in the same storage engines as this project (one SQLite row blob,
/// or one LMDB key), with the same durability and the same record encoding (``RecordCodec`` of
/// the `Deployment` records the real registry stores).
///
/// It runs no registration rules and no discovery, so it is a lower bound for such a design.
/// To keep the registry at its size, each registration replaces the deployment the previous one
/// added: the stored value always holds the N seeded deployments plus at most one more.
final class RestateModel: @unchecked Sendable {
    private enum Store {
        case sqlite(RawSQLite)
        case lmdb(RawLMDB)
    }

    private static let key = Array("schema".utf8)
    private let store: Store
    private let codec = RecordCodec(location: "model")
    private let seeded: Int
    private let template: Deployment

    /// Stores `registry` as one value in a new store of `backend` (SQLite or LMDB) in `directory`;
    /// each registration adds a copy of `template` under a new id.
    init(backend: Fixture.Backend, directory: URL, registry: [Deployment], template: Deployment) throws {
        let value = try codec.encode(registry)
        switch backend {
        case .sqlite:
            let db = try RawSQLite(path: directory.appendingPathComponent("model.sqlite").path)
            try db.execute("CREATE TABLE registry (id INTEGER PRIMARY KEY NOT NULL, value BLOB NOT NULL)")
            try db.transaction { try db.run("INSERT INTO registry (id, value) VALUES (1, ?)", [.blob(value)]) }
            store = .sqlite(db)
        case .lmdb, .inMemory, .postgres:
            let env = try RawLMDB(directory: directory.path, tables: ["registry"])
            try env.write { try $0.put("registry", Self.key, value) }
            store = .lmdb(env)
        }
        seeded = registry.count
        self.template = template
    }

    /// One registration: read, decode, add, re-encode and write the whole registry, committed (synced).
    func register() throws {
        var added = template
        added.id = DeploymentID.generate()
        switch store {
        case .sqlite(let db):
            try db.transaction {
                let value = try db.blob("SELECT value FROM registry WHERE id = 1", []) ?? []
                try db.run("UPDATE registry SET value = ? WHERE id = 1", [.blob(try updated(value, adding: added))])
            }
        case .lmdb(let env):
            try env.write { txn in
                let value = try txn.get("registry", Self.key) ?? []
                try txn.put("registry", Self.key, try updated(value, adding: added))
            }
        }
    }

    /// Closes the store.
    func close() {
        switch store {
        case .sqlite(let db): db.close()
        case .lmdb(let env): env.close()
        }
    }

    private func updated(_ value: [UInt8], adding deployment: Deployment) throws -> [UInt8] {
        var registry = try codec.decode([Deployment].self, from: value)
        if registry.count > seeded { registry.removeLast() }
        registry.append(deployment)
        return try codec.encode(registry)
    }
}
