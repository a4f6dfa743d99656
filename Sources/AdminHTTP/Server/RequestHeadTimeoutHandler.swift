import Logging
import NIOCore

/// What ``RequestHeadWatcher`` tells ``RequestHeadTimeoutHandler`` (as a user outbound event,
/// which travels from the watcher behind the HTTP decoder to the handler in front of it).
enum RequestProgress: Sendable {
    /// A request head has been parsed.
    case headReceived
    /// A request has been read to its end; the next byte starts another one.
    case requestEnded
}

/// Closes a connection whose request head is not complete within a timeout of its first byte.
///
/// It sits at the front of the pipeline, where it sees the raw bytes: the first byte of a request
/// starts the timer, ``RequestProgress/headReceived`` stops it, and after
/// ``RequestProgress/requestEnded`` the next byte starts it again. A connection that sends nothing
/// at all is left to the idle timeout.
final class RequestHeadTimeoutHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = Any

    private enum State {
        case awaitingRequest
        case readingHead(Scheduled<Void>)
        case inRequest
    }

    private let timeout: TimeAmount
    private let logger: Logger
    private var state = State.awaitingRequest

    /// A handler closing connections whose head takes longer than `timeout`.
    init(timeout: Duration, logger: Logger) {
        self.timeout = TimeAmount(timeout)
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .awaitingRequest = state {
            let timer = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
                guard case .readingHead = state else { return }
                logger.debug("closing a connection whose request head did not arrive in time", metadata: ["timeout": "\(timeout)"])
                context.close(promise: nil)
            }
            state = .readingHead(timer)
        }
        context.fireChannelRead(data)
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard let progress = event as? RequestProgress else {
            context.triggerUserOutboundEvent(event, promise: promise)
            return
        }
        switch progress {
        case .headReceived:
            cancelTimer()
            state = .inRequest
        case .requestEnded:
            cancelTimer()
            state = .awaitingRequest
        }
        promise?.succeed()
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelTimer()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelTimer()
    }

    private func cancelTimer() {
        if case .readingHead(let timer) = state {
            timer.cancel()
            state = .inRequest
        }
    }
}

@available(*, unavailable)
extension RequestHeadTimeoutHandler: Sendable {}
