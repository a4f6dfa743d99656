import NIOCore
import NIOHTTP1
import NIOHTTP2
import NIOPosix
import Synchronization

/// An in-process server on 127.0.0.1 (h2c or HTTP/1.1) that answers every request with a 200 whose
/// body of ``bodySize`` bytes is streamed in 64 KiB chunks, the next one written only when the
/// previous one has gone out, and that records how much it wrote before the client went away.
final class StreamingBodyServer: Sendable {
    /// What the server saw.
    struct Observation: Sendable {
        /// Requests received.
        var requests = 0
        /// Body bytes handed to the socket so far (all connections).
        var bytesWritten = 0
        /// Whether a connection closed before its whole body was written.
        var closedEarly = false
        /// Whether a whole body was written.
        var completed = false
    }

    /// The server's port.
    let port: Int
    /// The size of each body.
    let bodySize: Int
    private let channel: any Channel
    private let box: ObservationBox

    private init(port: Int, bodySize: Int, channel: any Channel, box: ObservationBox) {
        self.port = port
        self.bodySize = bodySize
        self.channel = channel
        self.box = box
    }

    /// What the server saw so far.
    var observation: Observation { box.state.withLock { $0 } }

    /// Runs `body` with a server streaming `bodySize` bytes (with a `content-length` when
    /// `announceLength`, chunked or plain DATA frames otherwise), stopping it afterwards.
    static func with<T>(
        http1: Bool, bodySize: Int, announceLength: Bool, contentType: String = "application/vnd.restate.endpointmanifest.v4+json",
        _ body: (StreamingBodyServer) async throws -> T
    ) async throws -> T {
        let box = ObservationBox()
        let settings = StreamingBodyHandler.Settings(bodySize: bodySize, announceLength: announceLength, contentType: contentType)
        let (channel, port) = try await TestServerChannel.bind(http1: http1) {
            StreamingBodyHandler(settings: settings, box: box)
        }
        let server = StreamingBodyServer(port: port, bodySize: bodySize, channel: channel, box: box)
        defer { channel.close(promise: nil) }
        return try await body(server)
    }

    /// Waits until a connection closed early or a body completed (at most `timeout`).
    func waitForOutcome(timeout: Duration = .seconds(10)) async throws -> Observation {
        let clock = ContinuousClock()
        let end = clock.now + timeout
        while clock.now < end {
            let seen = observation
            if seen.closedEarly || seen.completed { return seen }
            try await Task.sleep(for: .milliseconds(10))
        }
        return observation
    }
}

/// The shared state of a server's handlers.
final class ObservationBox: Sendable {
    /// The observation, updated from every connection's event loop.
    let state = Mutex(StreamingBodyServer.Observation())
}

/// Answers one request with a streamed body, chunk after chunk as the writes complete.
final class StreamingBodyHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// How to answer.
    struct Settings: Sendable {
        var bodySize: Int
        var announceLength: Bool
        var contentType: String
    }

    private static let chunk = ByteBuffer(repeating: UInt8(ascii: "x"), count: 64 * 1024)
    private let settings: Settings
    private let box: ObservationBox
    private var remaining = 0
    private var active = true

    init(settings: Settings, box: ObservationBox) {
        self.settings = settings
        self.box = box
    }

    func channelInactive(context: ChannelHandlerContext) {
        active = false
        if remaining > 0 { box.state.withLock { $0.closedEarly = true } }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(let head) = unwrapInboundIn(data) else { return }
        box.state.withLock { $0.requests += 1 }
        var headers = HTTPHeaders([("content-type", settings.contentType)])
        if settings.announceLength { headers.add(name: "content-length", value: "\(settings.bodySize)") }
        context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .ok, headers: headers))), promise: nil)
        remaining = settings.bodySize
        writeNext(context: context)
    }

    /// Writes the next chunk, and the one after when it has gone out.
    private func writeNext(context: ChannelHandlerContext) {
        guard active else { return }
        guard remaining > 0 else {
            box.state.withLock { $0.completed = true }
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            return
        }
        let size = min(remaining, Self.chunk.readableBytes)
        remaining -= size
        let promise = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(Self.chunk.getSlice(at: 0, length: size) ?? ByteBuffer()))), promise: promise)
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        promise.futureResult.whenComplete { [box] result in
            switch result {
            case .success:
                box.state.withLock { $0.bytesWritten += size }
                let (handler, context) = loopBound.value
                handler.writeNext(context: context)
            case .failure:
                box.state.withLock { $0.closedEarly = true }
            }
        }
    }
}
