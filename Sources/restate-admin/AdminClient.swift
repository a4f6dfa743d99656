import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// Calls a running Admin API for the client subcommands, over AsyncHTTPClient: HTTP/1.1, TLS with
/// the system's trust roots for `https://`, redirects not followed.
struct AdminClient: Sendable {
    /// The Admin API.
    let server: AdminURL
    /// The HTTP client, owned by ``with(_:_:)``.
    let http: HTTPClient

    /// A 2xx answer.
    struct Answer {
        /// The status code.
        let status: Int
        /// The parsed JSON body (`nil` when empty).
        let json: Any?
    }

    /// The HTTP client's settings: one connection attempt with a 10 s timeout (no retries of
    /// its own), HTTP/1.1 only, no redirects, no decompression.
    static var configuration: HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(10)))
        configuration.httpVersion = .http1Only
        configuration.connectionPool.retryConnectionEstablishment = false
        return configuration
    }

    /// Runs `body` with a client of `server`; the HTTP client is shut down when `body` returns or
    /// throws.
    static func with<T>(_ server: AdminURL, _ body: (AdminClient) async throws -> T) async throws -> T {
        try await HTTPClient.withHTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration) { http in
            try await body(AdminClient(server: server, http: http))
        }
    }

    /// Sends `method path` (with a JSON body when given) and returns the parsed JSON of a 2xx
    /// answer (`nil` for an empty body).
    /// - Throws: ``CLIFailure`` with ``ClientOutput/failure(status:body:contentType:)``'s text for any
    ///   other status, or the transport's reason.
    func call(_ method: String, _ path: String, body: [String: Any]? = nil) async throws -> Any? {
        try await send(method, path, body: body).json
    }

    /// Like ``call(_:_:body:)``, keeping the status.
    func send(_ method: String, _ path: String, body: [String: Any]? = nil) async throws -> Answer {
        try Self.answer(try await exchange(method, path, body: body))
    }

    /// The ``Answer`` of a 2xx response.
    /// - Throws: ``CLIFailure`` with ``ClientOutput/failure(status:body:contentType:)``'s text for any
    ///   other status.
    static func answer(_ response: Response) throws(CLIFailure) -> Answer {
        guard (200..<300).contains(response.status) else {
            throw .refused(ClientOutput.failure(status: response.status, body: response.body, contentType: response.contentType))
        }
        return Answer(status: response.status, json: response.body.isEmpty ? nil : try? JSONSerialization.jsonObject(with: response.body))
    }

    /// Any answer, whatever its status.
    struct Response {
        /// The status code.
        let status: Int
        /// The `content-type` header, if any.
        let contentType: String?
        /// The body as received.
        let body: Data
    }

    /// Sends `method path` (with a JSON body when given) and returns the answer, whatever its
    /// status.
    /// - Throws: ``CLIFailure`` with the transport's reason when the server cannot be reached.
    func exchange(_ method: String, _ path: String, body: [String: Any]? = nil) async throws -> Response {
        var request = HTTPClientRequest(url: server.url(path))
        request.method = HTTPMethod(rawValue: method)
        // The host header as the URL writes it (AsyncHTTPClient would drop a default port).
        request.headers = ["host": server.hostHeader, "accept": "application/json", "user-agent": "restate-admin"]
        if let body {
            request.headers.add(name: "content-type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])))
        }
        do {
            let response = try await http.execute(request, deadline: .distantFuture)
            let received = Data(try await response.body.collect(upTo: .max).readableBytesView)
            return Response(status: Int(response.status.code), contentType: response.headers.first(name: "content-type"), body: received)
        } catch {
            throw CLIFailure.unreachable("error: cannot reach the admin API at \(server): \(error)")
        }
    }

    /// `GET /deployments?include=status` (this project's deployment lifecycle, BEHAVIOR.md §5.8),
    /// or the plain `GET /deployments` from a server that refuses `include` with `400` (an older
    /// swift-restate-admin). A server that ignores it (Restate 1.6.2) answers the plain list: its
    /// deployments carry no `status` (see ``ListedDeployment``).
    /// - Returns: the parsed body, and whether the server refused `include`.
    /// - Throws: ``CLIFailure`` as ``call(_:_:body:)`` does.
    func deploymentsWithStatus() async throws -> (json: Any?, includeRefused: Bool) {
        try await withStatus("/deployments")
    }

    /// `GET path?include=status`, or the plain `GET path` when the server refuses `include` with
    /// `400` (see ``deploymentsWithStatus()``).
    /// - Returns: the parsed body, and whether the server refused `include`.
    /// - Throws: ``CLIFailure`` as ``call(_:_:body:)`` does.
    func withStatus(_ path: String) async throws -> (json: Any?, includeRefused: Bool) {
        let response = try await exchange("GET", path + "?include=status")
        if response.status == 400 {
            return (try await call("GET", path), true)
        }
        return (try Self.answer(response).json, false)
    }

    /// Percent-encodes one path segment.
    static func segment(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? value
    }
}
