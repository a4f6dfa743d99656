import NIOCore
import NIOHTTP1
import NIOHTTP2
import NIOPosix
import NIOSSL

/// An in-process HTTP server on 127.0.0.1 (ephemeral port) speaking h2c, HTTP/1.1, TLS+h2 or
/// TLS+HTTP/1.1.
final class TestDiscoveryServer: Sendable {
    enum Mode: Sendable {
        case h2c
        case http1
        case tlsH2(certificatePEM: String, keyPEM: String)
        case tlsHTTP1(certificatePEM: String, keyPEM: String)
    }

    /// `(request, index) -> response`; `nil` means never answer.
    typealias Responder = @Sendable (RecordedRequest, Int) -> TestResponse?

    let port: Int
    let log: RequestLog
    private let channel: any Channel

    private init(port: Int, log: RequestLog, channel: any Channel) {
        self.port = port
        self.log = log
        self.channel = channel
    }

    /// Starts a server.
    static func start(_ mode: Mode, respond: @escaping Responder) async throws -> TestDiscoveryServer {
        let log = RequestLog()
        let sslContext: NIOSSLContext?
        let http1: Bool
        switch mode {
        case .h2c:
            (sslContext, http1) = (nil, false)
        case .http1:
            (sslContext, http1) = (nil, true)
        case .tlsH2(let certificatePEM, let keyPEM):
            (sslContext, http1) = (try makeSSLContext(certificatePEM: certificatePEM, keyPEM: keyPEM, alpn: "h2"), false)
        case .tlsHTTP1(let certificatePEM, let keyPEM):
            (sslContext, http1) = (try makeSSLContext(certificatePEM: certificatePEM, keyPEM: keyPEM, alpn: "http/1.1"), true)
        }
        let (channel, port) = try await TestServerChannel.bind(http1: http1, sslContext: sslContext) {
            TestRequestHandler(log: log, respond: respond)
        }
        return TestDiscoveryServer(port: port, log: log, channel: channel)
    }

    private static func makeSSLContext(certificatePEM: String, keyPEM: String, alpn: String) throws -> NIOSSLContext {
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMBytes(Array(certificatePEM.utf8)).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(keyPEM.utf8), format: .pem))
        )
        tls.applicationProtocols = [alpn]
        return try NIOSSLContext(configuration: tls)
    }

    /// Stops accepting connections.
    func stop() async {
        try? await channel.close()
    }

    /// Runs `body` with a started server, stopping it afterwards.
    static func with<T>(
        _ mode: Mode, respond: @escaping Responder, _ body: (TestDiscoveryServer) async throws -> T
    ) async throws -> T {
        let server = try await start(mode, respond: respond)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }
}

enum TestServerError: Error { case noPort }

/// Answers each request (HTTP/1-shaped parts, also behind the HTTP/2 codec) via the responder.
final class TestRequestHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let log: RequestLog
    private let respond: TestDiscoveryServer.Responder
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()

    init(log: RequestLog, respond: @escaping TestDiscoveryServer.Responder) {
        self.log = log
        self.respond = respond
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
        case .body(var chunk):
            body.writeBuffer(&chunk)
        case .end:
            guard let head else { return }
            self.head = nil
            let request = RecordedRequest(
                method: head.method.rawValue, uri: head.uri,
                version: "\(head.version.major).\(head.version.minor)",
                headers: head.headers.map { ($0.name, $0.value) },
                body: String(buffer: body)
            )
            body.clear()
            let index = log.append(request)
            guard let response = respond(request, index) else { return }
            var headers = HTTPHeaders(response.headers.map { ($0.name, $0.value) })
            headers.add(name: "content-length", value: "\(response.body.utf8.count)")
            let responseHead = HTTPResponseHead(
                version: head.version, status: HTTPResponseStatus(statusCode: response.status), headers: headers
            )
            context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: response.body)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
