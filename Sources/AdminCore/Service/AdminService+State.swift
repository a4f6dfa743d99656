/// Service state (POST /services/{service}/state, BEHAVIOR.md §5.3), through the
/// ``ServiceStateStore``.
extension AdminService {
    /// Replaces the whole state of one virtual object or workflow instance.
    ///
    /// The service is checked against the registry (``StateRules/checkTarget(service:type:newState:)``),
    /// then the store checks the version and writes.
    /// - Parameters:
    ///   - service: the service name.
    ///   - key: the object key (not validated).
    ///   - newState: the new state; keys not in it are deleted.
    ///   - version: an optional precondition on the current state's version.
    /// - Throws: `.notFound`, `.invalidArgument` for plain services, `.staleVersion` on a version mismatch.
    public func modifyServiceState(service: String, key: String, newState: [String: [UInt8]], version: String?) async throws {
        let type = try await snapshot().latestServiceRevision(of: service)?.revision.ty
        try StateRules.checkTarget(service: service, type: type, newState: newState)
        try await state.replaceState(service: service, key: key, with: newState, expectedVersion: version)
    }

    /// The state of one object (empty when it has none), with its version.
    public func serviceState(service: String, key: String) async throws -> VersionedState {
        try await state.state(service: service, key: key)
    }
}
