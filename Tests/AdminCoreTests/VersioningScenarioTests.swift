import AdminCore
import AdminLMDB
import AdminSQLite
import AdminTestSupport
import Foundation
import Testing

/// The storage backends every scenario runs against.
enum Backend: String, CaseIterable, Sendable {
    case inMemory, sqlite, lmdb

    func make(in directory: URL) throws -> any Storage {
        switch self {
        case .inMemory: return InMemoryStorage()
        case .sqlite: return try SQLiteStorage(path: directory.appendingPathComponent("admin.sqlite"))
        case .lmdb: return try LMDBStorage(directory: directory.appendingPathComponent("lmdb"))
        }
    }
}

/// Every scenario of the versioning vectors, replayed in-process through ``AdminService``.
@Suite(.capturingLogs)
struct VersioningScenarioTests {
    static let scenarios: [String] = {
        guard let all = try? Fixtures.json("versioning-scenarios") as? [[String: Any]] else { return [] }
        return all.compactMap { $0["name"] as? String }
    }()

    static func scenario(named name: String) throws -> [String: Any] {
        let all = try #require(try Fixtures.json("versioning-scenarios") as? [[String: Any]])
        return try #require(all.first { $0["name"] as? String == name })
    }

    @Test func vectorsAreLoaded() {
        #expect(Self.scenarios.count >= 50)
    }

    @Test(arguments: Backend.allCases, scenarios)
    func scenario(_ backend: Backend, _ name: String) async throws {
        let scenario = try Self.scenario(named: name)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("scenario-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let storage = try backend.make(in: directory)
        var runner = try ScenarioRunner(scenario: scenario, storage: storage)
        try await runner.run(scenario["steps"] as? [[String: Any]] ?? [])
        try await storage.close()
    }
}
