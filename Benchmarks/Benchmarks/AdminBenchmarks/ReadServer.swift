import AdminCore
import AdminHTTP
import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// The admin API over a fixture's registry, served on a loopback port next to one extra route,
/// `/bench/constant`, that answers a fixed buffer: the in-process limit of serving those bytes.
final class ReadServer: Sendable {
    let fixture: Fixture
    let port: Int
    let client: HTTPClient
    private let group: Task<Void, any Error>
    private let services: ServiceGroup

    /// The same answer for every request to `/bench/constant`.
    struct Responder: HTTPResponder {
        typealias Context = AdminRequestContext
        let admin: AdminResponder
        let constant: Mutex<ByteBuffer>

        func respond(to request: Request, context: AdminRequestContext) async throws -> Response {
            if request.uri.path == "/bench/constant" {
                return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: constant.withLock { $0 }))
            }
            return try await admin.respond(to: request, context: context)
        }
    }

    private let responder: Responder

    init(fixture: Fixture) async throws {
        self.fixture = fixture
        let responder = Responder(admin: AdminRouter(service: fixture.admin).responder(), constant: Mutex(ByteBuffer()))
        self.responder = responder
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let logger = Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() }
        let app = Application(
            responder: responder, configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: nil),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger
        )
        let services = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        self.services = services
        group = Task { try await services.run() }
        var iterator = ports.makeAsyncIterator()
        port = await iterator.next() ?? 0
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 8)
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Makes `/bench/constant` answer `bytes`.
    func setConstant(_ bytes: ByteBuffer) { responder.constant.withLock { $0 = bytes } }

    /// One GET; returns the status and the body.
    func get(_ path: String, ifNoneMatch: String? = nil) async throws -> (status: Int, body: ByteBuffer, tag: String?) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        if let ifNoneMatch { request.headers.add(name: "if-none-match", value: ifNoneMatch) }
        let response = try await client.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 64 << 20)
        return (Int(response.status.code), body, response.headers.first(name: "etag"))
    }

    /// `count` GETs of `path`, `connections` at a time.
    func load(_ path: String, count: Int, connections: Int = 4, ifNoneMatch: String? = nil) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for lane in 0..<connections {
                group.addTask {
                    for _ in stride(from: lane, to: count, by: connections) {
                        let (status, _, _) = try await self.get(path, ifNoneMatch: ifNoneMatch)
                        guard status == 200 || status == 304 else { throw BenchmarkFailure("GET \(path) answered \(status)") }
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    func close() async throws {
        try await client.shutdown()
        await services.triggerGracefulShutdown()
        _ = await group.result
        try await fixture.close()
    }
}

/// A benchmark that could not run as planned.
struct BenchmarkFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The process's resident memory, from `/proc/self/status` (Linux).
enum ResidentMemory {
    /// The current resident set (`VmRSS`), in bytes.
    static var current: Int { field("VmRSS") }
    /// The peak resident set since the last ``resetPeak()`` (`VmHWM`), in bytes.
    static var peak: Int { field("VmHWM") }

    /// Resets the peak to the current resident set (`/proc/self/clear_refs`, value 5).
    static func resetPeak() { try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8) }

    private static func field(_ name: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
            let kilobytes = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
            return kilobytes * 1024
        }
        return 0
    }
}
