/// Service state (POST /services/{service}/state, BEHAVIOR.md §5.3).
extension AdminService {
    /// Replaces the whole state of one virtual object or workflow instance.
    /// - Parameters:
    ///   - service: the service name.
    ///   - key: the object key (not validated).
    ///   - newState: the new state; keys not in it are deleted.
    ///   - version: an optional precondition on the current state's version.
    /// - Throws: `.notFound`, `.invalidArgument` for plain services, `.staleVersion` on a version mismatch.
    public func modifyServiceState(service: String, key: String, newState: [String: [UInt8]], version: String?) async throws {
        try await storage.write { writer in
            let type = try writer.latestServiceRevision(of: service)?.revision.ty
            let current = try writer.serviceState(service: service, key: key)
            try StateRules.check(service: service, type: type, newState: newState, expectedVersion: version, current: current)
            try writer.setServiceState(service: service, key: key, state: newState)
        }
    }

    /// The state of one object (empty when it has none).
    public func serviceState(service: String, key: String) async throws -> [String: [UInt8]] {
        try await storage.read { try $0.serviceState(service: service, key: key) }
    }
}
