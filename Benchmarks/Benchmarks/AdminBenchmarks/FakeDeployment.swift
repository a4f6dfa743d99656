import Foundation
import NIOCore
import NIOHTTP1
import NIOHTTP2
import NIOPosix

/// A fast local deployment for end-to-end registrations: a SwiftNIO server in the benchmark
/// process that answers every `GET …/discover` with a static endpoint manifest, over HTTP/1.1 or
/// over HTTP/2 with prior knowledge (h2c), as an SDK's endpoint does.
///
/// A request for `/d<N>/discover` is answered with the manifest of the service `svc.e2e<N % 100>`
/// (one virtual object, two handlers), so that successive registrations add new revisions of 100
/// services, as the in-process registration benchmarks do. The answers are built once, at start.
final class FakeDeployment: Sendable {
    /// The protocol the deployment speaks.
    enum WireProtocol: String, Sendable {
        /// HTTP/1.1 (registered with `use_http_11`).
        case http11 = "HTTP/1.1"
        /// HTTP/2 with prior knowledge (Restate's default for `http://` deployments).
        case h2c
    }

    /// The loopback port the deployment listens on.
    let port: Int
    /// The protocol the deployment speaks.
    let wireProtocol: WireProtocol
    private let channel: any Channel

    /// The manifests served, by service index, and the content type they are served with.
    static let manifests: [ByteBuffer] = (0..<100).map { index in
        ByteBuffer(
            string: """
                {"protocolMode":"BIDI_STREAM","minProtocolVersion":5,"maxProtocolVersion":6,\
                "services":[{"name":"svc.e2e\(index)","ty":"VIRTUAL_OBJECT",\
                "handlers":[{"name":"greet"},{"name":"get","ty":"SHARED"}]}]}
                """
        )
    }
    /// The content type of a v4 endpoint manifest.
    static let contentType = "application/vnd.restate.endpointmanifest.v4+json"

    /// Starts a deployment on an ephemeral loopback port.
    init(_ wireProtocol: WireProtocol) async throws {
        self.wireProtocol = wireProtocol
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    switch wireProtocol {
                    case .http11:
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                        try channel.pipeline.syncOperations.addHandler(DiscoverHandler())
                    case .h2c:
                        _ = try channel.pipeline.syncOperations.configureHTTP2Pipeline(
                            mode: .server, connectionConfiguration: .init(), streamConfiguration: .init()
                        ) { stream in
                            stream.eventLoop.makeCompletedFuture {
                                try stream.pipeline.syncOperations.addHandler(HTTP2FramePayloadToHTTP1ServerCodec())
                                try stream.pipeline.syncOperations.addHandler(DiscoverHandler())
                            }
                        }
                    }
                }
            }
        channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
        port = channel.localAddress?.port ?? 0
    }

    /// The URI of a new deployment of this server: `http://127.0.0.1:<port>/d<index>`.
    func uri(_ index: Int) -> String { "http://127.0.0.1:\(port)/d\(index)" }

    /// Stops listening.
    func close() async throws {
        try await channel.close()
    }

    /// Answers each request with the manifest its path selects (or 404 off `…/discover`).
    private final class DiscoverHandler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        private var head: HTTPRequestHead?

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let request):
                head = request
            case .body:
                break
            case .end:
                guard let request = head else { return }
                head = nil
                respond(to: request, context: context)
            }
        }

        private func respond(to request: HTTPRequestHead, context: ChannelHandlerContext) {
            let path = request.uri.split(separator: "?").first ?? ""
            var headers = HTTPHeaders()
            let body: ByteBuffer
            let status: HTTPResponseStatus
            if path.hasSuffix("/discover") {
                let index = Int(path.dropFirst(2).prefix { $0.isNumber }) ?? 0
                body = FakeDeployment.manifests[index % FakeDeployment.manifests.count]
                status = .ok
                headers.add(name: "content-type", value: FakeDeployment.contentType)
            } else {
                body = ByteBuffer()
                status = .notFound
            }
            headers.add(name: "content-length", value: String(body.readableBytes))
            let keepAlive = request.isKeepAlive
            if request.version.major == 1 && !keepAlive { headers.add(name: "connection", value: "close") }
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: request.version, status: status, headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
            let done = context.eventLoop.makePromise(of: Void.self)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: done)
            if request.version.major == 1 && !keepAlive {
                let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
                done.futureResult.whenComplete { _ in loopBound.value.close(promise: nil) }
            }
        }
    }
}
