import AdminCore
import NIOHTTP1

/// Builds and validates the headers of a discovery request (DISCOVERY.md §3.3).
enum DiscoveryRequestHeaders {
    /// `accept`, the additional headers (appended, names lower-cased, sorted by name),
    /// `x-restate-cluster-name`, and `host`.
    /// - Throws: ``AdminError`` (`.invalidArgument`) for a name that is not an HTTP token or a value
    ///   containing CR, LF or NUL.
    static func build(
        authority: String, additionalHeaders: [String: String], clusterName: String
    ) throws(AdminError) -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.add(name: "host", value: authority)
        headers.add(name: "accept", value: DiscoveryResponseValidator.acceptHeader)
        for (name, value) in additionalHeaders.sorted(by: { $0.key < $1.key }) {
            try validate(name: name, value: value)
            headers.add(name: name.lowercased(), value: value)
        }
        guard !clusterName.isEmpty, clusterName.utf8.allSatisfy({ (0x21..<0x7F).contains($0) }) else {
            throw AdminError(.invalidArgument, "invalid cluster name '\(clusterName)': only visible ASCII is allowed")
        }
        headers.add(name: "x-restate-cluster-name", value: clusterName)
        return headers
    }

    /// Checks a header name (an RFC 9110 token) and value (no CR, LF or NUL).
    static func validate(name: String, value: String) throws(AdminError) {
        guard !name.isEmpty, name.utf8.allSatisfy(isTokenByte) else {
            throw AdminError(.invalidArgument, "invalid header name '\(name)': header names must be HTTP tokens")
        }
        guard !value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }) else {
            throw AdminError(.invalidArgument, "invalid value for header '\(name)': CR, LF and NUL are not allowed")
        }
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}
