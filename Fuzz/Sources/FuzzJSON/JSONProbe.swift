import AdminCore

/// A request-body-like type for `JSONBodyDecoder`: required and optional members, numbers,
/// strings, maps, a duration, a resource id and recursion, so wrong shapes are reported from every
/// kind of container (with their paths and positions).
struct JSONProbe: Decodable {
    /// A required string.
    var name: String
    /// An optional integer.
    var count: Int?
    /// An optional unsigned integer.
    var limit: UInt32?
    /// An optional float.
    var ratio: Double?
    /// An optional array.
    var flags: [Bool]?
    /// An optional map, as `additional_headers` is.
    var headers: [String: String]?
    /// A duration, parsed from its text.
    var retention: RestateDuration?
    /// A resource id, parsed from its text.
    var deployment: DeploymentID?
    /// Nested probes.
    var children: [JSONProbe]?
}
