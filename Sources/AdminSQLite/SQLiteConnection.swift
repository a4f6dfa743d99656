import AdminCore
// The only file of AdminSQLite that calls sqlite3_*: every result code becomes an AdminError here.
internal import CSQLite
import Foundation

/// `SQLITE_TRANSIENT` is a C macro with a cast, which Swift does not import.
private let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A value bound to a statement parameter.
enum SQLiteValue {
    case integer(Int64)
    case text(String)
    case blob([UInt8])
    case null
}

/// One result row, valid only inside the callback of ``SQLiteConnection/query(_:_:operation:_:)``.
struct SQLiteRow {
    fileprivate let statement: OpaquePointer

    /// Column `index` as an integer.
    func integer(_ index: Int32) -> Int64 { sqlite3_column_int64(statement, index) }

    /// Column `index` as text (all of its bytes: text may contain NUL).
    func text(_ index: Int32) -> String { SQLiteConnection.text(statement, index) }

    /// Column `index` as bytes.
    func blob(_ index: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(statement, index))
        guard count > 0, let pointer = sqlite3_column_blob(statement, index) else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}

/// One SQLite connection with its cache of prepared statements and its work counters.
///
/// Not thread-safe: each connection is confined to one ``DedicatedQueue`` (opened with
/// `SQLITE_OPEN_NOMUTEX`), which serialises every call.
final class SQLiteConnection {
    /// The database file, for error messages.
    let path: String
    private let db: OpaquePointer
    private var statements: [String: OpaquePointer] = [:]
    /// Work done since the counters were last taken.
    var counters = StorageStatistics()

    /// Opens (creating if missing) the database file at `path`.
    init(path: String, busyTimeoutMilliseconds: Int32) throws(AdminError) {
        self.path = path
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &handle, flags, nil)
        guard rc == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_close_v2(handle)
            throw AdminError(.storage, "\(message) (open, \(path))")
        }
        db = handle
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, busyTimeoutMilliseconds)
    }

    /// Finalizes the cached statements and closes the connection.
    func close() {
        for statement in statements.values { sqlite3_finalize(statement) }
        statements.removeAll()
        sqlite3_close_v2(db)
    }

    /// Whether the connection is outside any transaction.
    var isAutocommit: Bool { sqlite3_get_autocommit(db) != 0 }

    /// Runs one or more SQL statements without results (DDL, pragmas, BEGIN/COMMIT).
    func execute(_ sql: String, operation: String) throws(AdminError) {
        let rc = sqlite3_exec(db, sql, nil, nil, nil)
        if rc != SQLITE_OK { throw failure(rc, operation) }
    }

    /// Runs a cached statement and hands each row to `row`; stop early by returning `false`.
    func query(_ sql: String, _ bindings: [SQLiteValue], operation: String, _ row: (SQLiteRow) throws -> Bool) throws {
        let statement = try prepared(sql, operation: operation)
        defer { finish(statement) }
        try bind(bindings, to: statement, operation: operation)
        while true {
            let rc = sqlite3_step(statement)
            if rc == SQLITE_DONE { return }
            guard rc == SQLITE_ROW else { throw failure(rc, operation) }
            counters.recordsRead += 1
            if try !row(SQLiteRow(statement: statement)) { return }
        }
    }

    /// Runs a cached statement that changes rows; returns how many it changed.
    @discardableResult
    func run(_ sql: String, _ bindings: [SQLiteValue], operation: String) throws(AdminError) -> Int {
        let statement = try prepared(sql, operation: operation)
        defer { finish(statement) }
        try bind(bindings, to: statement, operation: operation)
        var rc = sqlite3_step(statement)
        while rc == SQLITE_ROW { rc = sqlite3_step(statement) }
        guard rc == SQLITE_DONE else { throw failure(rc, operation) }
        let changed = Int(sqlite3_changes(db))
        counters.recordsWritten += changed
        return changed
    }

    /// The first column of every row of an uncached query (pragmas, schema checks).
    func strings(_ sql: String, operation: String) throws(AdminError) -> [String] {
        var statement: OpaquePointer?
        var rc = sqlite3_prepare_v2(db, sql, -1, &statement, nil)
        guard rc == SQLITE_OK, let statement else { throw failure(rc, operation) }
        defer { sqlite3_finalize(statement) }
        var values: [String] = []
        while true {
            rc = sqlite3_step(statement)
            if rc == SQLITE_DONE { return values }
            guard rc == SQLITE_ROW else { throw failure(rc, operation) }
            values.append(SQLiteConnection.text(statement, 0))
        }
    }

    /// Switches the file to write-ahead logging and returns the journal mode now in effect.
    ///
    /// Changing the journal mode needs the file to itself, and SQLite answers `SQLITE_BUSY` at
    /// once (without its busy handler) while another connection reads it, as happens when several
    /// processes open a new file together; so this retries for up to `timeoutMilliseconds`.
    func switchToWAL(timeoutMilliseconds: Int32) throws(AdminError) -> String? {
        let deadline = ContinuousClock.now + .milliseconds(Int(timeoutMilliseconds))
        while true {
            var statement: OpaquePointer?
            var rc = sqlite3_prepare_v2(db, "PRAGMA journal_mode = WAL", -1, &statement, nil)
            guard rc == SQLITE_OK, let statement else { throw failure(rc, "enable WAL") }
            rc = sqlite3_step(statement)
            let mode = rc == SQLITE_ROW ? SQLiteConnection.text(statement, 0) : nil
            sqlite3_finalize(statement)
            if rc == SQLITE_ROW { return mode }
            let primary = rc & 0xff
            guard primary == SQLITE_BUSY || primary == SQLITE_LOCKED, ContinuousClock.now < deadline else {
                throw failure(rc, "enable WAL")
            }
            Thread.sleep(forTimeInterval: 0.002)
        }
    }

    // MARK: - Private

    private func prepared(_ sql: String, operation: String) throws(AdminError) -> OpaquePointer {
        if let cached = statements[sql] { return cached }
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard rc == SQLITE_OK, let statement else { throw failure(rc, operation) }
        statements[sql] = statement
        return statement
    }

    private func bind(_ values: [SQLiteValue], to statement: OpaquePointer, operation: String) throws(AdminError) {
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let rc: Int32
            switch value {
            case .integer(let v): rc = sqlite3_bind_int64(statement, index, v)
            case .text(let v):
                // The explicit UTF-8 byte count keeps text after an embedded NUL.
                var text = v
                rc = text.withUTF8 { utf8 in
                    utf8.withMemoryRebound(to: CChar.self) { chars in
                        guard let base = chars.baseAddress, !chars.isEmpty else { return sqlite3_bind_text(statement, index, "", 0, sqliteTransient) }
                        return sqlite3_bind_text(statement, index, base, Int32(chars.count), sqliteTransient)
                    }
                }
            case .blob(let v):
                rc = v.withUnsafeBytes {
                    sqlite3_bind_blob(statement, index, $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32($0.count), sqliteTransient)
                }
            case .null: rc = sqlite3_bind_null(statement, index)
            }
            if rc != SQLITE_OK { throw failure(rc, operation) }
        }
    }

    /// Column `index` of the current row as text, by its byte count (not up to the first NUL).
    fileprivate static func text(_ statement: OpaquePointer, _ index: Int32) -> String {
        // `sqlite3_column_text` first (it converts the value), then its length in bytes.
        guard let bytes = sqlite3_column_text(statement, index) else { return "" }
        let count = Int(sqlite3_column_bytes(statement, index))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    private func finish(_ statement: OpaquePointer) {
        counters.engineSteps += Int(sqlite3_stmt_status(statement, SQLITE_STMTSTATUS_VM_STEP, 1))
        counters.fullScanSteps += Int(sqlite3_stmt_status(statement, SQLITE_STMTSTATUS_FULLSCAN_STEP, 1))
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
    }

    private func failure(_ rc: Int32, _ operation: String) -> AdminError {
        let message = String(cString: sqlite3_errmsg(db))
        let detail = message.isEmpty || message == "not an error" ? String(cString: sqlite3_errstr(rc)) : message
        return AdminError(.storage, "\(detail) (\(operation), \(path))")
    }
}
