import AdminCore

extension LMDBStorage {
    /// How an ``LMDBStorage`` trades durability for speed, and how large its map may grow.
    public struct Options: Sendable, Hashable {
        /// How hard a commit waits for the disk.
        public enum Durability: String, Sendable, Hashable, CaseIterable {
            /// The default: every commit is flushed (data and meta page) before `write` returns, so
            /// it survives a crash of the process, the operating system or the machine.
            case durable
            /// `MDB_NOMETASYNC`: the meta page is flushed lazily. An OS crash or power loss may undo
            /// the last commit; the database stays consistent. A process crash loses nothing.
            case noMetaSync
            /// `MDB_NOSYNC`: nothing is flushed at commit. Fastest; a process crash loses nothing,
            /// but an OS crash or power loss may lose recent commits, and on file systems that do not
            /// preserve write order may corrupt the database.
            case noSync
        }

        /// The durability of each commit; ``Durability/durable`` by default.
        public var durability: Durability
        /// The map size to start with (bytes), rounded up to whole 4 KiB pages and clamped to
        /// ``maximumMapSize``. An existing environment whose recorded map size is larger keeps
        /// that size (it is never shrunk), a smaller one is raised to this size.
        public var initialMapSize: Int
        /// The largest map the storage grows to: when a write fills the map, the map doubles (up to
        /// this size) and the write is retried; a write that does not fit even then fails with a
        /// clear error and leaves the previous state intact.
        public var maximumMapSize: Int
        /// The largest number of concurrent read transactions.
        public var maximumReaders: Int
        /// How many registry versions the change log keeps (older entries are dropped as new ones
        /// are written); ``RegistryChange/defaultLogRetention`` by default.
        public var changeLogRetention: Int

        /// Creates options: durable commits, a 16 MiB map growing up to 16 GiB, 126 readers, and a
        /// change log of 10,000 versions.
        public init(
            durability: Durability = .durable, initialMapSize: Int = 16 << 20, maximumMapSize: Int = 16 << 30,
            maximumReaders: Int = 126, changeLogRetention: Int = RegistryChange.defaultLogRetention
        ) {
            self.durability = durability
            self.initialMapSize = initialMapSize
            self.maximumMapSize = maximumMapSize
            self.maximumReaders = maximumReaders
            self.changeLogRetention = max(changeLogRetention, 1)
        }
    }
}
