import AdminCore
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// One request to an Admin API and its whole response, over HTTP/1.1 (TLS for `https://`), on
/// the connection code discovery uses. For the `restate-admin` client subcommands.
package enum AdminAPIExchange {
    /// Why a request got no response: a bad URL or a transport failure.
    package struct Failure: Error, CustomStringConvertible {
        /// What went wrong.
        package var description: String
    }

    /// A response, body fully read.
    package struct Response: Sendable {
        /// The status code.
        package var status: Int
        /// The `content-type` header, if any.
        package var contentType: String?
        /// The body.
        package var body: Data
    }

    /// Sends `method path` to the Admin API at `baseURL` (its path, if any, is a prefix), with a
    /// JSON `body` when given.
    /// - Throws: ``Failure`` for a URL that is not `http(s)://host[:port]`, or when the server
    ///   cannot be reached or the exchange fails.
    package static func send(
        _ method: String, _ path: String, to baseURL: String, json body: Data? = nil, connectTimeout: Duration = .seconds(10)
    ) async throws(Failure) -> Response {
        let target = try target(baseURL: baseURL, path: path)
        let authority = target.authority
        let tls = target.tls
        var headers = HTTPHeaders([("host", authority), ("accept", "application/json"), ("user-agent", "restate-admin")])
        if let body {
            headers.add(name: "content-type", value: "application/json")
            headers.add(name: "content-length", value: String(body.count))
        } else if method != "GET" {
            headers.add(name: "content-length", value: "0")
        }
        let sslContext: NIOSSLContext?
        do {
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.applicationProtocols = ["http/1.1"]
            sslContext = tls ? try NIOSSLContext(configuration: configuration) : nil
        } catch {
            throw Failure(description: "cannot set up TLS for \(baseURL): \(error)")
        }
        do {
            let response = try await DiscoveryHTTPExchange.perform(
                target: target, method: HTTPMethod(rawValue: method), headers: headers, body: body.map { ByteBuffer(bytes: $0) },
                group: MultiThreadedEventLoopGroup.singleton, connectTimeout: connectTimeout, sslContext: sslContext,
                closer: ChannelCloser()
            )
            return Response(
                status: Int(response.status.code), contentType: response.headers.first(name: "content-type"),
                body: Data(response.body.readableBytesView)
            )
        } catch {
            throw Failure(description: "cannot reach the admin API at \(baseURL): \(describe(error))")
        }
    }

    /// Where `path` of the Admin API at `baseURL` is: host (IPv6 without brackets), port (80 or
    /// 443 when absent), `host` header value (IPv6 in brackets), path prefix plus `path`, TLS.
    static func target(baseURL: String, path: String) throws(Failure) -> DiscoveryHTTPTarget {
        guard let components = URLComponents(string: baseURL), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", var host = components.host, !host.isEmpty
        else {
            throw Failure(description: "the admin URL must be http://host[:port] or https://host[:port], got '\(baseURL)'")
        }
        // Some Foundation versions keep an IPv6 literal's brackets in `host`, some drop them.
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        let tls = scheme == "https"
        let bracketed = host.contains(":") ? "[\(host)]" : host
        var prefix = components.percentEncodedPath
        if prefix.hasSuffix("/") { prefix.removeLast() }
        return DiscoveryHTTPTarget(
            host: host, port: components.port ?? (tls ? 443 : 80), authority: components.port.map { "\(bracketed):\($0)" } ?? bracketed,
            pathAndQuery: prefix + path, tls: tls, useHTTP11: true
        )
    }

    private static func describe(_ error: DiscoveryAttemptError) -> String {
        switch error {
        case .connect(let reason), .bodyRead(let reason), .possibleHTTP11Only(let reason), .possibleHTTP2Only(let reason), .other(let reason):
            return reason
        }
    }
}
