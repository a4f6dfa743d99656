/// Exports everything a ``Storage`` holds as a ``RegistryDump``.
public enum StorageDump {
    /// Reads the whole store in one read transaction, so the dump is one consistent snapshot
    /// (with SQLite, also while a server writes to the same file).
    /// - Parameter storage: the store to read.
    /// - Returns: the dump, at the current ``RegistryDump/currentVersion``.
    /// - Throws: the storage's errors.
    public static func export(from storage: any Storage) async throws -> RegistryDump {
        try await storage.read { try RegistryDump(reading: $0) }
    }
}
