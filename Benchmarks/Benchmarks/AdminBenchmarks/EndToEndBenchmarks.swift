import Benchmark

/// End-to-end registrations: `POST /deployments` sent by AsyncHTTPClient to the admin API served
/// in this process over SQLite, each one discovering a new deployment (a new path, so a new
/// deployment is created every time) from a fake deployment in this process, over HTTP/1.1 and
/// over h2c. Read against `raw: registration bytes (SQLite)` (the same bytes committed without the
/// API) and `e2e: GET /version` (the HTTP round-trip floor).
///
/// - "sequential": one registration per iteration, one at a time.
/// - "16 connections": 16 registrations per iteration, sent at once over 16 connections; the
///   report counts 16 registrations per iteration.
/// - "dry run": discovery and the rules, nothing committed.
func endToEndBenchmarks() {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput], warmupIterations: 5, scalingFactor: .one, maxDuration: .seconds(3), maxIterations: 2_000
    )
    let holder = Holder<RegistrationServer>()
    let setUp: @Sendable () async throws -> Void = { holder.set(try await RegistrationServer()) }
    let tearDown: @Sendable () async throws -> Void = { try await holder.take()?.close() }

    Benchmark("e2e: GET /version", configuration: configuration) { benchmark in
        let server = try holder.get()
        for _ in benchmark.scaledIterations { try await server.get("/version") }
    } setup: {
        try await setUp()
    } teardown: {
        try await tearDown()
    }

    for wire in [FakeDeployment.WireProtocol.http11, .h2c] {
        Benchmark("e2e: register sequential (\(wire.rawValue) discovery)", configuration: configuration) { benchmark in
            let server = try holder.get()
            let deployment = wire == .http11 ? server.http11 : server.h2c
            for _ in benchmark.scaledIterations { try await server.register(on: deployment) }
        } setup: {
            try await setUp()
        } teardown: {
            try await tearDown()
        }

        Benchmark("e2e: register 16 connections (\(wire.rawValue) discovery)", configuration: configuration) { benchmark in
            let server = try holder.get()
            let deployment = wire == .http11 ? server.http11 : server.h2c
            for _ in benchmark.scaledIterations {
                try await withThrowingDiscardingTaskGroup { group in
                    for _ in 0..<16 { group.addTask { try await server.register(on: deployment) } }
                }
            }
        } setup: {
            try await setUp()
        } teardown: {
            try await tearDown()
        }
    }

    Benchmark("e2e: register sequential dry run (HTTP/1.1 discovery)", configuration: configuration) { benchmark in
        let server = try holder.get()
        for _ in benchmark.scaledIterations { try await server.register(on: server.http11, dryRun: true) }
    } setup: {
        try await setUp()
    } teardown: {
        try await tearDown()
    }
}
