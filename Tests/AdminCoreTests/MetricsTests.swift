import AdminCore
import AdminLMDB
import AdminSQLite
import AdminStorageTestKit
import AdminTestSupport
import Foundation
import Metrics
import MetricsTestKit
import Testing

/// The metrics a registration, a discovery and a storage commit move (``AdminMetrics``), recorded
/// to a test factory passed in (never the process-wide `MetricsSystem`).
@Suite("Metrics", .capturingLogs)
struct MetricsTests {
    static func outcome(_ metrics: TestMetrics, _ outcome: String) -> Int64 {
        metrics.counterTotal(label: AdminMetrics.registrations, dimensions: [("outcome", outcome)])
    }

    @Test("Registrations are counted by outcome; discoveries are timed and failures counted by META code")
    func registrationsAndDiscovery() async throws {
        let metrics = TestMetrics()
        let harness = RegistryHarness(metrics: AdminMetrics(factory: metrics))
        let greeter = [RegistryHarness.service("Greeter", handlers: ["greet"])]

        try await harness.register("http://a:9080/", greeter)
        #expect(Self.outcome(metrics, "created") == 1)
        try await harness.register("http://a:9080/", greeter)
        #expect(Self.outcome(metrics, "unchanged") == 1)
        try await harness.register("http://a:9080/", greeter, force: true)
        #expect(Self.outcome(metrics, "overwritten") == 1)
        try await harness.register("http://b:9080/", [RegistryHarness.service("Other", handlers: ["x"])], dryRun: true)
        #expect(Self.outcome(metrics, "dry_run") == 1)
        // A breaking change: the handler is removed without --breaking.
        await #expect(throws: AdminError.self) {
            try await harness.register("http://c:9080/", [RegistryHarness.service("Greeter", handlers: ["other"])])
        }
        #expect(Self.outcome(metrics, "conflict") == 1)
        // Nothing answers at d: the stub fails with META0003.
        await #expect(throws: AdminError.self) {
            _ = try await harness.admin.registerDeployment(
                RegistrationRequest(address: .http(try DeploymentURI(parsing: "http://d:9080/"), useHTTP11: false)))
        }
        #expect(Self.outcome(metrics, "discovery") == 1)
        #expect(metrics.counterTotal(label: AdminMetrics.registrations) == 6, "one count per call")

        #expect(metrics.counterTotal(label: AdminMetrics.discoveryFailures, dimensions: [("code", "META0003")]) == 1)
        let succeeded = try metrics.expectTimer(AdminMetrics.discoveryDuration, [("outcome", "ok")])
        let failed = try metrics.expectTimer(AdminMetrics.discoveryDuration, [("outcome", "failed")])
        // The unchanged registration did not contact the endpoint: 4 discoveries succeeded (the
        // breaking one was discovered, then refused by the rules).
        #expect(succeeded.values.count == 4 && failed.values.count == 1)
        #expect(succeeded.values.allSatisfy { $0 >= 0 })
    }

    @Test("A bad manifest is counted under its own META code")
    func badManifestCode() async throws {
        let metrics = TestMetrics()
        let harness = RegistryHarness(metrics: AdminMetrics(factory: metrics))
        await #expect(throws: AdminError.self) {
            try await harness.register("http://a:9080/", [RegistryHarness.service("Greeter", handlers: ["greet"])], min: 1, max: 2)
        }
        #expect(metrics.counterTotal(label: AdminMetrics.discoveryFailures, dimensions: [("code", "META0012")]) == 1)
        #expect(Self.outcome(metrics, "discovery") == 1)
    }

    enum Backend: String, CaseIterable, Sendable { case sqlite, lmdb }

    @Test("Each durable commit records its duration and how many writes it carried", arguments: Backend.allCases)
    func commits(_ backend: Backend) async throws {
        try await TemporaryDirectory.with { directory in
            let metrics = TestMetrics()
            let storage: any Storage =
                switch backend {
                case .sqlite: try SQLiteStorage(path: directory.appending(path: "admin.sqlite"), metrics: AdminMetrics(factory: metrics))
                case .lmdb: try LMDBStorage(directory: directory, metrics: AdminMetrics(factory: metrics))
                }
            let writes = 40
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<writes {
                    group.addTask {
                        try await storage.write { try $0.setServiceState(service: "S", key: "k\(i)", state: ["v": [UInt8(i)]]) }
                    }
                }
                try await group.waitForAll()
            }
            // A write whose body throws is not durable and not counted.
            struct Refused: Error {}
            await #expect(throws: Refused.self) { try await storage.write { _ in throw Refused() } }
            try await storage.close()

            let sizes = try metrics.expectRecorder(AdminMetrics.commitGroupSize, [("backend", backend.rawValue)]).values
            let durations = try metrics.expectTimer(AdminMetrics.commitDuration, [("backend", backend.rawValue)]).values
            #expect(sizes.reduce(0, +) == Double(writes), "every write counted once, in the commit that made it durable")
            #expect(sizes.allSatisfy { $0 >= 1 && $0 <= Double(GroupCommit<ScriptedCommitEngine>.maximumBatch) })
            #expect(durations.count == sizes.count && durations.allSatisfy { $0 > 0 })
        }
    }
}
