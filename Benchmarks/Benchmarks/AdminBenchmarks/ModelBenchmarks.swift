import AdminCore
import Benchmark
import Foundation

/// `model of Restate: register into N deployments (SQLite|LMDB)`, N = 10, 1,000, 10,000: a
/// MODEL of Restate's design (``RestateModel``), not Restate: the whole registry is one value that
/// every registration reads, decodes, extends by one deployment, re-encodes and writes back in one
/// durable transaction, in the same storage engines, with the deployment records this project
/// stores. Divided by "register: N deployments, 1 concurrent (backend)", it compares a
/// whole-registry rewrite with this project's per-record writes at each N.
func modelBenchmarks() {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput], warmupIterations: 1, scalingFactor: .one, maxDuration: .seconds(2), maxIterations: 1_000
    )
    for backend in [Fixture.Backend.sqlite, .lmdb] {
        for size in [10, 1_000, 10_000] {
            let holder = Holder<(RestateModel, URL)>()
            Benchmark("model of Restate: register into \(size) deployments (\(backend.rawValue))", configuration: configuration) { benchmark in
                let (model, _) = try holder.get()
                for _ in benchmark.scaledIterations { try model.register() }
            } setup: {
                let template = try await RegistrationBytes.capture().deployment
                let seeded = try await Fixture(backend: .inMemory, deployments: size)
                let registry = try await seeded.storage.read { try $0.allDeployments() }
                try await seeded.close()
                let directory = Fixture.newDirectory()
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                holder.set((try RestateModel(backend: backend, directory: directory, registry: registry, template: template), directory))
            } teardown: {
                if let (model, directory) = holder.take() {
                    model.close()
                    try? FileManager.default.removeItem(at: directory)
                }
            }
        }
    }
}
