import AdminCore
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// The POSTs of Lambda discovery (DISCOVERY.md §7), the SigV4-signed Lambda `Invoke` and STS
/// `AssumeRole` calls, on AsyncHTTPClient: HTTP/1.1, a sized body, TLS for `https://` endpoints,
/// redirects not followed, no retries of its own (the discovery's retry loop decides).
///
/// One HTTP client serves one Lambda discovery (``with(_:_:)``): it is made with the discovery's
/// settings and shut down when the discovery ends, at its deadline too. `HTTPClient.shared` is not
/// used: its configuration follows up to 20 redirects, decompresses bodies and connects with a
/// 90 s timeout, where these calls take ``HTTPDiscoveryClient/Configuration/connectTimeout`` and
/// ``HTTPDiscoveryClient/Configuration/eventLoopGroup`` and treat a 3xx as a failed discovery. Nor
/// does ``HTTPDiscoveryClient`` hold a long-lived client: it is a value without a lifecycle (copied
/// into `AdminService`, made freely by embedders and tests), while an `HTTPClient` must be shut down
/// before it is released (debug builds trap otherwise), so each owner would have to call a shutdown.
/// Connections are not kept from one discovery to the next.
struct AWSAPIClient: Sendable {
    /// The discovery's HTTP client.
    let http: HTTPClient
    /// The largest response body read (``HTTPDiscoveryClient/Configuration/maxResponseSize``).
    let maxResponseSize: ByteSize

    /// Runs `body` with a client whose HTTP client follows `configuration` and is shut down
    /// when `body` returns or throws (cancellation included).
    static func with<T>(
        _ configuration: HTTPDiscoveryClient.Configuration, _ body: (AWSAPIClient) async throws -> T
    ) async throws -> T {
        try await HTTPClient.withHTTPClient(
            eventLoopGroup: configuration.eventLoopGroup, configuration: clientConfiguration(connectTimeout: configuration.connectTimeout)
        ) { http in
            try await body(AWSAPIClient(http: http, maxResponseSize: configuration.maxResponseSize))
        }
    }

    /// HTTP/1.1 only, one connection attempt bounded by `connectTimeout` (a failed one fails the
    /// request at once), no redirects, no decompression, no read timeout (the discovery deadline
    /// bounds the call).
    static func clientConfiguration(connectTimeout: Duration) -> HTTPClient.Configuration {
        let timeout = TimeAmount.nanoseconds(max(1, Int64(connectTimeout.seconds * 1_000_000_000)))
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: .init(connect: timeout))
        configuration.httpVersion = .http1Only
        configuration.connectionPool.retryConnectionEstablishment = false
        return configuration
    }

    /// Sends `POST target` with `headers` (as signed: `host` included, which AsyncHTTPClient then
    /// sends unchanged) and `body` (AsyncHTTPClient adds its `content-length`), and reads the whole
    /// response, up to ``maxResponseSize`` bytes of body.
    /// - Parameter tls: the TLS settings of an `https://` target, `nil` for `http://`.
    /// - Throws: ``DiscoveryAttemptError``: `.connect` when no connection could be made, `.tooLarge`
    ///   when the body's `content-length` or bytes exceed ``maxResponseSize`` (the request is
    ///   cancelled then), `.bodyRead` when the body after the response head could not be read,
    ///   `.other` otherwise.
    func post(
        _ target: DiscoveryHTTPTarget, headers: HTTPHeaders, body: [UInt8], tls: TLSConfiguration?
    ) async throws(DiscoveryAttemptError) -> DiscoveryHTTPResponse {
        var request = HTTPClientRequest(url: target.url)
        request.method = .POST
        request.headers = headers
        request.body = .bytes(ByteBuffer(bytes: body))
        request.tlsConfiguration = tls
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, deadline: .distantFuture)
        } catch {
            throw Self.attemptError(error)
        }
        try DiscoveryResponseLimit.check(announced: response.headers, limit: maxResponseSize)
        var received = ByteBuffer()
        do {
            for try await chunk in response.body {
                try DiscoveryResponseLimit.check(received: received.readableBytes + chunk.readableBytes, limit: maxResponseSize)
                received.writeImmutableBuffer(chunk)
            }
        } catch let error as DiscoveryAttemptError {
            throw error
        } catch {
            throw .bodyRead("error reading a body from connection: \(Self.describe(error))")
        }
        return DiscoveryHTTPResponse(
            status: response.status, headers: response.headers, body: received, version: AdminCore.HTTPVersion(response.version)
        )
    }

    /// Classifies a failure before the response head as Restate does (DISCOVERY.md §3.4): a
    /// connection that could not be made (refused, unreachable, timed out, name not resolved) is
    /// `.connect`; anything else, a failed TLS handshake included, is `.other`.
    static func attemptError(_ error: any Error) -> DiscoveryAttemptError {
        switch error {
        case let error as HTTPClientError where error == .connectTimeout:
            return .connect(describe(error))
        case let error as ChannelError where isConnectTimeout(error):
            return .connect(describe(error))
        case is NIOConnectionError:
            return .connect(describe(error))
        case let error as IOError where connectErrnos.contains(error.errnoCode):
            return .connect(describe(error))
        default:
            return .other(describe(error))
        }
    }

    /// The `errno` values of a `connect(2)` that found no server.
    private static let connectErrnos: Set<Int32> = [ECONNREFUSED, ENETUNREACH, EHOSTUNREACH, ETIMEDOUT, EADDRNOTAVAIL]

    private static func isConnectTimeout(_ error: ChannelError) -> Bool {
        if case .connectTimeout = error { return true }
        return false
    }

    /// A readable rendering of a transport error, in `DiscoveryGET`'s words where they differ.
    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError, error == .remoteConnectionClosed {
            return "connection closed before message completed"
        }
        return String(describing: error)
    }
}
