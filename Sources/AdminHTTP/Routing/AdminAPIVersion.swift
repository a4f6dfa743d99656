/// The Admin API version a request was addressed to, taken from its path prefix
/// (BEHAVIOR.md §1.1). `/v1` never gets this far: it is ``HTTPRejection/unsupportedAPIVersionV1``.
public enum AdminAPIVersion: Sendable, Hashable {
    /// No prefix: behaves like V3.
    case unknown
    /// `/v2/...`: legacy semantics (force defaults to true, PUT allowed, 409 on an unchanged register).
    case v2
    /// `/v3/...`: current semantics.
    case v3

    /// Whether this version has the legacy behaviors of V2, among them `force` defaulting to true
    /// on `POST /deployments`.
    public var isLegacy: Bool { self == .v2 }
}
