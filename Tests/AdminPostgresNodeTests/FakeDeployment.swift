import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// An in-process HTTP/1.1 server standing in for a Restate deployment: every `GET …/discover`
/// answers one endpoint manifest declaring the services `Greeter` and `Counter`. Each path under
/// it is therefore an address of its own: registering a new path creates a new deployment, and
/// raises the revision of both services by one.
enum FakeDeployment {
    /// The manifest every path answers (request/response mode, protocol versions 5 to 6).
    static let manifest = """
        {"protocolMode":"REQUEST_RESPONSE","minProtocolVersion":5,"maxProtocolVersion":6,"services":[\
        {"name":"Greeter","ty":"SERVICE","handlers":[{"name":"greet"}]},\
        {"name":"Counter","ty":"VIRTUAL_OBJECT","handlers":[{"name":"add"},{"name":"get"}]}]}
        """

    /// The content type of `manifest`.
    static let contentType = "application/vnd.restate.endpointmanifest.v3+json"

    /// The running server.
    struct Endpoint: Sendable {
        /// `http://127.0.0.1:<port>`: append a path to make the address of a deployment.
        let baseURL: String
        /// How many discovery requests the server has received and not answered yet.
        let discoveriesInProgress: DiscoveryCounter
    }

    /// Counts the discovery requests being answered.
    final class DiscoveryCounter: Sendable {
        private let count = Atomic(0)

        /// The requests received and not answered yet.
        var value: Int { count.load(ordering: .relaxed) }

        fileprivate func add(_ delta: Int) { count.add(delta, ordering: .relaxed) }
    }

    /// Runs `body` with the running server, which answers each discovery after `delay`; it shuts
    /// down afterwards (also when `body` throws).
    static func run<T>(delay: Duration = .zero, logger: Logger, _ body: (Endpoint) async throws -> T) async throws -> T {
        let counter = DiscoveryCounter()
        let router = Router()
        router.get("**") { request, _ -> Response in
            guard request.uri.path.hasSuffix("/discover") else { return Response(status: .notFound) }
            counter.add(1)
            defer { counter.add(-1) }
            if delay > .zero { try await Task.sleep(for: delay) }
            return Response(
                status: .ok, headers: [.contentType: contentType], body: ResponseBody(byteBuffer: ByteBuffer(string: manifest)))
        }
        let (ports, announce) = AsyncStream.makeStream(of: Int.self)
        let application = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                announce.yield(channel.localAddress?.port ?? 0)
                announce.finish()
            },
            logger: logger)
        let services = ServiceGroup(configuration: .init(services: [application], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { announce.finish() }
                try await services.run()
            }
            do {
                var iterator = ports.makeAsyncIterator()
                guard let port = await iterator.next(), port > 0 else { throw NodeTestFailure("the fake deployment did not start") }
                let result = try await body(Endpoint(baseURL: "http://127.0.0.1:\(port)", discoveriesInProgress: counter))
                await services.triggerGracefulShutdown()
                try await group.waitForAll()
                return result
            } catch {
                await services.triggerGracefulShutdown()
                try? await group.waitForAll()
                throw error
            }
        }
    }
}
