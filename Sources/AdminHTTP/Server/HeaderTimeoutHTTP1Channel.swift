import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// Hummingbird's `HTTP1Channel` plus a request header timeout: a connection whose request head is
/// not complete within ``requestHeaderTimeout`` of its first byte is closed. Hummingbird 2 has no
/// such timeout of its own; its `idleTimeout` (in `HTTP1Channel.Configuration`) still applies.
public struct HeaderTimeoutHTTP1Channel: ServerChildChannel, HTTPChannelHandler {
    /// The channel's value: the same as `HTTP1Channel`'s.
    public typealias Value = HTTP1Channel.Value

    /// The HTTP/1.1 channel doing the work.
    public let base: HTTP1Channel
    /// How long a request head may take once its first byte arrived.
    public let requestHeaderTimeout: Duration

    /// Wraps `base` with a header timeout.
    public init(base: HTTP1Channel, requestHeaderTimeout: Duration) {
        self.base = base
        self.requestHeaderTimeout = requestHeaderTimeout
    }

    /// The responder of ``base``.
    public var responder: HTTPChannelHandler.Responder { base.responder }

    /// Sets up ``base``'s pipeline with a `RequestHeadTimeoutHandler` in front of it (raw bytes)
    /// and a `RequestHeadWatcher` right behind the HTTP decoder.
    public func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let timeout = requestHeaderTimeout
        return channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(RequestHeadTimeoutHandler(timeout: timeout, logger: logger), position: .first)
        }.flatMap {
            base.setup(channel: channel, logger: logger)
        }.flatMapThrowing { value in
            let sync = channel.pipeline.syncOperations
            let decoder = try sync.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try sync.addHandler(RequestHeadWatcher(), position: .after(decoder))
            return value
        }
    }

    /// Serves the connection as ``base`` does.
    public func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// An HTTP/1.1 server (Hummingbird's `.http1(configuration:)`) that also closes a connection
    /// whose request head is not complete within `requestHeaderTimeout` of its first byte.
    ///
    /// ```swift
    /// let app = Application(
    ///     router: router,
    ///     server: .http1(requestHeaderTimeout: .seconds(30), configuration: .init(idleTimeout: .seconds(90)))
    /// )
    /// ```
    public static func http1(requestHeaderTimeout: Duration, configuration: HTTP1Channel.Configuration = .init()) -> HTTPServerBuilder {
        .init { responder in
            HeaderTimeoutHTTP1Channel(
                base: HTTP1Channel(responder: responder, configuration: configuration), requestHeaderTimeout: requestHeaderTimeout
            )
        }
    }
}
