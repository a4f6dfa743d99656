// The only file of the benchmarks that calls mdb_*.
import CBenchLMDB

/// A bare LMDB environment with the flags `LMDBStorage` opens by default (`MDB_NOTLS |
/// MDB_NORDAHEAD`, durable commits: neither `MDB_NOSYNC` nor `MDB_NOMETASYNC`) and named
/// databases: the raw writes and the model of Restate measure LMDB itself, without the backend's
/// layers.
///
/// Used by one benchmark task at a time, each write transaction begun and ended within one call
/// (never concurrently), hence `@unchecked Sendable`.
final class RawLMDB: @unchecked Sendable {
    /// One write transaction, valid only inside ``RawLMDB/write(_:)``.
    struct Transaction {
        fileprivate let handle: OpaquePointer
        fileprivate let tables: [String: MDB_dbi]

        /// Stores `value` under `key` in the named database `table`.
        func put(_ table: String, _ key: [UInt8], _ value: [UInt8]) throws {
            let rc = key.withUnsafeBytes { k in
                value.withUnsafeBytes { v in
                    var kv = MDB_val(mv_size: k.count, mv_data: UnsafeMutableRawPointer(mutating: k.baseAddress))
                    var vv = MDB_val(mv_size: v.count, mv_data: UnsafeMutableRawPointer(mutating: v.baseAddress))
                    return mdb_put(handle, tables[table] ?? 0, &kv, &vv, 0)
                }
            }
            guard rc == MDB_SUCCESS else { throw RawLMDB.failure(rc, "put into \(table)") }
        }

        /// The value under `key` in the named database `table`, copied out of the map.
        func get(_ table: String, _ key: [UInt8]) throws -> [UInt8]? {
            var value = MDB_val()
            let rc = key.withUnsafeBytes { k in
                var kv = MDB_val(mv_size: k.count, mv_data: UnsafeMutableRawPointer(mutating: k.baseAddress))
                return mdb_get(handle, tables[table] ?? 0, &kv, &value)
            }
            if rc == MDB_NOTFOUND { return nil }
            guard rc == MDB_SUCCESS else { throw RawLMDB.failure(rc, "get from \(table)") }
            guard value.mv_size > 0, let data = value.mv_data else { return [] }
            return Array(UnsafeRawBufferPointer(start: data, count: value.mv_size))
        }
    }

    private let env: OpaquePointer
    private var tables: [String: MDB_dbi] = [:]

    /// Opens (creating) an environment in the existing directory `directory` with the named
    /// databases `tables` and a 1 GiB map (large enough that no benchmark ever grows it).
    init(directory: String, tables names: [String]) throws {
        var handle: OpaquePointer?
        var rc = mdb_env_create(&handle)
        guard rc == MDB_SUCCESS, let handle else { throw Self.failure(rc, "create environment") }
        env = handle
        rc = mdb_env_set_maxdbs(env, MDB_dbi(names.count + 4))
        if rc == MDB_SUCCESS { rc = mdb_env_set_mapsize(env, 1 << 30) }
        if rc == MDB_SUCCESS { rc = mdb_env_open(env, directory, UInt32(MDB_NOTLS) | UInt32(MDB_NORDAHEAD), 0o644) }
        guard rc == MDB_SUCCESS else {
            mdb_env_close(env)
            throw Self.failure(rc, "open \(directory)")
        }
        var txn: OpaquePointer?
        rc = mdb_txn_begin(env, nil, 0, &txn)
        guard rc == MDB_SUCCESS, let txn else { throw Self.failure(rc, "begin") }
        for name in names {
            var dbi: MDB_dbi = 0
            rc = mdb_dbi_open(txn, name, UInt32(MDB_CREATE), &dbi)
            guard rc == MDB_SUCCESS else {
                mdb_txn_abort(txn)
                throw Self.failure(rc, "open database \(name)")
            }
            tables[name] = dbi
        }
        rc = mdb_txn_commit(txn)
        guard rc == MDB_SUCCESS else { throw Self.failure(rc, "commit") }
    }

    /// Runs `body` in one write transaction and commits it (synced), or aborts when it throws.
    func write<T>(_ body: (Transaction) throws -> T) throws -> T {
        var txn: OpaquePointer?
        var rc = mdb_txn_begin(env, nil, 0, &txn)
        guard rc == MDB_SUCCESS, let txn else { throw Self.failure(rc, "begin write") }
        let result: T
        do {
            result = try body(Transaction(handle: txn, tables: tables))
        } catch {
            mdb_txn_abort(txn)
            throw error
        }
        rc = mdb_txn_commit(txn)
        guard rc == MDB_SUCCESS else { throw Self.failure(rc, "commit") }
        return result
    }

    /// Closes the environment; no transaction may be open.
    func close() { mdb_env_close(env) }

    fileprivate static func failure(_ rc: Int32, _ operation: String) -> RawStorageError {
        RawStorageError(description: "\(String(cString: mdb_strerror(rc))) (\(operation))")
    }
}
