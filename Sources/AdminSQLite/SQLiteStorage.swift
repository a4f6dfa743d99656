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
    // Set once in `init`, after every other property (its closure captures `self`).
    private var groupCommit: GroupCommit!
    private let readerQueue: DedicatedQueue
    // `closed`: new calls are refused. `readerClosed` / `writerClosed`: that connection is gone
    // (set on its queue by `close()`, after the work queued before it).
    private let state = Mutex<(closed: Bool, readerClosed: Bool, writerClosed: Bool, statistics: StorageStatistics)>(
        (false, false, false, StorageStatistics())
    )

    /// The database file.
    public let path: URL
    /// The options the storage was opened with.
    public let options: Options

    /// Opens the database at `path`, creating it (and migrating it) when needed.
    /// - Throws: ``AdminError`` (`.storage`) naming the file when it cannot be opened, is not a
    ///   restate-admin database, or has a newer on-disk format.
    public init(path: URL, options: Options = Options()) throws(AdminError) {
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
        do throws(AdminError) {
            reader = try SQLiteConnection(path: file, busyTimeoutMilliseconds: options.busyTimeoutMilliseconds)
            try reader.execute("PRAGMA query_only = 1", operation: "open reader")
        } catch {
            writer.close()
            throw error
        }
        self.writer = writer
        self.reader = reader
        groupCommit = GroupCommit(queue: writerQueue) { [unowned self] batch in self.commit(batch) }
    }

    deinit {
        let (readerClosed, writerClosed) = state.withLock { ($0.readerClosed, $0.writerClosed) }
        if !writerClosed { writer.close() }
        if !readerClosed { reader.close() }
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
        try checkOpen()
        return try await groupCommit.submit(body)
    }

    /// Runs one batch of writes on the writer queue, in one transaction unless SQLite abandons it
    /// (then the writes that had succeeded run again in a new one), and completes each write.
    private func commit(_ batch: [any PendingWrite]) {
        if state.withLock({ $0.writerClosed }) {
            for write in batch { write.complete(overridingWith: closedError()) }
            return
        }
        let connection = writer
        var remaining = batch[...]
        // Failed writes are answered last, once the batch is settled; the counters are collected
        // before any caller resumes, so a caller that reads `statistics` sees its write's work.
        var failed: [(write: any PendingWrite, error: (any Error)?)] = []
        defer { for (write, error) in failed { write.complete(overridingWith: error) } }
        while !remaining.isEmpty {
            do {
                try connection.execute("BEGIN IMMEDIATE", operation: "begin write")
            } catch {
                collect(connection)
                for write in remaining { write.complete(overridingWith: error) }
                return
            }
            var succeeded: [any PendingWrite] = []
            var abandoned = false
            for (offset, write) in zip(remaining.indices, remaining) {
                var ok = false
                var stepError: (any Error)?
                do {
                    try connection.execute("SAVEPOINT admin_write", operation: "begin write")
                    ok = write.run(SQLiteWriteTransaction(connection: connection))
                    if ok {
                        try connection.execute("RELEASE admin_write", operation: "end write")
                    } else if !connection.isAutocommit {
                        try connection.execute("ROLLBACK TO admin_write; RELEASE admin_write", operation: "roll back write")
                    }
                } catch {
                    // A savepoint that cannot be ended would carry this write into the commit:
                    // end the whole transaction instead.
                    ok = false
                    stepError = error
                    if !connection.isAutocommit { try? connection.execute("ROLLBACK", operation: "roll back batch") }
                }
                if ok {
                    succeeded.append(write)
                    continue
                }
                failed.append((write, stepError))
                if connection.isAutocommit {
                    // The transaction is gone: run the writes that had succeeded in it again.
                    remaining = (succeeded + remaining[(offset + 1)...])[...]
                    abandoned = true
                    break
                }
            }
            if abandoned {
                collect(connection)
                continue
            }
            var failure: (any Error)?
            do {
                try connection.execute("COMMIT", operation: "commit")
            } catch {
                if !connection.isAutocommit { try? connection.execute("ROLLBACK", operation: "rollback") }
                failure = error
            }
            collect(connection)
            for write in succeeded { write.complete(overridingWith: failure) }
            return
        }
    }

    /// Refuses new calls, lets the reads and writes already queued finish, then closes both
    /// connections.
    public func close() async throws {
        let wasClosed = state.withLock { state in
            defer { state.closed = true }
            return state.closed
        }
        guard !wasClosed else { return }
        // Each queue is serial: the work queued before these closures runs first. Work queued
        // after them (a call that passed `checkOpen` just before `closed` was set) finds
        // its connection's flag set and fails.
        try await readerQueue.run {
            self.state.withLock { $0.readerClosed = true }
            self.reader.close()
        }
        try await writerQueue.run {
            self.state.withLock { $0.writerClosed = true }
            self.writer.close()
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

    /// Throws unless the storage accepts calls (or, with `flag`, unless that connection is open).
    private func checkOpen(_ flag: KeyPath<(closed: Bool, readerClosed: Bool, writerClosed: Bool, statistics: StorageStatistics), Bool> = \.closed) throws {
        if state.withLock({ $0[keyPath: flag] }) {
            throw closedError()
        }
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
