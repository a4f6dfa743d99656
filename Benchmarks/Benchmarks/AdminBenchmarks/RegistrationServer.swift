import AdminCore
import AdminDiscovery
import AdminHTTP
import AdminSQLite
import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// The admin API as `restate-admin serve` runs it (SQLite in a fresh data folder, the real
/// ``HTTPDiscoveryClient``, the Hummingbird server of `buildApplication`) on a loopback port of the
/// benchmark process, next to two fake deployments (HTTP/1.1 and h2c) to discover from, and an
/// AsyncHTTPClient to send the requests.
final class RegistrationServer: Sendable {
    /// The admin API's loopback port.
    let port: Int
    /// The client: up to 16 HTTP/1.1 connections to the admin API.
    let client: HTTPClient
    /// The fake deployment speaking HTTP/1.1.
    let http11: FakeDeployment
    /// The fake deployment speaking h2c.
    let h2c: FakeDeployment
    private let storage: SQLiteStorage
    private let directory: URL
    private let group: Task<Void, any Error>
    private let services: ServiceGroup
    private let counter = Mutex(0)

    /// Opens a fresh SQLite registry and starts the server and the deployments.
    init() async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("admin-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        storage = try SQLiteStorage(path: directory.appendingPathComponent("admin.sqlite"))
        // Logging every request would measure the terminal, not the admin.
        let logger = Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() }
        let service = AdminService(
            storage: storage, discovery: HTTPDiscoveryClient(configuration: .init(logger: logger)), logger: logger
        )
        try await service.snapshot()
        http11 = try await FakeDeployment(.http11)
        h2c = try await FakeDeployment(.h2c)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        // What `buildApplication(service:configuration:logger:)` builds, with the bound port reported.
        let configuration = AdminHTTPConfiguration(port: 0)
        let app = Application(
            responder: AdminRouter(service: service, configuration: configuration).responder(),
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: nil),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger
        )
        let services = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        self.services = services
        group = Task { try await services.run() }
        var iterator = ports.makeAsyncIterator()
        port = await iterator.next() ?? 0
        var clientConfiguration = HTTPClient.Configuration()
        clientConfiguration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 16)
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: clientConfiguration)
    }

    /// One GET; throws unless the answer is 200.
    func get(_ path: String) async throws {
        let response = try await client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)"), timeout: .seconds(30))
        _ = try await response.body.collect(upTo: 16 << 20)
        guard response.status == .ok else { throw BenchmarkFailure("GET \(path) answered \(response.status.code)") }
    }

    /// Registers a deployment never seen before on `deployment` (`POST /deployments`); with
    /// `dryRun`, only checks it. Throws unless the answer is 201 (200 for a dry run).
    func register(on deployment: FakeDeployment, dryRun: Bool = false) async throws {
        let index = counter.withLock { value in
            value += 1
            return value
        }
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/deployments")
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        let http11 = deployment.wireProtocol == .http11
        request.body = .bytes(
            ByteBuffer(string: #"{"uri":"\#(deployment.uri(index))","use_http_11":\#(http11),"dry_run":\#(dryRun)}"#)
        )
        let response = try await client.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        guard response.status == .created || (dryRun && response.status == .ok) else {
            throw BenchmarkFailure("POST /deployments answered \(response.status.code): \(String(buffer: body))")
        }
    }

    /// Stops the client, the server and the deployments, closes and deletes the registry.
    func close() async throws {
        try await client.shutdown()
        await services.triggerGracefulShutdown()
        _ = await group.result
        try await http11.close()
        try await h2c.close()
        try await storage.close()
        try? FileManager.default.removeItem(at: directory)
    }
}
