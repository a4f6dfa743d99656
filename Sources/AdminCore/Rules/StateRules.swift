/// The rules of `POST /services/{service}/state` (BEHAVIOR.md §5.3).
public enum StateRules {
    /// The version of an object's whole state: for each (key, value) pair sorted by key bytes at
    /// index i, SHA-256 over the 8-byte big-endian i, `0x01`, key, `0x02`, value, `0x03`; the digest
    /// in base64url without padding. The empty state is `47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU`.
    public static func version(of state: [String: [UInt8]]) -> String {
        var hasher = SHA256()
        let sorted = state.map { (Array($0.key.utf8), $0.value) }.sorted { $0.0.lexicographicallyPrecedes($1.0) }
        for (index, (key, value)) in sorted.enumerated() {
            let i = UInt64(index)
            hasher.update((0..<8).reversed().map { UInt8(truncatingIfNeeded: i >> UInt64($0 * 8)) })
            hasher.update([0x01])
            hasher.update(key)
            hasher.update([0x02])
            hasher.update(value)
            hasher.update([0x03])
        }
        return base64URL(hasher.finalize())
    }

    /// Checks that a state replacement may target `service`.
    /// - Parameters:
    ///   - service: the service name.
    ///   - type: the service's type, or `nil` when the service does not exist.
    ///   - newState: the requested state.
    /// - Throws: `.notFound` for an unknown service with a non-empty new state (clearing the
    ///   state of a removed service is allowed, as in Restate), `.invalidArgument` for a plain
    ///   service.
    public static func checkTarget(service: String, type: ServiceType?, newState: [String: [UInt8]]) throws(AdminError) {
        if let type {
            guard type != .service else {
                throw AdminError(.invalidArgument, "Cannot modify state for service type \(type.adminName)")
            }
        } else if !newState.isEmpty {
            throw AdminError(.notFound, "The requested service '\(service)' does not exist")
        }
    }

    /// Checks the optional `version` precondition against the current state.
    /// - Parameters:
    ///   - expectedVersion: the version the writer read, or `nil` for an unconditional write.
    ///   - current: the object's current state.
    /// - Throws: `.staleVersion` ("Conflict: …") when the versions differ.
    public static func checkVersion(_ expectedVersion: String?, current: [String: [UInt8]]) throws(AdminError) {
        guard let expectedVersion else { return }
        let actual = version(of: current)
        guard actual == expectedVersion else {
            throw AdminError(.staleVersion, "Conflict: the state version '\(expectedVersion)' does not match the current version '\(actual)'")
        }
    }

    private static func base64URL(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var out = ""
        var i = 0
        while i + 2 < bytes.count {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            for shift in [18, 12, 6, 0] { out.append(alphabet[Int((n >> UInt32(shift)) & 63)]) }
            i += 3
        }
        let rest = bytes.count - i
        if rest == 1 {
            let n = UInt32(bytes[i]) << 16
            for shift in [18, 12] { out.append(alphabet[Int((n >> UInt32(shift)) & 63)]) }
        } else if rest == 2 {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
            for shift in [18, 12, 6] { out.append(alphabet[Int((n >> UInt32(shift)) & 63)]) }
        }
        return out
    }
}
