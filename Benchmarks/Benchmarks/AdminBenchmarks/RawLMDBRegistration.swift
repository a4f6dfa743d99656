import AdminCore

/// One registration's keys and values (``RegistrationBytes``) written straight through LMDB's C
/// API in one durable transaction, into the named databases `LMDBStorage` uses: the same keys,
/// the same bytes, without the backend (no group commit, nested transactions, reads or
/// change-log compaction).
final class RawLMDBRegistration: @unchecked Sendable {
    private let env: RawLMDB
    private let bytes: RegistrationBytes
    private var version: UInt64

    /// Creates the environment in the existing directory `directory`.
    init(directory: String, bytes: RegistrationBytes) throws {
        env = try RawLMDB(directory: directory, tables: ["meta", "deployments", "identity", "revisions", "latest", "changes"])
        self.bytes = bytes
        version = bytes.version
    }

    /// Writes one registration's keys, for a new deployment id, and commits (synced).
    func write() throws {
        let id = Array(DeploymentID.generate().description.utf8)
        version += 1
        try env.write { txn in
            try txn.put("deployments", id, bytes.lmdbDeployment.with(id))
            try txn.put("identity", bytes.lmdbIdentityKey.with(id), bytes.identityKey)
            for revision in bytes.revisions { try txn.put("revisions", revision.lmdbKey.with(id), revision.lmdbValue) }
            for latest in bytes.latest { try txn.put("latest", latest.lmdbKey, latest.lmdbValue.with(id)) }
            try txn.put("meta", Array("schema_version".utf8), RegistrationBytes.bigEndian(version))
            try txn.put("changes", RegistrationBytes.bigEndian(version), bytes.change.with(id))
        }
    }

    /// Closes the environment.
    func close() { env.close() }
}
