import AdminCore
import Benchmark
import Foundation

/// Every benchmark of the suite, each run by ordo-one/benchmark in a process of its own. Figures
/// are read as ratios within one run:
///
/// - In-process registration figures: ``rawBenchmarks()`` (the disk's sync rate and one
///   registration's bytes written straight through the storage engine),
///   ``registrationBenchmarks()`` (registrations through `AdminService` by backend, registry size
///   and concurrency), ``ruleBenchmarks()`` (the rules alone, and durations) and
///   ``modelBenchmarks()`` (a model of Restate's whole-registry rewrite in the same storage).
/// - "baseline: decode one manifest" is the unavoidable CPU work of a registration (parsing what
///   the SDK sent).
/// - Reads over HTTP: ``readBenchmarks()``; end to end over HTTP: ``endToEndBenchmarks()``.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        warmupIterations: 1, maxDuration: .seconds(1), maxIterations: 1_000
    )

    Benchmark("baseline: decode one manifest") { benchmark in
        let body = Fixture.manifest(service: "greeter.Greeter")
        for _ in benchmark.scaledIterations {
            blackHole(try EndpointManifest.decode(body))
        }
    }

    rawBenchmarks()
    registrationBenchmarks()
    ruleBenchmarks()
    modelBenchmarks()
    readBenchmarks()
    endToEndBenchmarks()
}
