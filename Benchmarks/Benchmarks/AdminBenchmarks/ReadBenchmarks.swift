import AdminCore
import Benchmark
import Foundation

/// Schema reads over HTTP, read as ratios within one run:
///
/// - "GET /services, 1,000 services" against "GET the same bytes from a constant buffer" on the
///   same server: how close serving the registry is to serving those bytes at all (target ≥ 0.5×
///   its rate).
/// - "GET /services revalidated (304)" against "GET /health": a revalidation costs one version
///   probe and a tag comparison (target ≥ 0.8× the rate of /health).
///
/// The rates are measured by `wrk` (4 connections, one thread) against the server in this process,
/// as `requests/s (wrk)`; `wrk` must be installed (`apt-get install wrk`).
/// Every benchmark here also records throughput: ordo-one's `jmh` export (which run.sh reads)
/// skips a benchmark without it, and fails on one whose samples all last 2 s or more (a throughput
/// of 0 samples/s), hence `wrk` runs of 1 s.
/// - "GET /deployments, 10,000 deployments, after a change": the first list after each change: the
///   round trip (wall clock, a 9 MB body over loopback), the time the server spent producing the
///   response as `server time (ms)` (target ≤ 150 ms), and the rise of resident memory during it as
///   `rss rise (MiB)` (target ≤ 50 MiB).
/// - "resident memory, 10,000 deployments after a full list": the process's resident set with the
///   registry in memory and one list encoded (`rss (MiB)`, target ≤ 150 MiB).
func readBenchmarks() {
    let rates = Holder<ReadServer>()
    let rate: Benchmark.Configuration = .init(
        metrics: [.throughput, .wallClock, .custom("requests/s (wrk)", polarity: .prefersLarger, useScalingFactor: false)],
        warmupIterations: 1, scalingFactor: .one, maxDuration: .seconds(30), maxIterations: 3
    )
    let readRegistry = { try await ReadServer(fixture: Fixture(backend: .sqlite, deployments: 1_000, distinctServices: true, handlers: 8)) }
    let measured: [(name: String, path: String, headers: @Sendable (ReadServer) async throws -> [String])] = [
        ("read: GET /services, 1,000 services (SQLite)", "/services", { _ in [] }),
        ("read: GET the same bytes from a constant buffer", "/bench/constant", { _ in [] }),
        ("read: GET /services revalidated (304)", "/services", { server in ["If-None-Match: \(try await server.get("/services").tag ?? "")"] }),
        ("read: GET /health", "/health", { _ in [] }),
    ]
    for (name, path, headers) in measured {
        Benchmark(name, configuration: rate) { benchmark in
            let server = try rates.get()
            let extra = try await headers(server)
            benchmark.measurement(.custom("requests/s (wrk)"), try await server.rate(path, headers: extra))
        } setup: {
            let server = try await readRegistry()
            server.setConstant(try await server.get("/services").body)
            rates.set(server)
        } teardown: {
            try await rates.take()?.close()
        }
    }

    let quick = Benchmark.Configuration(metrics: [.wallClock, .throughput], warmupIterations: 10, maxDuration: .seconds(1), maxIterations: 10_000)
    for backend in Fixture.Backend.local {
        let holder = FixtureHolder()
        Benchmark("read: the version probe (\(backend.rawValue))", configuration: quick) { benchmark in
            let fixture = try holder.get()
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations { blackHole(try await fixture.storage.registryVersion()) }
            benchmark.stopMeasurement()
        } setup: {
            holder.set(try await Fixture(backend: backend, deployments: 10))
        } teardown: {
            try await holder.take()?.close()
        }
        let viewHolder = FixtureHolder()
        Benchmark("read: AdminService.view() (\(backend.rawValue))", configuration: quick) { benchmark in
            let fixture = try viewHolder.get()
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations { blackHole(try await fixture.admin.view().version) }
            benchmark.stopMeasurement()
        } setup: {
            viewHolder.set(try await Fixture(backend: backend, deployments: 10))
        } teardown: {
            try await viewHolder.take()?.close()
        }
    }

    let large = Holder<ReadServer>()
    Benchmark(
        "read: GET /deployments, 10,000 deployments (SQLite), first request after a change",
        configuration: .init(
            metrics: [
                .wallClock, .throughput, .custom("server time (ms)", polarity: .prefersSmaller, useScalingFactor: false),
                .custom("rss rise (MiB)", polarity: .prefersSmaller, useScalingFactor: false),
            ],
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
        let serverTime = server.lastServerTime.components
        benchmark.measurement(.custom("server time (ms)"), Int(serverTime.seconds * 1_000 + serverTime.attoseconds / 1_000_000_000_000_000))
        guard status == 200, body.readableBytes > 1 << 20 else { throw BenchmarkFailure("GET /deployments answered \(status)") }
    } setup: {
        large.set(try await ReadServer(fixture: Fixture(backend: .sqlite, deployments: 10_000, distinctServices: true, handlers: 8)))
    } teardown: {
        try await large.take()?.close()
    }

    let idle = Holder<ReadServer>()
    Benchmark(
        "read: resident memory, 10,000 deployments after a full list (SQLite)",
        configuration: .init(
            metrics: [.wallClock, .throughput, .custom("rss (MiB)", polarity: .prefersSmaller, useScalingFactor: false)], warmupIterations: 0,
            scalingFactor: .one,
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
