import NIOCore
import NIOHTTP1

/// Sits right behind the HTTP/1 decoder and reports each parsed request head and request end to
/// ``RequestHeadTimeoutHandler`` in front of it.
final class RequestHeadWatcher: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    /// A watcher; it holds no state.
    init() {}

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: context.triggerUserOutboundEvent(RequestProgress.headReceived, promise: nil)
        case .end: context.triggerUserOutboundEvent(RequestProgress.requestEnded, promise: nil)
        case .body: break
        }
        context.fireChannelRead(data)
    }
}

@available(*, unavailable)
extension RequestHeadWatcher: Sendable {}
