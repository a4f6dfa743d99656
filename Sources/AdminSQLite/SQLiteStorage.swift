import AdminCore
import Foundation
import Synchronization

/// A durable ``Storage`` in one SQLite file (the system libsqlite3), in WAL mode.
///
/// - Writes run one at a time on a dedicated writer connection and queue, inside
///   `BEGIN IMMEDIATE … COMMIT` (rolled back when the body throws); writes that queue up while a
///   transaction commits share the next commit (group commit). Other processes using the same
///   file are serialised by SQLite's locks and wait up to ``Options/busyTimeout``.
/// - Reads run on a separate reader connection inside `BEGIN DEFERRED`, so each sees one committed
///   snapshot and never waits for a writer.
/// - The layout is normalized and indexed (deployments, service revisions, the latest-revision
///   pointers, subscriptions, state and invocations each in their own table), so a registration
///   reads and writes only the rows it names, however large the registry.
/// - Opening applies missing migrations (one transaction each), refuses a file that is not a
///   restate-admin database, and refuses an on-disk format newer than this build knows.
public final class SQLiteStorage: StorageStatisticsReporting, @unchecked Sendable {
    // `writer` is only used on `writerQueue`, `reader` only on `readerQueue`.
    private let writer: SQLiteConnection
    private let reader: SQLiteConnection
    private let writerQueue: DedicatedQueue
    // Every write goes through it; set once in `init`, after every other property (its engine's
    // closures capture `self`). Once it refuses writes, the storage is closing: reads are refused too.
    private var groupCommit: GroupCommit<SQLiteCommitEngine>!
    /// The engine under `groupCommit` (tests check its primitives directly).
    private(set) var commitEngine: SQLiteCommitEngine!
    private let readerQueue: DedicatedQueue
    // A third connection that answers `registryVersion()` inline: `PRAGMA data_version` tells
    // whether any other connection (this storage's writer, or another process) committed since
    // the last probe; only then is the version read again.
    private let probe: Mutex<VersionProbe>
    // `readerClosed` / `writerClosed`: that connection is gone
    // (set on its queue by `close()`, after the work queued before it).
    private let state = Mutex<(readerClosed: Bool, writerClosed: Bool, statistics: StorageStatistics)>((false, false, StorageStatistics()))

    /// The database file.
    public let path: URL
    /// The options the storage was opened with.
    public let options: Options

    /// Opens the database at `path`, creating it (and migrating it) when needed.
    /// - Parameters:
    ///   - path: the database file.
    ///   - options: durability and limits.
    ///   - metrics: where commits are timed and their group sizes recorded (`backend` `sqlite`).
    /// - Throws: ``AdminError`` (`.storage`) naming the file when it cannot be opened, is not a
    ///   restate-admin database, or has a newer on-disk format.
    public init(path: URL, options: Options = Options(), metrics: AdminMetrics = AdminMetrics()) throws(AdminError) {
        self.path = path
        self.options = options
        let file = path.path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), isDirectory.boolValue {
            throw AdminError(.storage, "\(file) is a directory, not a restate-admin database file")
        }
        writerQueue = DedicatedQueue(label: "restate-admin.sqlite.writer")
        readerQueue = DedicatedQueue(label: "restate-admin.sqlite.reader")
        let writer = try SQLiteConnection(path: file, busyTimeoutMilliseconds: options.busyTimeoutMilliseconds)
        do throws(AdminError) {
            try SQLiteMigrator.checkOwnership(writer)
            let mode = try writer.switchToWAL(timeoutMilliseconds: options.busyTimeoutMilliseconds)
            guard mode?.lowercased() == "wal" else {
                throw AdminError(.storage, "cannot switch to WAL mode (journal_mode is \(mode ?? "unknown")) (open, \(file))")
            }
            try writer.execute("PRAGMA synchronous = \(options.synchronous.rawValue)", operation: "set synchronous")
            #if canImport(Darwin)
                // On Apple platforms fsync() does not reach the disk's platter; F_FULLFSYNC does.
                if options.synchronous == .full {
                    try writer.execute("PRAGMA fullfsync = 1; PRAGMA checkpoint_fullfsync = 1", operation: "set fullfsync")
                }
            #endif
            if let pages = options.maximumPageCount {
                _ = try writer.strings("PRAGMA max_page_count = \(pages)", operation: "set max_page_count")
            }
            try SQLiteMigrator.migrate(writer)
        } catch {
            writer.close()
            throw error
        }
        let reader: SQLiteConnection
        let prober: SQLiteConnection
        do throws(AdminError) {
            reader = try SQLiteConnection(path: file, busyTimeoutMilliseconds: options.busyTimeoutMilliseconds)
            try reader.execute("PRAGMA query_only = 1", operation: "open reader")
        } catch {
            writer.close()
            throw error
        }
        do throws(AdminError) {
            prober = try SQLiteConnection(path: file, busyTimeoutMilliseconds: options.busyTimeoutMilliseconds)
            try prober.execute("PRAGMA query_only = 1", operation: "open version probe")
        } catch {
            writer.close()
            reader.close()
            throw error
        }
        probe = Mutex(VersionProbe(connection: prober))
        self.writer = writer
        self.reader = reader
        let engine = SQLiteCommitEngine(
            connection: writer, changeLogRetention: options.changeLogRetention,
            collect: { [unowned self] counters in self.state.withLock { $0.statistics += counters } }
        )
        commitEngine = engine
        groupCommit = GroupCommit(queue: writerQueue, engine: engine, metrics: metrics, backend: "sqlite")
    }

    deinit {
        let (readerClosed, writerClosed) = state.withLock { ($0.readerClosed, $0.writerClosed) }
        if !writerClosed { writer.close() }
        if !readerClosed { reader.close() }
        probe.withLock { $0.connection?.close() }
    }

    /// Runs `body` against one committed snapshot, on the reader connection.
    public func read<T: Sendable>(_ body: @Sendable (any StorageReader) throws -> T) async throws -> T {
        try checkOpen()
        return try await readerQueue.run {
            try self.checkOpen(\.readerClosed)
            let connection = self.reader
            try connection.execute("BEGIN DEFERRED", operation: "begin read")
            defer {
                if !connection.isAutocommit { try? connection.execute("ROLLBACK", operation: "end read") }
                self.collect(connection)
            }
            return try body(SQLiteReadTransaction(connection: connection))
        }
    }

    /// Runs `body` on the writer connection, inside `BEGIN IMMEDIATE … COMMIT`, and returns once
    /// that transaction committed; rolls back its own changes when it throws.
    ///
    /// Writes that arrive while another transaction commits share the next one (group commit, see
    /// ``GroupCommit``): each runs in its own savepoint, in arrival order, and one `COMMIT`
    /// makes them all durable.
    public func write<T: Sendable>(_ body: @Sendable (any StorageWriter) throws -> T) async throws -> T {
        try await groupCommit.submit(body)
    }

    /// The registry version of the latest commit, by any process: one `PRAGMA data_version` on a
    /// connection of its own (no queue hop), and one indexed read when that changed.
    public func registryVersion() async throws -> UInt64 {
        try checkOpen()
        return try probe.withLock { probe in
            guard let connection = probe.connection else { throw closedError() }
            var dataVersion: Int64 = 0
            try connection.query("PRAGMA data_version", [], operation: "probe data_version") { row in
                dataVersion = row.integer(0)
                return false
            }
            if dataVersion == probe.dataVersion, let version = probe.version { return version }
            let version = try SQLiteReadTransaction(connection: connection).schemaVersion()
            connection.counters = StorageStatistics()
            probe.dataVersion = dataVersion
            probe.version = version
            return version
        }
    }

    /// Refuses new calls, lets the reads and writes already queued finish, then closes the
    /// connections.
    public func close() async throws {
        guard groupCommit.refuseNewWrites(with: closedError()) else { return }
        // Each queue is serial: the work queued before these closures runs first. Work queued
        // after them (a call that passed `checkOpen` just before the storage began closing) finds
        // its connection's flag set and fails.
        try await readerQueue.run {
            self.state.withLock { $0.readerClosed = true }
            self.reader.close()
        }
        try await groupCommit.close {
            self.state.withLock { $0.writerClosed = true }
            self.writer.close()
        }
        probe.withLock { probe in
            probe.connection?.close()
            probe.connection = nil
        }
    }

    /// The work counters accumulated since the storage was opened.
    public var statistics: StorageStatistics {
        state.withLock { $0.statistics }
    }

    /// Runs `PRAGMA integrity_check` and throws unless SQLite answers `ok`.
    public func checkIntegrity() async throws {
        try checkOpen()
        let result = try await writerQueue.run {
            try self.checkOpen(\.writerClosed)
            return try self.writer.strings("PRAGMA integrity_check", operation: "integrity check")
        }
        guard result == ["ok"] else {
            throw AdminError(.storage, "integrity check failed: \(result.prefix(10).joined(separator: "; ")) (\(path.path))")
        }
    }

    private func closedError() -> AdminError {
        AdminError(.storage, "the SQLite storage at \(path.path) is closed")
    }

    /// Throws once the storage began closing.
    private func checkOpen() throws {
        if groupCommit.refusesWrites { throw closedError() }
    }

    /// Throws once the connection `flag` names is closed.
    private func checkOpen(_ flag: KeyPath<(readerClosed: Bool, writerClosed: Bool, statistics: StorageStatistics), Bool>) throws {
        if state.withLock({ $0[keyPath: flag] }) { throw closedError() }
    }

    /// How many writes wait for the next transaction (for tests).
    var waitingWrites: Int { groupCommit.waiting }

    /// `PRAGMA synchronous` of the writer connection (0 OFF, 1 NORMAL, 2 FULL), for tests.
    func synchronousSetting() async throws -> String? {
        try checkOpen()
        return try await writerQueue.run {
            try self.checkOpen(\.writerClosed)
            return try self.writer.strings("PRAGMA synchronous", operation: "read synchronous").first
        }
    }

    private func collect(_ connection: SQLiteConnection) {
        var counters = connection.counters
        connection.counters = StorageStatistics()
        counters.transactions += 1
        state.withLock { $0.statistics += counters }
    }
}

/// The connection of ``SQLiteStorage/registryVersion()`` and what it saw last.
private struct VersionProbe {
    var connection: SQLiteConnection?
    var dataVersion: Int64 = -1
    var version: UInt64?
}
