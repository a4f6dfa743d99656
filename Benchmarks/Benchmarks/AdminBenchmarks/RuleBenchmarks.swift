import AdminCore
import Benchmark
import Foundation

/// `rules: register S services × 10 handlers` (S = 1, 10, 100): the pure registration rules, with
/// no storage commit: decode and validate the manifest (`DiscoveryResponseValidator`), then
/// `SchemaUpdater.register` against an in-memory registry that already holds the same services
/// (each iteration proposes their next revision, so the breaking-change checks run too).
///
/// `duration: parse` and `duration: print`: the duration grammar and printer, separately.
func ruleBenchmarks() {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput], warmupIterations: 2, scalingFactor: .one, maxDuration: .seconds(1), maxIterations: 5_000
    )
    for services in [1, 10, 100] {
        let registry = Holder<InMemoryStorage>()
        let body = Fixture.manifest(services: services, handlers: 10)
        Benchmark("rules: register \(services) services × 10 handlers", configuration: configuration) { benchmark in
            let storage = try registry.get()
            let request = RegistrationRequest(address: Fixture.address("run", 1), allowBreaking: .yes)
            for _ in benchmark.scaledIterations {
                let discovered = try DiscoveryResponseValidator.validate(
                    contentType: "application/vnd.restate.endpointmanifest.v4+json", body: body, transport: .http(.http2), serverHeader: nil
                )
                let changes = try await storage.read { reader in
                    try SchemaUpdater.register(
                        request, discovered: discovered, in: reader, configuration: AdminConfiguration(), newID: DeploymentID.generate(),
                        now: 1
                    ).changes
                }
                blackHole(changes)
            }
        } setup: {
            let storage = InMemoryStorage()
            let discovered = try DiscoveryResponseValidator.validate(
                contentType: "application/vnd.restate.endpointmanifest.v4+json", body: body, transport: .http(.http2), serverHeader: nil
            )
            try await storage.write { writer in
                let (changes, _) = try SchemaUpdater.register(
                    RegistrationRequest(address: Fixture.address("seed", 0)), discovered: discovered, in: writer,
                    configuration: AdminConfiguration(), newID: DeploymentID.generate(), now: 0
                )
                try changes.apply(to: writer)
            }
            registry.set(storage)
        } teardown: {
            try await registry.take()?.close()
        }
    }

    let text = "1 day 12 hours 4m 2.5s"
    Benchmark("duration: parse", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try RestateDuration(parsing: text)) }
    }
    let duration = Holder<RestateDuration>()
    Benchmark("duration: print", configuration: configuration) { benchmark in
        let value = try duration.get()
        for _ in benchmark.scaledIterations { blackHole(value.description) }
    } setup: {
        duration.set(try RestateDuration(parsing: text))
    }
}
