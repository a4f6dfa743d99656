import AdminCore
import Foundation
import Logging
import Metrics
import NIOCore
import PostgresNIO
import Synchronization

/// A ``Storage`` on a PostgreSQL server, shared by several admin nodes (restate-admin processes).
///
/// - **Layout**: the normalized, indexed layout of the SQLite backend, created by migrations
///   that are recorded in `admin_migrations` and run under an advisory lock (nodes that start
///   together migrate once).
/// - **Writes** run in `BEGIN … COMMIT` on a pooled connection (postgres-nio's `PostgresClient`)
///   and first lock the registry version's row (`SELECT … FOR UPDATE`): writers of every node
///   are serialized on it, so versions are gap-free and in commit order across nodes. A
///   serialization failure or a deadlock (SQLSTATE 40001 / 40P01, possible when the database's
///   default isolation is stricter than READ COMMITTED) runs the pure body again, up to
///   ``Options/maximumWriteAttempts`` times, then fails with an ``AdminError`` (`.unavailable`).
///   PostgreSQL groups concurrent commits itself; there is no group commit here.
/// - **Reads** run in `REPEATABLE READ, READ ONLY` transactions: one consistent snapshot each.
/// - **Other nodes' commits**: each commit that changes the registry sends `NOTIFY` with its
///   version (delivered when it commits); a dedicated connection `LISTEN`s and turns them into
///   ``commitAnnouncements()``. ``registryVersion()`` is one indexed read, so the in-memory
///   registry of every node can check it before each read: a read on one node sees every write
///   acknowledged by any node before it began.
/// - **Availability**: while the `LISTEN` connection cannot reach the database,
///   ``unavailability`` names the cause and every call fails at once with it (`.unavailable`,
///   HTTP 503); the storage reconnects by itself every ``Options/reconnectDelay``.
/// - Transactions run on threads of their own, blocking on their connection (see
///   ``PostgresSession``), because the `Storage` contract's reader and writer are synchronous.
public final class PostgresStorage: StorageStatisticsReporting, Sendable {
    /// Where the database is (its description hides the password).
    public let url: PostgresURL
    /// The options the storage was opened with.
    public let options: Options

    private let client: PostgresClient
    private let clientTask: Task<Void, Never>
    private let threads: BlockingPool
    private let logger: Logger
    private let commitDuration: Metrics.Timer
    private let state = Mutex(State())

    private struct State {
        var closed = false
        var inFlight = 0
        var unavailability: AdminError?
        var statistics = StorageStatistics()
        var announcements: [UInt64: AsyncStream<UInt64>.Continuation] = [:]
        var nextAnnouncementID: UInt64 = 0
        var monitor: Task<Void, Never>?
    }

    /// Connects to the database at `url` and applies the missing migrations.
    /// - Parameters:
    ///   - url: the database (see ``PostgresURL``).
    ///   - options: pool size, retries, change-log retention, reconnection.
    ///   - logger: where the storage and postgres-nio log (never the password).
    ///   - metrics: where commits are timed (`backend` `postgres`).
    /// - Throws: ``AdminError``: `.unavailable` when the database cannot be reached, `.storage`
    ///   when it is not a restate-admin database or has a newer layout.
    public init(
        url: PostgresURL, options: Options = Options(), logger: Logger = Logger(label: "restate-admin.postgres"),
        metrics: AdminMetrics = AdminMetrics()
    ) async throws {
        self.url = url
        self.options = options
        self.logger = logger
        let listening = try url.connectionConfiguration(options: options)
        let client = PostgresClient(configuration: try url.clientConfiguration(options: options), backgroundLogger: logger)
        self.client = client
        // `run()` must have started before the first lease (postgres-nio drops earlier ones): start it now.
        clientTask = Task.immediate { await client.run() }
        threads = BlockingPool(threads: options.maximumConnections)
        commitDuration = metrics.timer(AdminMetrics.commitDuration, [("backend", "postgres")])
        do {
            // On a connection of its own, not the pool's: a server that cannot be reached fails the
            // opening within `connectTimeout` (the pool would keep retrying).
            try await Self.migrate(with: listening, threads: threads, location: url.description, logger: logger)
        } catch {
            // Local copies, not `shutDownClient()`: a method call on `self` in this catch crashes
            // swiftc 6.3.1's optimizer (coroutine splitting of this initializer).
            let (task, pool) = (clientTask, threads)
            task.cancel()
            await task.value
            await pool.shutdown()
            throw error
        }
        let monitor = Task { [weak self] in
            guard let self else { return }
            await self.listen(with: listening)
        }
        state.withLock { $0.monitor = monitor }
    }

    deinit {
        clientTask.cancel()
        state.withLock { $0.monitor?.cancel() }
    }

    // MARK: - Storage

    /// Runs `body` in a `REPEATABLE READ, READ ONLY` transaction: one snapshot.
    /// A read whose connection turns out to be lost (the server restarted since the pool last
    /// used it) runs once more, on another connection: it changed nothing.
    public func read<T: Sendable>(_ body: @Sendable (any StorageReader) throws -> T) async throws -> T {
        do {
            return try await readOnce(body)
        } catch let error as AdminError where error.kind == .unavailable && unavailability == nil {
            return try await readOnce(body)
        }
    }

    private func readOnce<T: Sendable>(_ body: @Sendable (any StorageReader) throws -> T) async throws -> T {
        try await session(operation: "read") { session in
            try session.control("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", operation: "begin read")
            do {
                let result = try body(PostgresReadTransaction(session: session))
                try session.control("COMMIT", operation: "end read")
                return result
            } catch {
                if !session.sawConnectionFailure { try? session.control("ROLLBACK", operation: "end read") }
                throw error
            }
        }
    }

    /// Runs `body` in `BEGIN … COMMIT` after locking the registry version's row; returns once the
    /// transaction committed (and, when it set a new version, announced it with `NOTIFY`).
    public func write<T: Sendable>(_ body: @Sendable (any StorageWriter) throws -> T) async throws -> T {
        var attempt = 1
        while true {
            do {
                let start = ContinuousClock.now
                let result = try await session(operation: "write") { session in try self.runWrite(body, in: session) }
                commitDuration.record(duration: ContinuousClock.now - start)
                return result
            } catch let conflict as WriteConflict {
                guard attempt < options.maximumWriteAttempts else {
                    throw AdminError(
                        .unavailable,
                        "the write conflicted with concurrent writes \(attempt) times in a row (\(conflict.error)); "
                            + "nothing was changed, try again")
                }
                attempt += 1
                logger.debug("write conflict, running it again", metadata: ["attempt": "\(attempt)", "error": "\(conflict.error)"])
            }
        }
    }

    /// The registry version of the latest commit by any node: one indexed read on a pooled
    /// connection, without a transaction or a thread of its own.
    public func registryVersion() async throws -> UInt64 {
        let logger = logger
        return try await guarded(operation: "probe the registry version") {
            try await client.withConnection { connection in try await Self.storedVersion(on: connection, logger: logger) }
        }
    }

    /// Why the database cannot be used now (`.unavailable`, naming the cause), or `nil`.
    public var unavailability: AdminError? {
        state.withLock { $0.unavailability }
    }

    /// The registry versions announced by every node's commits (`LISTEN`), plus the stored
    /// version each time the listening connection (re)connects: notifications sent while it was
    /// away are not replayed.
    public func commitAnnouncements() -> AsyncStream<UInt64> {
        let (stream, continuation) = AsyncStream.makeStream(of: UInt64.self, bufferingPolicy: .bufferingNewest(64))
        let id: UInt64? = state.withLock { state in
            guard !state.closed else { return nil }
            state.nextAnnouncementID += 1
            state.announcements[state.nextAnnouncementID] = continuation
            return state.nextAnnouncementID
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.announcements.removeValue(forKey: id) }
        }
        return stream
    }

    /// Refuses new calls, waits for the ones running, then closes every connection.
    public func close() async throws {
        let monitor: Task<Void, Never>? = state.withLock { state in
            guard !state.closed else { return nil }
            state.closed = true
            for continuation in state.announcements.values {
                // Without its handler: `finish()` runs it at once, and it takes `state`, held here.
                continuation.onTermination = nil
                continuation.finish()
            }
            state.announcements = [:]
            return state.monitor
        }
        guard let monitor else { return }
        monitor.cancel()
        while state.withLock({ $0.inFlight }) > 0 {
            try? await Task.sleep(for: .milliseconds(5))
        }
        await monitor.value
        await shutDownClient()
    }

    /// The work counters accumulated since the storage was opened.
    public var statistics: StorageStatistics {
        state.withLock { $0.statistics }
    }

    // MARK: - Transactions

    /// A write transaction: lock, body, announce, commit; `WriteConflict` when it may run again.
    private func runWrite<T>(_ body: (any StorageWriter) throws -> T, in session: PostgresSession) throws -> T {
        try session.control("BEGIN", operation: "begin write")
        do {
            let locked = try PostgresReadTransaction.schemaVersion(session, forUpdate: true)
            let transaction = PostgresWriteTransaction(session: session, lockedVersion: locked, changeLogRetention: options.changeLogRetention)
            let result = try body(transaction)
            if transaction.version != locked {
                var binds = PostgresBindings()
                binds.append(options.notificationChannel)
                binds.append(String(transaction.version))
                try session.rows("SELECT pg_notify($1, $2)", binds, operation: "announce the new version")
            }
            try session.control("COMMIT", operation: "commit")
            return result
        } catch {
            if !session.sawConnectionFailure { try? session.control("ROLLBACK", operation: "roll back") }
            if session.sawRetryableFailure { throw WriteConflict(error: error) }
            throw error
        }
    }

    /// Leases a connection and runs `work` with it on a blocking thread; fails at once while the
    /// database is unavailable or the storage closed.
    private func session<T: Sendable>(operation: String, _ work: @Sendable (PostgresSession) throws -> T) async throws -> T {
        let location = url.description
        let logger = logger
        let threads = threads
        return try await guarded(operation: operation) {
            try await client.withConnection { connection in
                do {
                    return try await threads.run {
                        let session = PostgresSession(connection: connection, logger: logger, location: location)
                        defer {
                            var counters = session.counters
                            counters.transactions = 1
                            self.state.withLock { $0.statistics += counters }
                        }
                        return try work(session)
                    }
                } catch let error as AdminError where error.kind == .unavailable {
                    // The connection is lost: close it before the pool takes it back, so that the
                    // next lease gets a live one instead of failing the same way.
                    try? await connection.close()
                    throw error
                }
            }
        }
    }

    /// Runs `work` unless the storage is closed or the database unavailable (then it fails at
    /// once), counting it as in flight for ``close()``, and reports postgres-nio's errors as
    /// ``AdminError``s (a transaction body's own errors pass unchanged).
    private func guarded<T: Sendable>(operation: String, _ work: () async throws -> T) async throws -> T {
        try state.withLock { state in
            if state.closed { throw AdminError(.storage, "the PostgreSQL storage \(url) is closed") }
            if let unavailability = state.unavailability { throw unavailability }
            state.inFlight += 1
        }
        defer { state.withLock { $0.inFlight -= 1 } }
        do {
            return try await work()
        } catch  where PostgresFailure.isClientError(error) {
            throw PostgresFailure(error).adminError(operation: operation, location: url.description)
        }
    }

    private func shutDownClient() async {
        clientTask.cancel()
        await clientTask.value
        await threads.shutdown()
    }

    // MARK: - Listening

    /// Keeps one connection listening for announcements; while it cannot, the storage is
    /// unavailable. Runs until the storage closes.
    private func listen(with configuration: PostgresConnection.Configuration) async {
        var connectionID = 0
        while !Task.isCancelled {
            connectionID += 1
            var connection: PostgresConnection?
            do {
                let listening = try await PostgresConnection.connect(configuration: configuration, id: connectionID, logger: logger)
                connection = listening
                try await listening.listen(on: options.notificationChannel) { notifications in
                    // Listening now: every commit from here on is announced; the ones before are in the stored version.
                    let version = try await Self.storedVersion(on: listening, logger: logger)
                    self.becameAvailable()
                    self.announce(version)
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            for try await notification in notifications {
                                if let version = UInt64(notification.payload) { self.announce(version) }
                            }
                        }
                        group.addTask { try await listening.closeFuture.get() }
                        // Whichever ends first (the storage closing, or the connection), close the
                        // connection so that the other child ends too: `closeFuture` ignores cancellation.
                        defer { group.cancelAll() }
                        do { _ = try await group.next() } catch {
                            try? await listening.close()
                            throw error
                        }
                        try? await listening.close()
                    }
                }
                if !Task.isCancelled { becameUnavailable("the server closed the connection") }
            } catch {
                if !Task.isCancelled { becameUnavailable(PostgresFailure(error).summary) }
            }
            try? await connection?.close()
            try? await Task.sleep(for: options.reconnectDelay)
        }
    }

    /// Connects once, applies the missing migrations, and disconnects.
    private static func migrate(
        with configuration: PostgresConnection.Configuration, threads: BlockingPool, location: String, logger: Logger
    ) async throws {
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
        } catch {
            throw PostgresFailure(error).adminError(operation: "connect", location: location)
        }
        do {
            try await threads.run {
                try PostgresMigrator.migrate(PostgresSession(connection: connection, logger: logger, location: location))
            }
        } catch {
            try? await connection.close()
            throw error
        }
        try? await connection.close()
    }

    private static func storedVersion(on connection: PostgresConnection, logger: Logger) async throws -> UInt64 {
        let rows = try await connection.query("SELECT value FROM admin_meta WHERE key = 'schema_version'", logger: logger)
        for try await value in rows.decode(Int64.self) { return UInt64(bitPattern: value) }
        return 0
    }

    private func becameAvailable() {
        let wasUnavailable = state.withLock { state in
            defer { state.unavailability = nil }
            return state.unavailability != nil
        }
        if wasUnavailable { logger.notice("PostgreSQL is reachable again", metadata: ["database": "\(url)"]) }
    }

    private func becameUnavailable(_ cause: String) {
        let error = AdminError(.unavailable, "the PostgreSQL database \(url) is unavailable: \(cause)")
        let wasAvailable = state.withLock { state in
            defer { state.unavailability = error }
            return state.unavailability == nil && !state.closed
        }
        if wasAvailable { logger.error("PostgreSQL is unreachable; answering 503 until it is back", metadata: ["cause": "\(cause)"]) }
    }

    private func announce(_ version: UInt64) {
        state.withLock { state in
            for continuation in state.announcements.values { continuation.yield(version) }
        }
    }
}

/// A write that failed with SQLSTATE 40001 or 40P01 and may run again.
private struct WriteConflict: Error {
    let error: any Error
}
