import AdminCore
import AdminLMDB
import AdminSQLite
import Benchmark
import Foundation

/// Registration throughput, read as ratios against baselines measured in the same run:
///
/// - "baseline: decode one manifest" is the unavoidable CPU work of a registration (parsing what
///   the SDK sent). "register … (InMemoryStorage)" divided by it is the cost of the rules.
/// - "baseline: durable commit (SQLite|LMDB)" is the smallest durable write transaction the
///   backend can make (one counter bump, synchronous commit): the disk's limit for one-at-a-time
///   writes. "register … (SQLite|LMDB)" divided by it says how close a registration is to that
///   limit.
/// - Each registration benchmark runs against registries of 10 and 10,000 deployments: the rules
///   read only what a request touches, so the two should be equal.
/// - "16 concurrent registrations" runs 16 registrations at once per iteration. Divided by 16 and
///   by the durable commit, it says how much group commit lets concurrent registrations share the
///   disk's syncs: below 1 means more registrations per second than one-at-a-time commits allow.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        warmupIterations: 1, maxDuration: .seconds(3), maxIterations: 1_000
    )

    Benchmark("baseline: decode one manifest") { benchmark in
        let body = Fixture.manifest(service: "greeter.Greeter")
        for _ in benchmark.scaledIterations {
            blackHole(try EndpointManifest.decode(body))
        }
    }

    Benchmark("parse and print a duration") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try RestateDuration(parsing: "1 day 12 hours 4m 2.5s").description)
        }
    }

    for backend in Fixture.Backend.allCases {
        if backend != .inMemory {
            let holder = FixtureHolder()
            Benchmark("baseline: durable commit (\(backend.rawValue))") { benchmark in
                let storage = try holder.get().storage
                benchmark.startMeasurement()
                for _ in benchmark.scaledIterations {
                    try await storage.write { try $0.setSchemaVersion($0.schemaVersion() + 1) }
                }
                benchmark.stopMeasurement()
            } setup: {
                try await holder.set(Fixture(backend: backend, deployments: 0))
            } teardown: {
                try await holder.take()?.close()
            }
        }
        let concurrent = FixtureHolder()
        Benchmark("16 concurrent registrations (\(backend.rawValue))") { benchmark in
            let fixture = try concurrent.get()
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<16 { group.addTask { blackHole(try await fixture.registerNext()) } }
                    try await group.waitForAll()
                }
            }
            benchmark.stopMeasurement()
        } setup: {
            try await concurrent.set(Fixture(backend: backend, deployments: 10))
        } teardown: {
            try await concurrent.take()?.close()
        }
        for size in [10, 10_000] {
            let holder = FixtureHolder()
            Benchmark("register into a registry of \(size) deployments (\(backend.rawValue))") { benchmark in
                let fixture = try holder.get()
                benchmark.startMeasurement()
                for _ in benchmark.scaledIterations {
                    blackHole(try await fixture.registerNext())
                }
                benchmark.stopMeasurement()
            } setup: {
                try await holder.set(Fixture(backend: backend, deployments: size))
            } teardown: {
                try await holder.take()?.close()
            }
        }
    }
    readBenchmarks()
}
