import NIOCore
import Synchronization

/// What the pipeline of one connection observed: the first bytes the server sent and (HTTP/2) the
/// first connection error. Used to tell "an HTTP/1.1 server answered the h2 preface" (META0014) and
/// "an HTTP/2-only server answered an HTTP/1.1 request" (PossibleHTTP2Only) from other failures.
final class ConnectionDiagnostics: Sendable {
    private struct State {
        var firstBytes: [UInt8] = []
        var error: (any Error)?
    }

    private let state = Mutex(State())

    /// Records up to 16 leading bytes received.
    func recordInbound(_ buffer: ByteBuffer) {
        state.withLock { state in
            guard state.firstBytes.count < 16 else { return }
            let wanted = min(16 - state.firstBytes.count, buffer.readableBytes)
            state.firstBytes += buffer.getBytes(at: buffer.readerIndex, length: wanted) ?? []
        }
    }

    /// Records the first connection-level error.
    func recordError(_ error: any Error) {
        state.withLock { state in
            if state.error == nil { state.error = error }
        }
    }

    /// Whether the server answered with an HTTP/1-style status line instead of HTTP/2 frames.
    var serverAnsweredHTTP1: Bool {
        state.withLock { state in
            state.firstBytes.starts(with: Array("HTTP/".utf8))
        }
    }

    /// Turns a failed HTTP/1.1 exchange into the PossibleHTTP2Only class when the server sent bytes
    /// that cannot start an HTTP/1 status line (Restate: hyper's "invalid HTTP version parsed"),
    /// e.g. the SETTINGS frame an h2c-only server opens with.
    func refineHTTP1(_ error: DiscoveryAttemptError) -> DiscoveryAttemptError {
        let statusLinePrefix = Array("HTTP/1.".utf8)
        let answeredOtherProtocol = state.withLock { state in
            let count = min(state.firstBytes.count, statusLinePrefix.count)
            return count > 0 && state.firstBytes.prefix(count).elementsEqual(statusLinePrefix.prefix(count)) == false
        }
        switch error {
        case .other where answeredOtherProtocol:
            return .possibleHTTP2Only("invalid HTTP version parsed")
        default:
            return error
        }
    }

    /// Turns an attempt error into META0014's class when the server evidently speaks HTTP/1.1 only
    /// (Restate detects the resulting h2 FRAME_SIZE_ERROR).
    func refine(_ error: DiscoveryAttemptError) -> DiscoveryAttemptError {
        if serverAnsweredHTTP1 {
            return .possibleHTTP11Only("http2 error: connection error detected: frame with invalid size")
        }
        if let recorded = state.withLock({ $0.error }) {
            if case .connect = error { return error }
            return .other("http2 error: \(String(describing: recorded))")
        }
        return error
    }
}

/// Sits in front of the HTTP/2 or HTTP/1.1 handlers and records the first bytes received.
final class FirstBytesSniffer: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let diagnostics: ConnectionDiagnostics

    init(diagnostics: ConnectionDiagnostics) { self.diagnostics = diagnostics }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        diagnostics.recordInbound(unwrapInboundIn(data))
        context.fireChannelRead(data)
    }
}

/// Sits behind the HTTP/2 handler, records the connection errors it reports and closes the
/// connection (the HTTP/2 handler only sends GOAWAY, which would leave the stream waiting).
final class ConnectionErrorRecorder: ChannelInboundHandler, Sendable {
    typealias InboundIn = Any

    private let diagnostics: ConnectionDiagnostics

    init(diagnostics: ConnectionDiagnostics) { self.diagnostics = diagnostics }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        diagnostics.recordError(error)
        context.close(promise: nil)
    }
}
