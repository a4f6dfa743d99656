import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// One request as a ``RecordingServer`` received it.
struct ReceivedRequest: Sendable, Equatable {
    /// The method, e.g. `GET`.
    var method: String
    /// The request target as sent (percent-encoding kept).
    var path: String
    /// The `host` header.
    var host: String
    /// The `content-type` header, if any.
    var contentType: String?
    /// The `content-length` header, if any.
    var contentLength: String?
    /// The body as text.
    var body: String
}

/// The requests a ``RecordingServer`` received, in order.
final class RequestRecorder: Sendable {
    private let requests = Mutex<[ReceivedRequest]>([])

    /// Appends a request.
    func append(_ request: ReceivedRequest) {
        requests.withLock { $0.append(request) }
    }

    /// Everything received so far.
    var all: [ReceivedRequest] { requests.withLock { $0 } }
}

/// A live HTTP/1.1 server on a port of `host` (an IPv4 or IPv6 address) that records every request
/// (``AnsweringRouter``), whatever its path, and answers each with `200` and a fixed JSON body.
enum RecordingServer {
    /// Runs `body` with the server's port and its recorder, then shuts the server down.
    static func run(
        host: String, answer: String, _ body: @Sendable (_ port: Int, _ recorder: RequestRecorder) async throws -> Void
    ) async throws {
        let recorder = RequestRecorder()
        let router = AnsweringRouter.make(recorder: recorder, status: .ok, body: answer)

        var logger = Logger(label: "recording-server")
        logger.logLevel = .warning
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname(host, port: 0)),
            onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) }, logger: logger
        )
        let services = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { portContinuation.finish() }
                try await services.run()
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else {
                try await group.waitForAll()
                throw RecordingServerError.notStarted(host: host)
            }
            do {
                try await body(port, recorder)
            } catch {
                await services.triggerGracefulShutdown()
                throw error
            }
            await services.triggerGracefulShutdown()
            try await group.waitForAll()
        }
    }
}

/// The server stopped before it reported its port.
enum RecordingServerError: Error {
    case notStarted(host: String)
}
