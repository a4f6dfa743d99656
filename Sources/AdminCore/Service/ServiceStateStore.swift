/// Where the state of virtual objects and workflows lives, as the Admin API and a host runtime
/// see it.
///
/// `POST /services/{service}/state` reaches ``replaceState(service:key:with:expectedVersion:)``
/// after ``AdminService`` checked the service (it must exist and not be a plain service). The
/// store owns the version check: it compares `expectedVersion` with
/// ``StateRules/version(of:)`` of the current state and replaces the state in the same atomic
/// step, so two writers holding one version cannot both succeed. A host runtime that keeps state
/// itself implements this protocol; one that keeps it in the admin's ``Storage`` uses
/// ``StorageServiceStateStore`` and reads and writes through it, with the same semantics.
public protocol ServiceStateStore: Sendable {
    /// The whole state of one object, with its version.
    /// - Parameters:
    ///   - service: the service name.
    ///   - key: the object key.
    func state(service: String, key: String) async throws -> VersionedState

    /// Replaces the whole state of one object: keys not in `newState` are deleted.
    /// - Parameters:
    ///   - service: the service name.
    ///   - key: the object key.
    ///   - newState: the new state.
    ///   - expectedVersion: when set, the write happens only if the current state's version is
    ///     this one.
    /// - Throws: ``AdminError`` `.staleVersion` ("Conflict: …", `409`) when the version differs,
    ///   which ``StateRules/checkVersion(_:current:)`` produces; nothing is changed then.
    func replaceState(service: String, key: String, with newState: [String: [UInt8]], expectedVersion: String?) async throws
}

/// The state of one object and its version (``StateRules/version(of:)``).
public struct VersionedState: Sendable, Hashable {
    /// The state's entries: key to value bytes.
    public var entries: [String: [UInt8]]
    /// The version a write passes as `expectedVersion` to replace exactly this state.
    public var version: String

    /// Wraps `entries` with their version.
    public init(_ entries: [String: [UInt8]]) {
        self.entries = entries
        self.version = StateRules.version(of: entries)
    }
}

/// The state store of an admin without a host runtime: the state lives in the ``Storage``,
/// and the version check and the write run in one write transaction.
public struct StorageServiceStateStore: ServiceStateStore {
    /// The store holding the state.
    public let storage: any Storage

    /// Keeps the state in `storage`.
    public init(storage: any Storage) { self.storage = storage }

    /// The state in storage.
    public func state(service: String, key: String) async throws -> VersionedState {
        VersionedState(try await storage.read { try $0.serviceState(service: service, key: key) })
    }

    /// Checks the version and writes, in one transaction.
    public func replaceState(service: String, key: String, with newState: [String: [UInt8]], expectedVersion: String?) async throws {
        try await storage.write { writer in
            try StateRules.checkVersion(expectedVersion, current: try writer.serviceState(service: service, key: key))
            try writer.setServiceState(service: service, key: key, state: newState)
        }
    }
}
