import Foundation

#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// Pre-filled registries on disk, shared by the benchmark processes of one run.
///
/// ordo-one/benchmark runs every benchmark in a process of its own, so the registration
/// benchmarks of one (backend, N) at 1, 4 and 16 concurrent registrations cannot share a fixture
/// in memory. The first of them seeds the registry and keeps its closed files as a template (named
/// after the benchmark runner's process and this executable's build); each benchmark then starts
/// from a copy of the template. Templates of runners that have exited are deleted. The in-memory
/// backend has no files, and PostgreSQL keeps its registry in a database of the fixture's own:
/// both are seeded in each process.
enum FixtureTemplate {
    /// A fixture of `backend` pre-filled with `deployments` deployments, from the run's template.
    static func fixture(backend: Fixture.Backend, deployments: Int) async throws -> Fixture {
        guard backend != .inMemory, backend != .postgres else { return try await Fixture(backend: backend, deployments: deployments) }
        let files = FileManager.default
        let template = files.temporaryDirectory.appendingPathComponent("\(prefix)\(getppid())-\(build)-\(backend.rawValue)-\(deployments)")
        if !files.fileExists(atPath: template.path) {
            removeStale()
            let seeded = try await Fixture(backend: backend, deployments: deployments)
            try await seeded.storage.close()
            try files.moveItem(at: seeded.directory, to: template)
        }
        let directory = Fixture.newDirectory()
        try files.copyItem(at: template, to: directory)
        // LMDB's lock file describes the processes that had the environment open.
        try? files.removeItem(at: directory.appendingPathComponent("lmdb/lock.mdb"))
        return try await Fixture(backend: backend, directory: directory)
    }

    private static let prefix = "admin-bench-template-"

    /// The modification time of this executable, so that a rebuilt benchmark never reuses a template.
    private static var build: Int {
        let executable = Bundle.main.executableURL?.resolvingSymlinksInPath().path ?? CommandLine.arguments[0]
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: executable),
            let modified = attributes[.modificationDate] as? Date
        else { return 0 }
        return Int(modified.timeIntervalSince1970)
    }

    /// Deletes the templates of benchmark runners that are no longer running.
    private static func removeStale() {
        let files = FileManager.default
        let names = (try? files.contentsOfDirectory(atPath: files.temporaryDirectory.path)) ?? []
        for name in names where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count).prefix { $0 != "-" }) else { continue }
            if kill(pid, 0) != 0, errno == ESRCH {
                try? files.removeItem(at: files.temporaryDirectory.appendingPathComponent(name))
            }
        }
    }
}
