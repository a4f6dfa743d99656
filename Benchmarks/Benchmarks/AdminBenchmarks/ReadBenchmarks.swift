import AdminCore
import Benchmark
import Foundation
import Synchronization

/// Schema reads over HTTP, read as ratios within one run:
///
/// - "GET /services, 1,000 services" against "GET the same bytes from a constant buffer" on the
///   same server: how close serving the registry is to serving those bytes at all (target ≥ 0.5×
///   its rate).
/// - "GET /services revalidated (304)" against "GET /health": a revalidation costs one version
///   probe and a tag comparison (target ≥ 0.8× the rate of /health).
/// - "GET /deployments, 10,000 deployments, after a change": the first list after each change,
///   served in-process (server time, target ≤ 150 ms), with the rise of resident memory during it
///   as `rss rise (MiB)` (target ≤ 50 MiB).
/// - "resident memory, 10,000 deployments after a full list": the process's resident set with the
///   registry in memory and one list encoded (`rss (MiB)`, target ≤ 150 MiB).
func readBenchmarks() {
    let requests = 200
    let services = ServerHolder()
    let throughput: Benchmark.Configuration = .init(
        metrics: [.wallClock, .throughput], warmupIterations: 2, scalingFactor: .one, maxDuration: .seconds(5), maxIterations: 60
    )

    Benchmark("GET /services, 1,000 services (SQLite), \(requests) requests", configuration: throughput) { benchmark in
        let server = try services.get()
        benchmark.startMeasurement()
        try await server.load("/services", count: requests)
        benchmark.stopMeasurement()
    } setup: {
        let server = try await ReadServer(fixture: Fixture(backend: .sqlite, deployments: 1_000, distinctServices: true, handlers: 8))
        let (_, body, _) = try await server.get("/services")
        server.setConstant(body)
        services.set(server)
    } teardown: {
        try await services.take()?.close()
    }

    Benchmark("GET the same bytes from a constant buffer, \(requests) requests", configuration: throughput) { benchmark in
        let server = try services.get()
        benchmark.startMeasurement()
        try await server.load("/bench/constant", count: requests)
        benchmark.stopMeasurement()
    } setup: {
        let server = try await ReadServer(fixture: Fixture(backend: .sqlite, deployments: 1_000, distinctServices: true, handlers: 8))
        let (_, body, _) = try await server.get("/services")
        server.setConstant(body)
        services.set(server)
    } teardown: {
        try await services.take()?.close()
    }

    Benchmark("GET /services revalidated (304), \(requests) requests", configuration: throughput) { benchmark in
        let server = try services.get()
        let (_, _, tag) = try await server.get("/services")
        benchmark.startMeasurement()
        try await server.load("/services", count: requests, ifNoneMatch: tag)
        benchmark.stopMeasurement()
    } setup: {
        services.set(try await ReadServer(fixture: Fixture(backend: .sqlite, deployments: 1_000, distinctServices: true, handlers: 8)))
    } teardown: {
        try await services.take()?.close()
    }

    Benchmark("GET /health, \(requests) requests", configuration: throughput) { benchmark in
        let server = try services.get()
        benchmark.startMeasurement()
        try await server.load("/health", count: requests)
        benchmark.stopMeasurement()
    } setup: {
        services.set(try await ReadServer(fixture: Fixture(backend: .sqlite, deployments: 1_000, distinctServices: true, handlers: 8)))
    } teardown: {
        try await services.take()?.close()
    }

    let large = ServerHolder()
    Benchmark(
        "GET /deployments, 10,000 deployments (SQLite), first request after a change",
        configuration: .init(
            metrics: [.wallClock, .custom("rss rise (MiB)", polarity: .prefersSmaller, useScalingFactor: false)],
            warmupIterations: 1, scalingFactor: .one, maxDuration: .seconds(20), maxIterations: 12
        )
    ) { benchmark in
        let server = try large.get()
        _ = try await server.fixture.registerNext()
        ResidentMemory.resetPeak()
        let before = ResidentMemory.current
        benchmark.startMeasurement()
        let (status, body, _) = try await server.get("/deployments")
        benchmark.stopMeasurement()
        benchmark.measurement(.custom("rss rise (MiB)"), max(ResidentMemory.peak - before, 0) >> 20)
        guard status == 200, body.readableBytes > 1 << 20 else { throw BenchmarkFailure("GET /deployments answered \(status)") }
    } setup: {
        large.set(try await ReadServer(fixture: Fixture(backend: .sqlite, deployments: 10_000, distinctServices: true, handlers: 8)))
    } teardown: {
        try await large.take()?.close()
    }

    let idle = ServerHolder()
    Benchmark(
        "resident memory, 10,000 deployments after a full list (SQLite)",
        configuration: .init(
            metrics: [.custom("rss (MiB)", polarity: .prefersSmaller, useScalingFactor: false)], warmupIterations: 0, scalingFactor: .one,
            maxDuration: .seconds(5), maxIterations: 1
        )
    ) { benchmark in
        let server = try idle.get()
        _ = try await server.get("/deployments")
        benchmark.measurement(.custom("rss (MiB)"), ResidentMemory.current >> 20)
    } setup: {
        idle.set(try await ReadServer(fixture: Fixture(backend: .sqlite, deployments: 10_000, distinctServices: true, handlers: 8)))
    } teardown: {
        try await idle.take()?.close()
    }
}

/// Hands a server from a benchmark's setup hook to its body.
final class ServerHolder: Sendable {
    private let server = Mutex<ReadServer?>(nil)

    func set(_ value: ReadServer) { server.withLock { $0 = value } }

    func get() throws -> ReadServer {
        guard let value = server.withLock({ $0 }) else { throw CancellationError() }
        return value
    }

    func take() -> ReadServer? {
        server.withLock { value in
            defer { value = nil }
            return value
        }
    }
}
