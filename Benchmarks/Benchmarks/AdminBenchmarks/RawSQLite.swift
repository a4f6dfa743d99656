// The only file of the benchmarks that calls sqlite3_*.
import CBenchSQLite

/// `SQLITE_TRANSIENT` is a C macro with a cast, which Swift does not import.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A bare SQLite connection with the durability `SQLiteStorage` uses by default (WAL,
/// `synchronous = FULL`): the raw writes and the model of Restate measure SQLite itself,
/// without the backend's layers.
///
/// Used by one benchmark task at a time (never concurrently), hence `@unchecked Sendable`.
final class RawSQLite: @unchecked Sendable {
    /// A value bound to a statement parameter.
    enum Value {
        case integer(Int64)
        case text([UInt8])
        case blob([UInt8])
    }

    private let db: OpaquePointer
    private var statements: [String: OpaquePointer] = [:]

    /// Opens (creating) the database at `path` in WAL mode with `synchronous = FULL`.
    init(path: String) throws {
        var handle: OpaquePointer?
        let rc = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil)
        guard rc == SQLITE_OK, let handle else {
            sqlite3_close_v2(handle)
            throw RawStorageError(description: "sqlite3_open_v2 \(path): \(String(cString: sqlite3_errstr(rc)))")
        }
        db = handle
        try execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL")
    }

    /// Runs SQL without results (DDL, pragmas, `BEGIN IMMEDIATE`, `COMMIT`).
    func execute(_ sql: String) throws {
        let rc = sqlite3_exec(db, sql, nil, nil, nil)
        guard rc == SQLITE_OK else { throw failure(rc, sql) }
    }

    /// Runs `body` in `BEGIN IMMEDIATE … COMMIT` (rolled back when it throws), as the backend does.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Runs a cached statement that writes rows.
    func run(_ sql: String, _ values: [Value]) throws {
        let statement = try prepared(sql, values)
        defer { sqlite3_reset(statement) }
        let rc = sqlite3_step(statement)
        guard rc == SQLITE_DONE || rc == SQLITE_ROW else { throw failure(rc, sql) }
    }

    /// The first column of the first row of a cached query, as bytes; `nil` when there is no row.
    func blob(_ sql: String, _ values: [Value]) throws -> [UInt8]? {
        let statement = try prepared(sql, values)
        defer { sqlite3_reset(statement) }
        let rc = sqlite3_step(statement)
        if rc == SQLITE_DONE { return nil }
        guard rc == SQLITE_ROW else { throw failure(rc, sql) }
        let count = Int(sqlite3_column_bytes(statement, 0))
        guard count > 0, let pointer = sqlite3_column_blob(statement, 0) else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    /// Finalizes the statements and closes the connection.
    func close() {
        for statement in statements.values { sqlite3_finalize(statement) }
        statements.removeAll()
        sqlite3_close_v2(db)
    }

    private func prepared(_ sql: String, _ values: [Value]) throws -> OpaquePointer {
        let statement: OpaquePointer
        if let cached = statements[sql] {
            statement = cached
        } else {
            var created: OpaquePointer?
            let rc = sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &created, nil)
            guard rc == SQLITE_OK, let created else { throw failure(rc, sql) }
            statements[sql] = created
            statement = created
        }
        sqlite3_clear_bindings(statement)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let rc: Int32
            switch value {
            case .integer(let integer): rc = sqlite3_bind_int64(statement, index, integer)
            case .text(let bytes):
                rc = bytes.withUnsafeBytes {
                    sqlite3_bind_text(statement, index, $0.baseAddress?.assumingMemoryBound(to: CChar.self), Int32($0.count), transient)
                }
            case .blob(let bytes):
                rc = bytes.withUnsafeBytes {
                    sqlite3_bind_blob(statement, index, $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32($0.count), transient)
                }
            }
            guard rc == SQLITE_OK else { throw failure(rc, sql) }
        }
        return statement
    }

    private func failure(_ rc: Int32, _ sql: String) -> RawStorageError {
        RawStorageError(description: "\(String(cString: sqlite3_errmsg(db))) (\(rc)) in: \(sql)")
    }
}
