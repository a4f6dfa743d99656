import AdminCore
import Foundation
import Synchronization

/// A durable ``Storage`` in an LMDB environment (the system liblmdb) in one data directory.
///
/// - Writes run one at a time on a dedicated serial queue (LMDB write transactions are bound to the
///   thread that began them); they commit when the body returns and abort when it throws. Writes
///   that queue up while a transaction commits share the next commit (group commit).
/// - Reads run concurrently on their own queue in read-only transactions (`MDB_NOTLS`), each on
///   one committed snapshot.
/// - When a write fills the map, the map doubles up to ``Options/maximumMapSize`` and the write
///   body runs again (write bodies are pure, per ``Storage``).
/// - Opening clears stale reader slots (`mdb_reader_check`), refuses a directory that holds a
///   foreign or corrupt environment, refuses a format newer than this build knows, and takes an
///   exclusive lock on `admin.lock`, so a second process gets a clear error.
public final class LMDBStorage: StorageStatisticsReporting, @unchecked Sendable {
    /// The newest on-disk format this build reads and writes.
    public static let formatVersion: UInt32 = 3

    // `environment` is opened and closed on `writerQueue`; read transactions use it concurrently
    // (LMDB allows this), except while `gate` holds them off for a map resize or close.
    private let environment: LMDBEnvironment
    private let lock: DirectoryLock
    private let writerQueue = DedicatedQueue(label: "restate-admin.lmdb.writer")
    // Every write goes through it; set once in `init`, after every other property (its engine's
    // closures capture `self`). Once it refuses writes, the storage is closing: reads are refused too.
    private var groupCommit: GroupCommit<LMDBCommitEngine>!
    /// The engine under `groupCommit` (tests check its primitives directly).
    private(set) var commitEngine: LMDBCommitEngine!
    private let readerQueue = DedicatedQueue(label: "restate-admin.lmdb.reader", concurrent: true)
    private let gate = LMDBReaderGate()
    // `environmentClosed`: the environment is gone (set on the
    // writer queue).
    private let state = Mutex<(environmentClosed: Bool, statistics: StorageStatistics, mapSize: Int)>((false, StorageStatistics(), 0))
    private let keys: LMDBKeys

    /// The data directory.
    public let directory: URL
    /// The options the storage was opened with.
    public let options: Options

    /// Opens (creating when missing) the environment in `directory`.
    /// - Parameters:
    ///   - directory: the data directory.
    ///   - options: durability and limits.
    ///   - metrics: where commits are timed and their group sizes recorded (`backend` `lmdb`).
    /// - Throws: ``AdminError`` (`.storage`) naming the file when the directory is in use by another
    ///   process, holds a foreign or corrupt file, or has a newer on-disk format.
    public convenience init(directory: URL, options: Options = Options(), metrics: AdminMetrics = AdminMetrics()) throws(AdminError) {
        try self.init(directory: directory, options: options, keys: LMDBKeys(), metrics: metrics)
    }

    /// Opens the environment with `keys` (tests pass a hash mask that makes long names collide).
    init(directory: URL, options: Options, keys: LMDBKeys, metrics: AdminMetrics = AdminMetrics()) throws(AdminError) {
        self.directory = directory
        self.options = options
        self.keys = keys
        let path = directory.path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw AdminError(.storage, "\(path) is a file, not an LMDB data directory") }
        } else {
            do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
                throw AdminError(.storage, "cannot create the LMDB data directory \(path): \(error.localizedDescription)")
            }
        }
        lock = try DirectoryLock(directory: path)
        do throws(AdminError) {
            let page = 4096
            let initial = (max(min(options.initialMapSize, options.maximumMapSize), page) + page - 1) / page * page
            environment = try LMDBEnvironment(
                directory: path, mapSize: initial, maxReaders: options.maximumReaders,
                noSync: options.durability == .noSync, noMetaSync: options.durability == .noMetaSync
            )
        } catch {
            lock.release()
            throw error
        }
        do throws(AdminError) {
            try writerQueue.sync { () throws(AdminError) in try self.prepare() }
        } catch {
            // Every property is set, so `deinit` runs after this throw: mark closed so it does
            // not close the environment a second time.
            state.withLock { $0.environmentClosed = true }
            environment.close()
            lock.release()
            throw error
        }
        let mapSize = environment.mapSize
        state.withLock { $0.mapSize = mapSize }
        let engine = LMDBCommitEngine(
            environment: environment, keys: keys, changeLogRetention: options.changeLogRetention,
            grow: { [unowned self] in try self.growMap() },
            collect: { [unowned self] counters in self.collect(counters) }
        )
        commitEngine = engine
        groupCommit = GroupCommit(queue: writerQueue, engine: engine, metrics: metrics, backend: "lmdb")
    }

    deinit {
        if !state.withLock({ $0.environmentClosed }) {
            environment.close()
            lock.release()
        }
    }

    /// Runs `body` in a read-only transaction on one committed snapshot.
    public func read<T: Sendable>(_ body: @Sendable (any StorageReader) throws -> T) async throws -> T {
        // Counted before the check: a close that begins after the check waits for this read.
        gate.accept()
        defer { gate.finish() }
        try checkOpen()
        return try await readerQueue.run {
            guard self.gate.enterReader() else { throw self.closedError() }
            defer { self.gate.leaveReader() }
            let txn = try self.environment.begin(readOnly: true)
            defer {
                txn.abort()
                self.collect(txn.counters)
            }
            return try body(LMDBReadTransaction(txn: txn, file: self.environment.dataFile, keys: self.keys))
        }
    }

    /// The registry version of the latest commit: one read transaction on the calling thread
    /// (LMDB's readers are cheap and need no queue hop).
    public func registryVersion() async throws -> UInt64 {
        gate.accept()
        defer { gate.finish() }
        try checkOpen()
        guard gate.enterReader() else { throw closedError() }
        defer { gate.leaveReader() }
        let txn = try environment.begin(readOnly: true)
        defer { txn.abort() }
        return try LMDBReadTransaction(txn: txn, file: environment.dataFile, keys: keys).schemaVersion()
    }

    /// Runs `body` in a write transaction on the writer queue and returns once it committed;
    /// aborts its own changes when it throws; grows the map and runs `body` again when the map is
    /// full.
    ///
    /// Writes that arrive while another transaction commits share the next one (group commit, see
    /// ``GroupCommit``): each runs in its own nested transaction, in arrival order, and one commit
    /// makes them all durable.
    public func write<T: Sendable>(_ body: @Sendable (any StorageWriter) throws -> T) async throws -> T {
        try await groupCommit.submit(body)
    }

    /// Refuses new calls, lets the reads and writes already accepted finish, then closes the
    /// environment and releases the directory lock.
    public func close() async throws {
        guard groupCommit.refuseNewWrites(with: closedError()) else { return }
        try await groupCommit.close {
            // The writes queued earlier have run (the queue is serial); wait for the reads.
            self.gate.waitForAcceptedReads()
            self.state.withLock { $0.environmentClosed = true }
            self.gate.enterExclusive()
            self.gate.leaveExclusive(closing: true)
            self.environment.close()
            self.lock.release()
        }
    }

    /// The work counters accumulated since the storage was opened.
    public var statistics: StorageStatistics { state.withLock { $0.statistics } }

    /// The current map size in bytes.
    public var mapSize: Int { state.withLock { $0.mapSize } }

    /// How many writes wait for the next transaction (for tests).
    var waitingWrites: Int { groupCommit.waiting }

    /// Whether the open environment runs with `MDB_NOSYNC` and `MDB_NOMETASYNC` (for tests).
    func environmentSyncFlags() async throws -> (noSync: Bool, noMetaSync: Bool) {
        try checkOpen()
        return try await writerQueue.run {
            try self.checkEnvironmentOpen()
            let flags = self.environment.syncFlags
            return (flags.noSync, flags.noMetaSync)
        }
    }

    /// Reads every record of every database, decodes it, and checks that the identity and
    /// revision indexes match the deployments; throws on the first problem.
    public func checkIntegrity() async throws {
        try await read { reader in
            try (reader as? LMDBReadTransaction).map(LMDBIntegrity.check)
        }
    }

    // MARK: - Private

    /// Checks ownership and format, creates the named databases and the format record.
    private func prepare() throws(AdminError) {
        let file = environment.dataFile
        guard try environment.isOurs() != false else {
            throw AdminError(.storage, "\(file) is an LMDB environment that restate-admin did not create; refusing to open or modify it")
        }
        try environment.openTables()
        let txn = try environment.begin(readOnly: false)
        defer { txn.abort() }
        if let bytes = try txn.get(.meta, LMDBKeys.formatVersion) {
            let format = LMDBKeys.integer(UInt32.self, bytes) ?? UInt32.max
            guard format <= Self.formatVersion else {
                throw AdminError(
                    .storage,
                    "\(file) has on-disk format version \(format), newer than this build knows (format version "
                        + "\(Self.formatVersion)); upgrade restate-admin to open it"
                )
            }
            if format == Self.formatVersion { return }
            // Format 3 indexes the unfinished invocations pinned to each deployment.
            if format < 3 {
                let writer = LMDBWriteTransaction(txn: txn, file: file, keys: keys, changeLogRetention: options.changeLogRetention)
                do { try writer.indexPinnedInvocations() } catch let error as AdminError { throw error } catch {
                    throw AdminError(.storage, "cannot index the pinned invocations of \(file): \(error)")
                }
            }
        }
        try txn.put(.meta, LMDBKeys.formatVersion, LMDBKeys.bigEndian(Self.formatVersion))
        try txn.commit()
    }

    private func growMap() throws(AdminError) {
        let current = environment.mapSize
        guard current < options.maximumMapSize else {
            throw AdminError(
                .storage,
                "the LMDB map is full at its configured maximum of \(options.maximumMapSize) bytes (maximumMapSize); "
                    + "the write was rolled back (\(environment.dataFile))"
            )
        }
        let next = min(current * 2, options.maximumMapSize)
        gate.enterExclusive()
        defer { gate.leaveExclusive() }
        try environment.setMapSize(next)
        let size = environment.mapSize
        state.withLock { $0.mapSize = size }
    }

    private func checkOpen() throws {
        if groupCommit.refusesWrites { throw closedError() }
    }

    private func checkEnvironmentOpen() throws {
        if state.withLock({ $0.environmentClosed }) { throw closedError() }
    }

    private func closedError() -> AdminError {
        AdminError(.storage, "the LMDB storage at \(directory.path) is closed")
    }

    private func collect(_ counters: StorageStatistics) {
        var counters = counters
        counters.transactions = 1
        state.withLock { $0.statistics += counters }
    }
}
