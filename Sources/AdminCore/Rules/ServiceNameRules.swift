/// Service-name rules applied during a merge (VERSIONING.md R11).
public enum ServiceNameRules {
    /// Whether `name` is reserved: its lower-cased form starts with `restate`, or it equals
    /// `openapi` ignoring case.
    public static func isReserved(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasPrefix("restate") || lower == "openapi"
    }

    /// Throws META0005 for the first reserved name in `names`, in order.
    public static func checkNotReserved(_ names: [String]) throws(AdminError) {
        for name in names where isReserved(name) {
            throw AdminError(
                .invalidArgument, code: .meta0005,
                "cannot insert/modify service '\(name)' as it contains a reserved name"
            )
        }
    }
}
