import AdminCore
import NIOCore
import NIOHTTP1

/// Where a request of a discovery goes: the deployment's `/discover` (``DiscoveryGET``),
/// or an AWS API of Lambda discovery (``AWSAPIClient``).
struct DiscoveryHTTPTarget: Sendable {
    /// Host to connect to (no brackets for IPv6).
    var host: String
    /// TCP port.
    var port: Int
    /// `host[:port]` for the `host` header / `:authority`.
    var authority: String
    /// Request target: path plus `?query`.
    var pathAndQuery: String
    /// Whether TLS is used (`https://`).
    var tls: Bool
    /// Whether HTTP/1.1 is forced (`use_http_11`); the AWS calls always use HTTP/1.1.
    var useHTTP11: Bool

    /// The absolute URL: scheme, ``authority`` and ``pathAndQuery``.
    var url: String {
        "\(tls ? "https" : "http")://\(authority)\(pathAndQuery)"
    }
}

/// The response of one request, body fully read.
struct DiscoveryHTTPResponse: Sendable {
    var status: HTTPResponseStatus
    var headers: HTTPHeaders
    var body: ByteBuffer
    var version: AdminCore.HTTPVersion
}

/// Why one attempt failed, classified as Restate classifies transport errors (DISCOVERY.md §3.4).
enum DiscoveryAttemptError: Error {
    /// The connection could not be established (retried).
    case connect(String)
    /// Reading the response after its head failed (retried).
    case bodyRead(String)
    /// The response body is larger than the configured bound (META0003 like a body that cannot be
    /// read, but not retried: BEHAVIOR.md §0 item 12).
    case tooLarge(String)
    /// An HTTP/1.1 server answered the h2 preface (META0014, not retried).
    case possibleHTTP11Only(String)
    /// The HTTP/1.1 response could not be parsed because the server did not answer with an HTTP/1
    /// status line, e.g. an h2c-only server sending HTTP/2 frames (META0003, not retried).
    case possibleHTTP2Only(String)
    /// Anything else (not retried).
    case other(String)
}
