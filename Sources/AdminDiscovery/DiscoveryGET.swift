import AdminCore
import NIOCore
import NIOHTTP1
import NIOHTTP2
import NIOPosix
import NIOSSL
import NIOTLS

typealias DiscoveryHTTPStream = NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>

/// The discovery GET of an HTTP deployment (`GET <uri>/discover`) over h2c, HTTP/1.1 or TLS with
/// ALPN (`h2`, `http/1.1`), on SwiftNIO: AsyncHTTPClient cannot speak HTTP/2 with prior knowledge
/// (h2c), and the HTTP/1.1 and TLS variants share its connection diagnostics and error wording
/// (META0014, PossibleHTTP2Only). Lambda discovery's POSTs go through ``AWSAPIClient``.
enum DiscoveryGET {
    /// A connection ready for the GET.
    enum Connection: Sendable {
        case http1(DiscoveryHTTPStream, ConnectionDiagnostics)
        case http2(NIOHTTP2Handler.AsyncStreamMultiplexer<Void>, ConnectionDiagnostics)
    }

    /// Connects, sends the discovery GET to `target` and reads the whole response, refusing a body
    /// larger than `maxResponseSize` as soon as its `content-length` or its bytes exceed it
    /// (``DiscoveryAttemptError/tooLarge(_:)``; the connection is closed then).
    static func send(
        target: DiscoveryHTTPTarget,
        headers: HTTPHeaders,
        group: any EventLoopGroup,
        connectTimeout: Duration,
        maxResponseSize: ByteSize,
        sslContext: NIOSSLContext?,
        closer: ChannelCloser
    ) async throws(DiscoveryAttemptError) -> DiscoveryHTTPResponse {
        let connection = try await connect(
            target: target, group: group, connectTimeout: connectTimeout, sslContext: sslContext, closer: closer
        )
        defer { closer.close() }
        switch connection {
        case .http1(let stream, let diagnostics):
            do {
                return try await sendGET(
                    stream, target: target, headers: headers, requestVersion: .http1_1, h2: false, limit: maxResponseSize
                )
            } catch {
                throw diagnostics.refineHTTP1(error)
            }
        case .http2(let multiplexer, let diagnostics):
            do {
                let stream: DiscoveryHTTPStream = try await multiplexer.openStream { stream in
                    stream.eventLoop.makeCompletedFuture {
                        try stream.pipeline.syncOperations.addHandler(
                            HTTP2FramePayloadToHTTP1ClientCodec(httpProtocol: target.tls ? .https : .http)
                        )
                        return try DiscoveryHTTPStream(wrappingChannelSynchronously: stream)
                    }
                }
                return try await sendGET(
                    stream, target: target, headers: headers, requestVersion: .http2, h2: true, limit: maxResponseSize
                )
            } catch DiscoveryAttemptError.tooLarge(let reason) {
                throw .tooLarge(reason)
            } catch let error as DiscoveryAttemptError {
                throw diagnostics.refine(error)
            } catch {
                throw diagnostics.refine(.other(describe(error)))
            }
        }
    }

    /// Opens the TCP (and TLS) connection and configures the HTTP pipeline.
    private static func connect(
        target: DiscoveryHTTPTarget,
        group: any EventLoopGroup,
        connectTimeout: Duration,
        sslContext: NIOSSLContext?,
        closer: ChannelCloser
    ) async throws(DiscoveryAttemptError) -> Connection {
        let timeout = TimeAmount.nanoseconds(max(1, Int64(connectTimeout.seconds * 1_000_000_000)))
        let bootstrap = ClientBootstrap(group: group).connectTimeout(timeout)
        let negotiated: EventLoopFuture<Connection>
        do {
            negotiated = try await bootstrap.connect(host: target.host, port: target.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    closer.register(channel)
                    guard let sslContext else {
                        let connection = try configure(channel, http2: !target.useHTTP11)
                        return channel.eventLoop.makeSucceededFuture(connection)
                    }
                    let hostname = isIPAddress(target.host) ? nil : target.host
                    try channel.pipeline.syncOperations.addHandler(
                        try NIOSSLClientHandler(context: sslContext, serverHostname: hostname)
                    )
                    let alpn = NIOTypedApplicationProtocolNegotiationHandler<Connection> { result, channel in
                        channel.eventLoop.makeCompletedFuture {
                            let h2 = result == .negotiated("h2") && !target.useHTTP11
                            return try configure(channel, http2: h2)
                        }
                    }
                    try channel.pipeline.syncOperations.addHandler(alpn)
                    return alpn.protocolNegotiationResult
                }
            }
        } catch {
            throw .connect(describe(error))
        }
        do {
            return try await negotiated.get()
        } catch {
            throw .other(describe(error))
        }
    }

    /// Adds the HTTP/2 or HTTP/1.1 client handlers, each behind a sniffer of the first bytes received.
    private static func configure(_ channel: any Channel, http2: Bool) throws -> Connection {
        let sync = channel.pipeline.syncOperations
        if http2 {
            let diagnostics = ConnectionDiagnostics()
            try sync.addHandler(FirstBytesSniffer(diagnostics: diagnostics))
            let multiplexer = try sync.configureAsyncHTTP2Pipeline(mode: .client) { stream in
                stream.eventLoop.makeSucceededVoidFuture()
            }
            try sync.addHandler(ConnectionErrorRecorder(diagnostics: diagnostics))
            return .http2(multiplexer, diagnostics)
        }
        let diagnostics = ConnectionDiagnostics()
        try sync.addHandler(FirstBytesSniffer(diagnostics: diagnostics))
        try sync.addHTTPClientHandlers()
        return .http1(try DiscoveryHTTPStream(wrappingChannelSynchronously: channel), diagnostics)
    }

    /// Writes the GET (no body) and collects the response, up to `limit` bytes of body.
    private static func sendGET(
        _ stream: DiscoveryHTTPStream,
        target: DiscoveryHTTPTarget,
        headers: HTTPHeaders,
        requestVersion: NIOHTTP1.HTTPVersion,
        h2: Bool,
        limit: ByteSize
    ) async throws(DiscoveryAttemptError) -> DiscoveryHTTPResponse {
        do {
            return try await stream.executeThenClose { inbound, outbound in
                var head = HTTPRequestHead(version: requestVersion, method: .GET, uri: target.pathAndQuery)
                head.headers = headers
                do {
                    try await outbound.write(.head(head))
                    try await outbound.write(.end(nil))
                } catch {
                    throw DiscoveryAttemptError.other(describe(error))
                }
                var responseHead: HTTPResponseHead?
                var body = ByteBuffer()
                do {
                    for try await part in inbound {
                        switch part {
                        case .head(let received):
                            if received.status.code >= 100, received.status.code < 200 { continue }
                            try DiscoveryResponseLimit.check(announced: received.headers, limit: limit)
                            responseHead = received
                        case .body(var chunk):
                            try DiscoveryResponseLimit.check(received: body.readableBytes + chunk.readableBytes, limit: limit)
                            body.writeBuffer(&chunk)
                        case .end:
                            guard let responseHead else { continue }
                            let version: AdminCore.HTTPVersion = h2 ? .http2 : AdminCore.HTTPVersion(responseHead.version)
                            return DiscoveryHTTPResponse(
                                status: responseHead.status, headers: responseHead.headers, body: body, version: version
                            )
                        }
                    }
                } catch let error as DiscoveryAttemptError {
                    throw error
                } catch {
                    if responseHead != nil {
                        throw DiscoveryAttemptError.bodyRead("error reading a body from connection: \(describe(error))")
                    }
                    throw DiscoveryAttemptError.other(describe(error))
                }
                if responseHead != nil {
                    throw DiscoveryAttemptError.bodyRead(
                        "error reading a body from connection: connection closed before message completed"
                    )
                }
                throw DiscoveryAttemptError.other("connection closed before message completed")
            }
        } catch let error as DiscoveryAttemptError {
            throw error
        } catch {
            throw .other(describe(error))
        }
    }

    private static func isIPAddress(_ host: String) -> Bool {
        (try? SocketAddress(ipAddress: host, port: 0)) != nil
    }

    /// A readable rendering of a transport error.
    static func describe(_ error: any Error) -> String {
        if let error = error as? DiscoveryAttemptError {
            switch error {
            case .connect(let text), .bodyRead(let text), .tooLarge(let text), .possibleHTTP11Only(let text),
                .possibleHTTP2Only(let text), .other(let text):
                return text
            }
        }
        return String(describing: error)
    }
}
