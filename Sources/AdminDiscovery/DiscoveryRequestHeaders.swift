import AdminCore
import NIOHTTP1

/// Builds the headers of a discovery request (DISCOVERY.md §3.3).
enum DiscoveryRequestHeaders {
    /// `host`, `accept`, the additional headers (sorted by name) and `x-restate-cluster-name`.
    /// - Throws: ``AdminError`` (`.invalidArgument`) for a cluster name that is not visible ASCII.
    static func build(
        authority: String, additionalHeaders: AdditionalHeaders, clusterName: String
    ) throws(AdminError) -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.add(name: "host", value: authority)
        headers.add(name: "accept", value: DiscoveryResponseValidator.acceptHeader)
        for (name, value) in additionalHeaders { headers.add(name: name, value: value) }
        guard !clusterName.isEmpty, clusterName.utf8.allSatisfy({ (0x21..<0x7F).contains($0) }) else {
            throw AdminError(.invalidArgument, "invalid cluster name '\(clusterName)': only visible ASCII is allowed")
        }
        headers.add(name: "x-restate-cluster-name", value: clusterName)
        return headers
    }
}
