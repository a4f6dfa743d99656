import AdminCore

extension PostgresStorage {
    /// How a ``PostgresStorage`` uses its server.
    public struct Options: Sendable {
        /// How many registry versions the change log keeps (at least; up to twice as many).
        public var changeLogRetention: Int
        /// The most connections the pool opens (reads and writes; one more is kept for `LISTEN`).
        public var maximumConnections: Int
        /// How many times a write transaction runs when PostgreSQL reports a serialization
        /// failure or a deadlock (SQLSTATE 40001 / 40P01) before it fails.
        public var maximumWriteAttempts: Int
        /// How long opening a connection may take before it counts as failed.
        public var connectTimeout: Duration
        /// How long the storage waits between attempts to reach a database that went away.
        public var reconnectDelay: Duration
        /// The `LISTEN`/`NOTIFY` channel on which nodes announce the registry versions they commit.
        public var notificationChannel: String

        /// Creates options; the defaults suit a small cluster of admin nodes.
        public init(
            changeLogRetention: Int = RegistryChange.defaultLogRetention, maximumConnections: Int = 16, maximumWriteAttempts: Int = 5,
            connectTimeout: Duration = .seconds(5), reconnectDelay: Duration = .milliseconds(250),
            notificationChannel: String = "restate_admin_registry"
        ) {
            self.changeLogRetention = changeLogRetention
            self.maximumConnections = maximumConnections
            self.maximumWriteAttempts = maximumWriteAttempts
            self.connectTimeout = connectTimeout
            self.reconnectDelay = reconnectDelay
            self.notificationChannel = notificationChannel
        }
    }
}
