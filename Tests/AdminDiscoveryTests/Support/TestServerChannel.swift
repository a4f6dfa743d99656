import NIOCore
import NIOHTTP1
import NIOHTTP2
import NIOPosix
import NIOSSL

/// The listening socket of the in-process test servers: 127.0.0.1 on an ephemeral port, speaking
/// HTTP/1.1 or HTTP/2 (prior knowledge, or over TLS when `sslContext` is given), with a fresh
/// HTTP/1-shaped handler for each connection (HTTP/1.1) or stream (HTTP/2).
enum TestServerChannel {
    /// Binds the server and returns its channel and port.
    static func bind(
        http1: Bool, sslContext: NIOSSLContext? = nil, makeHandler: @escaping @Sendable () -> any ChannelHandler
    ) async throws -> (channel: any Channel, port: Int) {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    if let sslContext {
                        try sync.addHandler(NIOSSLServerHandler(context: sslContext))
                    }
                    if http1 {
                        try sync.configureHTTPServerPipeline()
                        try sync.addHandler(makeHandler())
                        return
                    }
                    _ = try sync.configureHTTP2Pipeline(
                        mode: .server, connectionConfiguration: .init(), streamConfiguration: .init()
                    ) { stream in
                        stream.eventLoop.makeCompletedFuture {
                            try stream.pipeline.syncOperations.addHandlers(HTTP2FramePayloadToHTTP1ServerCodec(), makeHandler())
                        }
                    }
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        guard let port = channel.localAddress?.port else { throw TestServerError.noPort }
        return (channel, port)
    }
}
