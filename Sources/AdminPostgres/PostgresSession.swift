import AdminCore
import Logging
import NIOConcurrencyHelpers
import NIOCore
import PostgresNIO
import _ConnectionPoolModule  // ConnectionPoolError, the pool's failures

/// One leased connection, used synchronously from a blocking thread (never from the Swift
/// cooperative pool or an event loop): each statement waits for its rows.
///
/// The `Storage` contract hands rule bodies a synchronous reader and writer, while postgres-nio is
/// asynchronous. ``PostgresStorage`` therefore runs each transaction on a thread of its own
/// (`DedicatedQueue`) and lets it block on the connection's futures, so the rules stay pure and
/// synchronous and a transaction holds its connection only while it runs.
final class PostgresSession: @unchecked Sendable {
    // Used from one thread at a time: the transaction's.
    let connection: PostgresConnection
    let logger: Logger
    /// The database, for messages (the password is never shown).
    let location: String
    /// What this session's statements did (rows read and written, statements run).
    var counters = StorageStatistics()
    /// Set when a statement failed with a serialization failure or a deadlock: the transaction
    /// may run again, whatever its body did with the error.
    private(set) var sawRetryableFailure = false
    /// Set when a statement failed because the connection or the server went away.
    private(set) var sawConnectionFailure = false

    init(connection: PostgresConnection, logger: Logger, location: String) {
        self.connection = connection
        self.logger = logger
        self.location = location
    }

    /// Runs one statement and returns its rows.
    @discardableResult
    func rows(_ sql: String, _ binds: PostgresBindings = PostgresBindings(), operation: String) throws(AdminError) -> [PostgresRow] {
        counters.engineSteps += 1
        do {
            let result = try answer(to: PostgresQuery(unsafeSQL: sql, binds: binds)).wait()
            counters.recordsRead += result.rows.count
            return result.rows
        } catch {
            let failure = PostgresFailure(error)
            if failure.isRetryable { sawRetryableFailure = true }
            if failure.isConnectionLoss { sawConnectionFailure = true }
            throw failure.adminError(operation: operation, location: location)
        }
    }

    /// The answer to `query`, or ``ConnectionLost`` once the connection closes: postgres-nio drops
    /// a query written to a connection the server already closed, and its future would never
    /// complete (a transaction would then hold its thread, and the storage's close would wait,
    /// forever).
    private func answer(to query: PostgresQuery) -> EventLoopFuture<PostgresQueryResult> {
        guard !connection.isClosed else { return connection.eventLoop.makeFailedFuture(ConnectionLost()) }
        let promise = connection.eventLoop.makePromise(of: PostgresQueryResult.self)
        let settled = NIOLockedValueBox(false)
        let settle: @Sendable (Result<PostgresQueryResult, any Error>) -> Void = { result in
            let first = settled.withLockedValue { settled in
                defer { settled = true }
                return !settled
            }
            if first { promise.completeWith(result) }
        }
        connection.query(query, logger: logger).whenComplete(settle)
        connection.closeFuture.whenComplete { _ in settle(.failure(ConnectionLost())) }
        return promise.futureResult
    }

    /// Runs a transaction-control statement (`BEGIN`, `COMMIT`, `ROLLBACK`): not counted as a
    /// record read or written.
    func control(_ sql: String, operation: String) throws(AdminError) {
        try rows(sql, operation: operation)
    }

    /// Runs one statement that changes rows.
    func run(_ sql: String, _ binds: PostgresBindings = PostgresBindings(), operation: String) throws(AdminError) {
        try rows(sql, binds, operation: operation)
        counters.recordsWritten += 1
    }

    /// Decodes one column of `row`.
    func column<T: PostgresDecodable>(_ row: PostgresRow, _ index: Int, as type: T.Type, operation: String) throws(AdminError) -> T {
        do {
            let cells = row.makeRandomAccess()
            guard index < cells.count else { throw AdminError(.storage, "missing column \(index) (\(operation), \(location))") }
            return try cells[index].decode(T.self)
        } catch let error as AdminError {
            throw error
        } catch {
            throw AdminError(.storage, "cannot decode column \(index) as \(T.self): \(error) (\(operation), \(location))")
        }
    }

    /// Decodes a `bytea` column into bytes.
    func bytes(_ row: PostgresRow, _ index: Int, operation: String) throws(AdminError) -> [UInt8] {
        let buffer = try column(row, index, as: ByteBuffer.self, operation: operation)
        return Array(buffer.readableBytesView)
    }
}

/// The connection closed before the server answered a statement.
struct ConnectionLost: Error, CustomStringConvertible {
    var description: String { "the connection closed before the server answered" }
}

/// What a postgres-nio error means for the storage.
struct PostgresFailure {
    let error: any Error

    init(_ error: any Error) { self.error = error }

    /// Whether `error` comes from postgres-nio, its pool or the network (not from a transaction's body).
    static func isClientError(_ error: any Error) -> Bool {
        error is PSQLError || error is ConnectionLost || error is IOError || error is ChannelError || error is ConnectionPoolError
    }

    /// The SQLSTATE the server sent, if it sent one.
    var sqlState: String? { (error as? PSQLError)?.serverInfo?[.sqlState] }

    /// A serialization failure (40001) or a deadlock (40P01): running the transaction again may succeed.
    var isRetryable: Bool { sqlState == "40001" || sqlState == "40P01" }

    /// The connection or the server went away: the server cannot be used right now.
    var isConnectionLoss: Bool {
        if let state = sqlState {
            // Class 08 (connection exception), 57P01–57P03 (shutting down, cannot connect now), 53300 (too many connections).
            return state.hasPrefix("08") || ["57P01", "57P02", "57P03", "53300"].contains(state)
        }
        if let error = error as? PSQLError {
            return [.serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown, .poolClosed, .sslUnsupported]
                .contains(error.code)
        }
        // The pool gives up on a server it could not reach (its circuit breaker).
        return error is ConnectionLost || error is IOError || error is ChannelError || error is ConnectionPoolError
    }

    /// The server's message, or a description of the client-side failure.
    var summary: String {
        if let error = error as? PSQLError {
            if let info = error.serverInfo {
                let message = info[.message] ?? "error"
                let detail = info[.detail].map { " (\($0))" } ?? ""
                return "\(message)\(detail) [SQLSTATE \(info[.sqlState] ?? "?")]"
            }
            if let underlying = error.underlying { return "\(error.code): \(underlying)" }
            return "\(error.code)"
        }
        return "\(error)"
    }

    /// The ``AdminError`` to report: `.unavailable` when the server cannot be reached, `.storage` otherwise.
    func adminError(operation: String, location: String) -> AdminError {
        if isConnectionLoss {
            return AdminError(.unavailable, "the PostgreSQL database \(location) is unavailable: \(summary) (\(operation))")
        }
        return AdminError(.storage, "PostgreSQL: \(summary) (\(operation), \(location))")
    }
}
