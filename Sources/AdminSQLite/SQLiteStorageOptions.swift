import AdminCore

extension SQLiteStorage {
    /// How an ``SQLiteStorage`` trades durability for speed, and its limits.
    public struct Options: Sendable, Hashable {
        /// How hard a commit waits for the disk (SQLite's `PRAGMA synchronous`, in WAL mode).
        public enum Synchronous: String, Sendable, Hashable, CaseIterable {
            /// `FULL` (the default): the WAL is synced on every commit, so a commit that returned
            /// survives a crash of the process, the operating system or the machine. On Apple
            /// platforms it also turns on `fullfsync`, since plain `fsync` there stops at the
            /// drive's cache.
            case full = "FULL"
            /// `NORMAL`: the WAL is synced only at checkpoints. Commits are faster; the database
            /// stays consistent, and a process crash loses nothing, but a power loss or an OS crash
            /// may roll back the most recent commits even though `write` returned.
            case normal = "NORMAL"
        }

        /// The durability of each commit; ``Synchronous/full`` by default.
        public var synchronous: Synchronous
        /// How long a transaction waits for a lock held by another connection or process before
        /// failing with "database is locked".
        public var busyTimeout: Duration
        /// A cap on the database size in pages (`PRAGMA max_page_count`); `nil` for SQLite's default.
        /// A write that would grow past it fails with "database or disk is full" and leaves the
        /// previous state intact.
        public var maximumPageCount: Int?
        /// How many registry versions the change log keeps (older entries are dropped as new ones
        /// are written); ``RegistryChange/defaultLogRetention`` by default.
        public var changeLogRetention: Int

        /// Creates options: full durability, a 5 s busy timeout, no size cap and a change log of
        /// 10,000 versions by default.
        public init(
            synchronous: Synchronous = .full, busyTimeout: Duration = .seconds(5), maximumPageCount: Int? = nil,
            changeLogRetention: Int = RegistryChange.defaultLogRetention
        ) {
            self.synchronous = synchronous
            self.busyTimeout = busyTimeout
            self.maximumPageCount = maximumPageCount
            self.changeLogRetention = max(changeLogRetention, 1)
        }

        var busyTimeoutMilliseconds: Int32 {
            let (seconds, attoseconds) = busyTimeout.components
            return Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000)
        }
    }
}
