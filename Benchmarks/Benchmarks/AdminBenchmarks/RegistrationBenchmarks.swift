import AdminCore
import Benchmark
import Foundation

/// `register: N deployments, C concurrent (backend)`: registrations through `AdminService` with
/// the stub discovery, on a registry pre-filled with N deployments (10, 1,000, 10,000), C
/// registrations started together per iteration (1, 4, 16).
///
/// How to read it: `wallClock` is the time of one iteration, i.e. of C registrations in flight at
/// once (the time until the last of them committed); `throughput` counts iterations (batches of
/// C) per second; `registrations/s` is C ÷ that iteration's wall clock, the registrations
/// committed per second, comparable across C. Group commit lets concurrent registrations share a
/// sync, so `registrations/s` at 16 ÷ at 1 is the gain it brings.
///
/// The registrations of each iteration are removed again outside the measurement, so that the
/// registry keeps its N deployments. The three C variants of one (backend, N) start from copies of
/// one seeded registry (``FixtureTemplate``).
///
/// PostgreSQL (only with `ADMIN_BENCH_POSTGRES_URL`, see ``BenchmarkPostgres``) has no group
/// commit: each registration is a transaction of its own, serialized on the registry version's
/// row lock, so `registrations/s` at 16 ÷ at 1 says what concurrency buys there; N = 10 and 1,000
/// only, each fixture a fresh database seeded in its own process, and 3 s of samples instead of 1
/// (an iteration of 16 takes about 0.1 s there).
func registrationBenchmarks() {
    let registrations = BenchmarkMetric.custom("registrations/s", polarity: .prefersLarger, useScalingFactor: false)
    for backend in Fixture.Backend.available {
        let configuration = Benchmark.Configuration(
            metrics: [.wallClock, .throughput, registrations], warmupIterations: 2, scalingFactor: .one,
            maxDuration: .seconds(backend == .postgres ? 3 : 1), maxIterations: 2_000
        )
        for size in backend == .postgres ? [10, 1_000] : [10, 1_000, 10_000] {
            for concurrent in [1, 4, 16] {
                let holder = FixtureHolder()
                let name = "register: \(size) deployments, \(concurrent) concurrent (\(backend.rawValue))"
                Benchmark(name, configuration: configuration) { benchmark in
                    let fixture = try holder.get()
                    let clock = ContinuousClock()
                    benchmark.startMeasurement()
                    let start = clock.now
                    let outcomes = try await register(concurrent, into: fixture)
                    let elapsed = start.duration(to: clock.now)
                    benchmark.stopMeasurement()
                    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                    benchmark.measurement(registrations, Int((Double(concurrent) / seconds).rounded()))
                    try await fixture.remove(outcomes)
                } setup: {
                    holder.set(try await FixtureTemplate.fixture(backend: backend, deployments: size))
                } teardown: {
                    try await holder.take()?.close()
                }
            }
        }
    }
}

/// Starts `count` registrations together and waits for all of them.
private func register(_ count: Int, into fixture: Fixture) async throws -> [RegistrationOutcome] {
    guard count > 1 else { return [try await fixture.registerNext()] }
    return try await withThrowingTaskGroup(of: RegistrationOutcome.self) { group in
        for _ in 0..<count { group.addTask { try await fixture.registerNext() } }
        return try await group.reduce(into: []) { $0.append($1) }
    }
}
