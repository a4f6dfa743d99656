import Benchmark
import Foundation

/// The storage's own limits, measured without this project's code:
///
/// - `raw: fdatasync`: one 64-byte `pwrite` and one `fdatasync` per iteration on a file in the
///   fixtures' temporary directory: the disk's rate of syncs, the floor under any durable commit.
/// - `raw: registration bytes (SQLite|LMDB)`: the rows or keys one registration writes, the same
///   bytes (``RegistrationBytes``, captured from a real registration), in one durable
///   transaction straight through the C API, with the backend's durability settings and a new
///   deployment id per iteration. "register: 10 deployments, 1 concurrent (backend)" ÷ this is
///   what the backend's layers and the rules add to the storage engine's own work.
func rawBenchmarks() {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput], warmupIterations: 2, scalingFactor: .one, maxDuration: .seconds(1), maxIterations: 2_000
    )
    let sync = Holder<(DiskSync, URL)>()
    Benchmark("raw: fdatasync", configuration: configuration) { benchmark in
        let (file, _) = try sync.get()
        for _ in benchmark.scaledIterations { try file.writeAndSync() }
    } setup: {
        let directory = Fixture.newDirectory()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        sync.set((try DiskSync(path: directory.appendingPathComponent("sync").path), directory))
    } teardown: {
        if let (file, directory) = sync.take() {
            file.close()
            try? FileManager.default.removeItem(at: directory)
        }
    }

    let sqlite = Holder<(RawSQLiteRegistration, URL)>()
    Benchmark("raw: registration bytes (SQLite)", configuration: configuration) { benchmark in
        let (writer, _) = try sqlite.get()
        for _ in benchmark.scaledIterations { try writer.write() }
    } setup: {
        let directory = Fixture.newDirectory()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let bytes = try await RegistrationBytes.capture()
        sqlite.set((try await RawSQLiteRegistration.create(path: directory.appendingPathComponent("raw.sqlite").path, bytes: bytes), directory))
    } teardown: {
        if let (writer, directory) = sqlite.take() {
            writer.close()
            try? FileManager.default.removeItem(at: directory)
        }
    }

    let lmdb = Holder<(RawLMDBRegistration, URL)>()
    Benchmark("raw: registration bytes (LMDB)", configuration: configuration) { benchmark in
        let (writer, _) = try lmdb.get()
        for _ in benchmark.scaledIterations { try writer.write() }
    } setup: {
        let directory = Fixture.newDirectory()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let bytes = try await RegistrationBytes.capture()
        lmdb.set((try RawLMDBRegistration(directory: directory.path, bytes: bytes), directory))
    } teardown: {
        if let (writer, directory) = lmdb.take() {
            writer.close()
            try? FileManager.default.removeItem(at: directory)
        }
    }
}
