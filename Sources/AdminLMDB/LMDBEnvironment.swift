import AdminCore
// The only file of AdminLMDB that calls mdb_*: every return code becomes an AdminError here.
internal import CLMDB
import Foundation

/// The named databases of a restate-admin environment.
enum LMDBTable: String, CaseIterable {
    case meta, deployments, identity, revisions, latest, subscriptions, state, invocations, changes
    /// `part(deployment id) + invocation id` of every unfinished invocation pinned to a deployment.
    case pinned
}

/// An LMDB environment (`data.mdb` + `lock.mdb` in one directory) with its named databases.
///
/// Opened with `MDB_NOTLS`, so read transactions are not tied to a thread. Write transactions are
/// still thread-bound: ``LMDBStorage`` begins, uses and ends each one on its single writer queue.
final class LMDBEnvironment {
    /// The data file, for error messages.
    let dataFile: String
    private let env: OpaquePointer
    private var tables: [LMDBTable: MDB_dbi] = [:]

    /// Opens (creating when missing) the environment in `directory`. A new environment starts
    /// with `mapSize` bytes; an existing one keeps the map size it recorded when that is larger.
    init(directory: String, mapSize: Int, maxReaders: Int, noSync: Bool, noMetaSync: Bool) throws(AdminError) {
        dataFile = directory + "/data.mdb"
        var handle: OpaquePointer?
        var rc = mdb_env_create(&handle)
        guard rc == MDB_SUCCESS, let handle else { throw LMDBEnvironment.error(rc, "create environment", dataFile) }
        env = handle
        var flags = UInt32(MDB_NOTLS) | UInt32(MDB_NORDAHEAD)
        if noSync { flags |= UInt32(MDB_NOSYNC) }
        if noMetaSync { flags |= UInt32(MDB_NOMETASYNC) }
        rc = mdb_env_set_maxdbs(env, MDB_dbi(LMDBTable.allCases.count + 4))
        if rc == MDB_SUCCESS { rc = mdb_env_set_maxreaders(env, UInt32(maxReaders)) }
        // Without a configured size, LMDB adopts the size recorded in an existing environment
        // (instead of shrinking the map to the configured size); it is raised to `mapSize` below.
        let existing = ((try? FileManager.default.attributesOfItem(atPath: dataFile)[.size] as? Int) ?? 0) > 0
        if rc == MDB_SUCCESS, !existing { rc = mdb_env_set_mapsize(env, mapSize) }
        if rc == MDB_SUCCESS { rc = mdb_env_open(env, directory, flags, 0o644) }
        guard rc == MDB_SUCCESS else {
            mdb_env_close(env)
            throw LMDBEnvironment.error(rc, "open", dataFile)
        }
        if existing, Self.info(env).me_mapsize < mapSize {
            rc = mdb_env_set_mapsize(env, mapSize)
            guard rc == MDB_SUCCESS else {
                mdb_env_close(env)
                throw LMDBEnvironment.error(rc, "set map size to \(mapSize) bytes", dataFile)
            }
        }
        var dead: Int32 = 0
        mdb_reader_check(env, &dead)
    }

    /// Closes the environment; no transaction may be open.
    func close() { mdb_env_close(env) }

    /// The current map size in bytes.
    var mapSize: Int { Self.info(env).me_mapsize }

    /// Whether the environment runs with `MDB_NOSYNC` and with `MDB_NOMETASYNC`.
    var syncFlags: (noSync: Bool, noMetaSync: Bool) {
        var flags: UInt32 = 0
        mdb_env_get_flags(env, &flags)
        return (flags & UInt32(MDB_NOSYNC) != 0, flags & UInt32(MDB_NOMETASYNC) != 0)
    }

    private static func info(_ env: OpaquePointer) -> MDB_envinfo {
        var info = MDB_envinfo()
        mdb_env_info(env, &info)
        return info
    }

    /// Grows (or adopts) the map size; no transaction of this process may be open.
    func setMapSize(_ size: Int) throws(AdminError) {
        let rc = mdb_env_set_mapsize(env, size)
        guard rc == MDB_SUCCESS else { throw LMDBEnvironment.error(rc, "grow map to \(size) bytes", dataFile) }
    }

    /// Whether the environment was made by someone else: its main database holds keys but no
    /// `meta` database. `nil` when it is empty (new).
    func isOurs() throws(AdminError) -> Bool? {
        let txn = try begin(readOnly: true)
        defer { txn.abort() }
        var dbi: MDB_dbi = 0
        if mdb_dbi_open(txn.handle, LMDBTable.meta.rawValue, 0, &dbi) == MDB_SUCCESS { return true }
        var main: MDB_dbi = 0
        var rc = mdb_dbi_open(txn.handle, nil, 0, &main)
        guard rc == MDB_SUCCESS else { throw LMDBEnvironment.error(rc, "open main database", dataFile) }
        var stat = MDB_stat()
        rc = mdb_stat(txn.handle, main, &stat)
        guard rc == MDB_SUCCESS else { throw LMDBEnvironment.error(rc, "stat main database", dataFile) }
        return stat.ms_entries == 0 ? nil : false
    }

    /// Opens every named database, creating the missing ones, in one write transaction.
    func openTables() throws(AdminError) {
        let txn = try begin(readOnly: false)
        for table in LMDBTable.allCases {
            var dbi: MDB_dbi = 0
            let rc = mdb_dbi_open(txn.handle, table.rawValue, UInt32(MDB_CREATE), &dbi)
            guard rc == MDB_SUCCESS else {
                txn.abort()
                throw LMDBEnvironment.error(rc, "open database \(table.rawValue)", dataFile)
            }
            tables[table] = dbi
        }
        try txn.commit()
    }

    /// The id of another process that has an environment open in `directory`, or `nil` when none
    /// has (or there is no `lock.mdb`). While an environment is open, liblmdb holds a POSIX
    /// (`fcntl`) read lock on byte 0 of `lock.mdb`; `F_GETLK` asks whether a write lock on that
    /// byte would conflict, and with whose lock. POSIX locks belong to a process, so this
    /// process's own environments are never reported; and closing any descriptor of the file
    /// drops them, so call it only while this process has no environment open in `directory`.
    static func lockHolder(directory: String) throws(AdminError) -> Int32? {
        let path = directory + "/lock.mdb"
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            throw AdminError(.storage, "\(String(cString: strerror(errno))) (open, \(path))")
        }
        defer { closeDescriptor(fd) }
        var probe = flock()
        probe.l_type = Int16(F_WRLCK)
        probe.l_whence = Int16(SEEK_SET)
        probe.l_start = 0
        probe.l_len = 1
        guard fcntl(fd, F_GETLK, &probe) == 0 else {
            throw AdminError(.storage, "\(String(cString: strerror(errno))) (F_GETLK, \(path))")
        }
        return probe.l_type == Int16(F_UNLCK) ? nil : probe.l_pid
    }

    // MARK: - Test support

    /// TEST SUPPORT ONLY: never called by the storage itself. Stores one key in the unnamed main
    /// database, as a program other than restate-admin would, so that tests can fabricate a foreign
    /// environment (it lives here because only this file may call `mdb_*`).
    func putIntoMainDatabase(_ key: [UInt8], _ value: [UInt8]) throws(AdminError) {
        let txn = try begin(readOnly: false)
        var main: MDB_dbi = 0
        var rc = mdb_dbi_open(txn.handle, nil, 0, &main)
        if rc == MDB_SUCCESS {
            rc = key.withUnsafeBytes { k in
                value.withUnsafeBytes { v in
                    var kv = MDB_val(mv_size: k.count, mv_data: UnsafeMutableRawPointer(mutating: k.baseAddress))
                    var vv = MDB_val(mv_size: v.count, mv_data: UnsafeMutableRawPointer(mutating: v.baseAddress))
                    return mdb_put(txn.handle, main, &kv, &vv, 0)
                }
            }
        }
        guard rc == MDB_SUCCESS else {
            txn.abort()
            throw LMDBEnvironment.error(rc, "put into the main database", dataFile)
        }
        try txn.commit()
    }

    // MARK: - Transactions

    /// Begins a transaction; a write transaction must end on the thread that began it.
    func begin(readOnly: Bool) throws(AdminError) -> LMDBTransaction {
        var txn: OpaquePointer?
        let rc = mdb_txn_begin(env, nil, readOnly ? UInt32(MDB_RDONLY) : 0, &txn)
        guard rc == MDB_SUCCESS, let txn else { throw LMDBEnvironment.error(rc, readOnly ? "begin read" : "begin write", dataFile) }
        return LMDBTransaction(handle: txn, environment: self)
    }

    /// Begins a write transaction nested in `parent`: committing it hands its changes to
    /// `parent` (nothing reaches the disk before `parent` commits); aborting it undoes them alone.
    /// `parent` must not be used until the child has ended.
    func beginNested(in parent: LMDBTransaction) throws(AdminError) -> LMDBTransaction {
        var txn: OpaquePointer?
        let rc = mdb_txn_begin(env, parent.handle, 0, &txn)
        if rc == MDB_MAP_FULL { parent.noteMapFull() }
        guard rc == MDB_SUCCESS, let txn else { throw LMDBEnvironment.error(rc, "begin nested write", dataFile) }
        return LMDBTransaction(handle: txn, environment: self)
    }

    fileprivate func dbi(_ table: LMDBTable) -> MDB_dbi { tables[table] ?? 0 }

    fileprivate static func error(_ rc: Int32, _ operation: String, _ file: String) -> AdminError {
        AdminError(.storage, "\(String(cString: mdb_strerror(rc))) (\(operation), \(file))")
    }
}

/// Closes a file descriptor (at file scope, where `close` is not ``LMDBEnvironment/close()``).
private func closeDescriptor(_ descriptor: Int32) { _ = close(descriptor) }

/// One LMDB transaction and its counters. Keys and values are byte arrays copied out of the map.
final class LMDBTransaction {
    fileprivate let handle: OpaquePointer
    private let environment: LMDBEnvironment
    private var open = true
    /// Work done in this transaction.
    var counters = StorageStatistics()
    /// Set when a put or the commit failed with `MDB_MAP_FULL`: the writer grows the map and retries.
    private(set) var hitMapFull = false

    fileprivate init(handle: OpaquePointer, environment: LMDBEnvironment) {
        self.handle = handle
        self.environment = environment
    }

    /// Records that the engine ran out of map space on behalf of this transaction.
    func noteMapFull() { hitMapFull = true }

    /// Commits; the transaction is over either way.
    func commit() throws(AdminError) {
        open = false
        let rc = mdb_txn_commit(handle)
        if rc == MDB_MAP_FULL { hitMapFull = true }
        guard rc == MDB_SUCCESS else { throw LMDBEnvironment.error(rc, "commit", environment.dataFile) }
    }

    /// Abandons the transaction if it is still open.
    func abort() {
        guard open else { return }
        open = false
        mdb_txn_abort(handle)
    }

    /// The value stored under `key`, if any.
    func get(_ table: LMDBTable, _ key: [UInt8]) throws(AdminError) -> [UInt8]? {
        counters.engineSteps += 1
        var value = MDB_val()
        let rc = key.withUnsafeBytes { bytes in
            var k = MDB_val(mv_size: bytes.count, mv_data: UnsafeMutableRawPointer(mutating: bytes.baseAddress))
            return mdb_get(handle, environment.dbi(table), &k, &value)
        }
        if rc == MDB_NOTFOUND { return nil }
        guard rc == MDB_SUCCESS else { throw LMDBEnvironment.error(rc, "get from \(table.rawValue)", environment.dataFile) }
        counters.recordsRead += 1
        return LMDBTransaction.bytes(value)
    }

    /// Stores `value` under `key`, replacing any previous value.
    func put(_ table: LMDBTable, _ key: [UInt8], _ value: [UInt8]) throws(AdminError) {
        counters.engineSteps += 1
        let rc = key.withUnsafeBytes { k in
            value.withUnsafeBytes { v in
                var kv = MDB_val(mv_size: k.count, mv_data: UnsafeMutableRawPointer(mutating: k.baseAddress))
                var vv = MDB_val(mv_size: v.count, mv_data: UnsafeMutableRawPointer(mutating: v.baseAddress))
                return mdb_put(handle, environment.dbi(table), &kv, &vv, 0)
            }
        }
        if rc == MDB_MAP_FULL { hitMapFull = true }
        guard rc == MDB_SUCCESS else { throw LMDBEnvironment.error(rc, "put into \(table.rawValue)", environment.dataFile) }
        counters.recordsWritten += 1
    }

    /// Deletes `key`; deleting a missing key does nothing.
    func delete(_ table: LMDBTable, _ key: [UInt8]) throws(AdminError) {
        counters.engineSteps += 1
        let rc = key.withUnsafeBytes { bytes in
            var k = MDB_val(mv_size: bytes.count, mv_data: UnsafeMutableRawPointer(mutating: bytes.baseAddress))
            return mdb_del(handle, environment.dbi(table), &k, nil)
        }
        if rc == MDB_NOTFOUND { return }
        if rc == MDB_MAP_FULL { hitMapFull = true }
        guard rc == MDB_SUCCESS else { throw LMDBEnvironment.error(rc, "delete from \(table.rawValue)", environment.dataFile) }
        counters.recordsWritten += 1
    }

    /// The first key of `table`, if it has any (without copying its value).
    func firstKey(_ table: LMDBTable) throws -> [UInt8]? {
        var cursor: OpaquePointer?
        var rc = mdb_cursor_open(handle, environment.dbi(table), &cursor)
        guard rc == MDB_SUCCESS, let cursor else { throw LMDBEnvironment.error(rc, "open cursor on \(table.rawValue)", environment.dataFile) }
        defer { mdb_cursor_close(cursor) }
        var key = MDB_val()
        var value = MDB_val()
        counters.engineSteps += 1
        rc = mdb_cursor_get(cursor, &key, &value, MDB_FIRST)
        if rc == MDB_NOTFOUND { return nil }
        guard rc == MDB_SUCCESS else { throw LMDBEnvironment.error(rc, "read the first key of \(table.rawValue)", environment.dataFile) }
        return LMDBTransaction.bytes(key)
    }

    /// Visits the keys that start with `prefix` in key order (or reverse order when `backward`),
    /// until `body` returns `false`. A forward scan may start at `from` (a key with the prefix)
    /// instead of the first key with the prefix.
    func scan(
        _ table: LMDBTable, prefix: [UInt8], from start: [UInt8]? = nil, backward: Bool = false,
        _ body: (_ key: [UInt8], _ value: [UInt8]) throws -> Bool
    ) throws {
        var cursor: OpaquePointer?
        var rc = mdb_cursor_open(handle, environment.dbi(table), &cursor)
        guard rc == MDB_SUCCESS, let cursor else { throw LMDBEnvironment.error(rc, "open cursor on \(table.rawValue)", environment.dataFile) }
        defer { mdb_cursor_close(cursor) }
        var key = MDB_val()
        var value = MDB_val()
        // Forward: the first key >= prefix. Backward: the last key < prefix + 0xFF…, i.e. the
        // greatest key with the prefix (keys never continue a prefix with five 0xFF bytes).
        let seek = backward ? prefix + [0xFF, 0xFF, 0xFF, 0xFF, 0xFF] : (start ?? prefix)
        counters.engineSteps += 1
        rc = seek.withUnsafeBytes { bytes in
            key = MDB_val(mv_size: bytes.count, mv_data: UnsafeMutableRawPointer(mutating: bytes.baseAddress))
            if seek.isEmpty { return mdb_cursor_get(cursor, &key, &value, backward ? MDB_LAST : MDB_FIRST) }
            return mdb_cursor_get(cursor, &key, &value, MDB_SET_RANGE)
        }
        if backward, !prefix.isEmpty {
            counters.engineSteps += 1
            rc = mdb_cursor_get(cursor, &key, &value, rc == MDB_NOTFOUND ? MDB_LAST : MDB_PREV)
        }
        while rc == MDB_SUCCESS {
            let k = LMDBTransaction.bytes(key)
            guard k.starts(with: prefix) else { return }
            counters.recordsRead += 1
            guard try body(k, LMDBTransaction.bytes(value)) else { return }
            counters.engineSteps += 1
            rc = mdb_cursor_get(cursor, &key, &value, backward ? MDB_PREV : MDB_NEXT)
        }
        guard rc == MDB_NOTFOUND else { throw LMDBEnvironment.error(rc, "scan \(table.rawValue)", environment.dataFile) }
    }

    private static func bytes(_ value: MDB_val) -> [UInt8] {
        guard value.mv_size > 0, let data = value.mv_data else { return [] }
        return Array(UnsafeRawBufferPointer(start: data, count: value.mv_size))
    }
}
