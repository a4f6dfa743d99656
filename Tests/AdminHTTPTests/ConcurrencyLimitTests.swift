import AdminCore
import AdminHTTP
import AdminHTTPTestSupport
import AdminTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

/// A discovery client that holds every discovery until ``release()``, so a registration can be
/// kept in flight while other requests arrive.
final class GatedDiscoveryClient: DiscoveryClient {
    let base = StubDiscoveryClient()
    private let entered: AsyncStream<Void>
    private let enteredContinuation: AsyncStream<Void>.Continuation
    private let gate = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    init() {
        (entered, enteredContinuation) = AsyncStream.makeStream()
    }

    func discover(_ request: DiscoveryRequest) async throws -> DiscoveredEndpoint {
        enteredContinuation.yield()
        await withCheckedContinuation { continuation in
            let open = gate.withLock { gate in
                if !gate.open { gate.waiters.append(continuation) }
                return gate.open
            }
            if open { continuation.resume() }
        }
        return try await base.discover(request)
    }

    /// Returns once a discovery has started (and is held).
    func waitUntilEntered() async {
        var iterator = entered.makeAsyncIterator()
        _ = await iterator.next()
    }

    /// Lets every held and future discovery through.
    func release() {
        let waiters = gate.withLock { gate in
            gate.open = true
            defer { gate.waiters = [] }
            return gate.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}

@Suite("The global concurrency limit (admin.concurrent-api-requests-limit)", .capturingLogs)
struct ConcurrencyLimitTests {
    static let uri = "http://held.example:9080/"

    /// Runs `body` against a router whose discoveries are held by `discovery`.
    private func withServer(limit: Int?, _ body: @Sendable (Client, GatedDiscoveryClient) async throws -> Void) async throws {
        let discovery = GatedDiscoveryClient()
        let manifest =
            #"{"protocolMode":"BIDI_STREAM","minProtocolVersion":5,"maxProtocolVersion":6,"services":[{"name":"Greeter","ty":"SERVICE","handlers":[{"name":"greet"}]}]}"#
        discovery.base.respond(to: .http(try DeploymentURI(parsing: Self.uri), useHTTP11: false), with: .init(body: Data(manifest.utf8)))
        let service = AdminService(storage: InMemoryStorage(), discovery: discovery, configuration: .init(), logger: TestLogging.logger())
        let app = buildApplication(service: service, configuration: .init(concurrentRequestsLimit: limit), logger: TestLogging.logger())
        try await app.test(.router) { client in try await body(Client(client: client), discovery) }
    }

    @Test("With every slot taken, any request gets 429 with an empty body; a freed slot serves again")
    func shedsBeyondTheLimit() async throws {
        try await withServer(limit: 1) { (client: Client, discovery: GatedDiscoveryClient) async throws in
            async let registration = client.send(.post, "/deployments", json: #"{"uri": "\#(Self.uri)"}"#)
            // Released on every path (declared after `registration`, so it runs before the implicit
            // await of it), or a thrown error would leave the registration hanging.
            defer { discovery.release() }
            await discovery.waitUntilEntered()
            for path in ["/health", "/deployments", "/nowhere", "/v1/services"] {
                let shed = try await client.send(.get, path)
                #expect(shed.status == 429, "\(path)")
                #expect(shed.text.isEmpty && shed.headers[.contentType] == nil, "\(path): \(shed.headers) \(shed.text)")
            }
            discovery.release()
            let registered = try await registration
            #expect(registered.status == 201, "\(registered.text)")
            #expect(try await client.send(.get, "/health").status == 200)
            #expect(try await client.send(.get, "/deployments").json["deployments"] as? [Any] != nil)
        }
    }

    @Test("A limit of 2 admits a second request while one is held")
    func admitsUpToTheLimit() async throws {
        try await withServer(limit: 2) { (client: Client, discovery: GatedDiscoveryClient) async throws in
            async let registration = client.send(.post, "/deployments", json: #"{"uri": "\#(Self.uri)"}"#)
            // Released on every path (declared after `registration`, so it runs before the implicit
            // await of it), or a thrown error would leave the registration hanging.
            defer { discovery.release() }
            await discovery.waitUntilEntered()
            #expect(try await client.send(.get, "/health").status == 200)
            discovery.release()
            #expect(try await registration.status == 201)
        }
    }

    @Test("Without a limit (the default) nothing is shed")
    func unlimitedByDefault() async throws {
        try await withServer(limit: nil) { (client: Client, discovery: GatedDiscoveryClient) async throws in
            async let registration = client.send(.post, "/deployments", json: #"{"uri": "\#(Self.uri)"}"#)
            // Released on every path (declared after `registration`, so it runs before the implicit
            // await of it), or a thrown error would leave the registration hanging.
            defer { discovery.release() }
            await discovery.waitUntilEntered()
            for _ in 0..<5 { #expect(try await client.send(.get, "/health").status == 200) }
            discovery.release()
            #expect(try await registration.status == 201)
        }
    }
}
