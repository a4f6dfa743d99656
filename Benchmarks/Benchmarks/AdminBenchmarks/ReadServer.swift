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
        let constant: ConstantBody
        /// How long the admin responder took to produce its last response (its body included).
        let lastServerTime: ServerTime

        func respond(to request: Request, context: AdminRequestContext) async throws -> Response {
            if request.uri.path == "/bench/constant" {
                return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: constant.withLock { $0 }))
            }
            let start = ContinuousClock.now
            let response = try await admin.respond(to: request, context: context)
            lastServerTime.set(ContinuousClock.now - start)
            return response
        }
    }

    private let responder: Responder

    init(fixture: Fixture) async throws {
        self.fixture = fixture
        let responder = Responder(admin: AdminRouter(service: fixture.admin).responder(), constant: ConstantBody(), lastServerTime: ServerTime())
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

    /// How long the admin responder took to produce its last response.
    var lastServerTime: Duration { responder.lastServerTime.get() }

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

    /// The request rate `wrk` measures for `path` over `seconds` with `connections` connections
    /// (one thread: `wrk` takes one core, the server the other). `wrk` (Debian's package) must be
    /// on `PATH`.
    func rate(_ path: String, seconds: Int = 1, connections: Int = 4, headers: [String] = []) async throws -> Int {
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/env")
        process.arguments =
            ["wrk", "-t1", "-c\(connections)", "-d\(seconds)s"] + headers.flatMap { ["-H", $0] } + ["http://127.0.0.1:\(port)\(path)"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        // Waited for without blocking a thread: the server under test runs in this process.
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            process.terminationHandler = { _ in continuation.resume() }
            do { try process.run() } catch { continuation.resume() }
        }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard process.terminationStatus == 0, !text.contains("Non-2xx") || headers.contains(where: { $0.hasPrefix("If-None-Match") }),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("Requests/sec:") }),
            let rate = Double(line.split(separator: " ").last ?? "")
        else { throw BenchmarkFailure("wrk \(path) failed: \(text)") }
        return Int(rate)
    }

    func close() async throws {
        try await client.shutdown()
        await services.triggerGracefulShutdown()
        _ = await group.result
        try await fixture.close()
    }
}

/// The bytes `/bench/constant` answers.
final class ConstantBody: Sendable {
    private let bytes = Mutex(ByteBuffer())
    func withLock<T>(_ body: (inout ByteBuffer) -> T) -> T { bytes.withLock { body(&$0) } }
}

/// The time the server spent on one request.
final class ServerTime: Sendable {
    private let value = Mutex(Duration.zero)
    func set(_ duration: Duration) { value.withLock { $0 = duration } }
    func get() -> Duration { value.withLock { $0 } }
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
