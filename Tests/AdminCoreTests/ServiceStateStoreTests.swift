import AdminCore
import AdminSQLite
import AdminStorageTestKit
import AdminTestSupport
import Synchronization
import Testing

/// A host runtime's state store: state in a dictionary, every call recorded.
final class HostStateStore: ServiceStateStore {
    let objects = Mutex<[String: [String: [UInt8]]]>([:])
    let calls = Mutex<[String]>([])

    func state(service: String, key: String) async throws -> VersionedState {
        calls.withLock { $0.append("read \(service)/\(key)") }
        return VersionedState(objects.withLock { $0["\(service)/\(key)"] ?? [:] })
    }

    func replaceState(service: String, key: String, with newState: [String: [UInt8]], expectedVersion: String?) async throws {
        calls.withLock { $0.append("replace \(service)/\(key)") }
        try objects.withLock { objects in
            try StateRules.checkVersion(expectedVersion, current: objects["\(service)/\(key)"] ?? [:])
            objects["\(service)/\(key)"] = newState
        }
    }
}

/// `POST /services/{service}/state` semantics through ``ServiceStateStore``: the default store in
/// storage and a host's own store behave alike, and the service checks happen before either is
/// reached.
@Suite("Service state store", .capturingLogs)
struct ServiceStateStoreTests {
    static var services: [[String: Any]] {
        [
            RegistryHarness.service("Counter", "VIRTUAL_OBJECT", handlers: ["add"]), RegistryHarness.service("Greeter", handlers: ["greet"]),
        ]
    }

    @Test("A write with the version just read succeeds once; the same version again is refused and changes nothing")
    func versionSemanticsOfTheDefaultStore() async throws {
        let harness = RegistryHarness()
        try await harness.register("http://h:9080/", Self.services)
        let admin = harness.admin
        let empty = try await admin.serviceState(service: "Counter", key: "alice")
        #expect(empty.entries.isEmpty && empty.version == StateRules.version(of: [:]))
        try await admin.modifyServiceState(service: "Counter", key: "alice", newState: ["n": [1]], version: empty.version)
        let stale = await #expect(throws: AdminError.self) {
            try await admin.modifyServiceState(service: "Counter", key: "alice", newState: ["n": [2]], version: empty.version)
        }
        #expect(stale?.kind == .staleVersion)
        let after = try await admin.serviceState(service: "Counter", key: "alice")
        #expect(after.entries == ["n": [1]] && after.version == StateRules.version(of: ["n": [1]]))
    }

    @Test("Concurrent writers holding one version: exactly one wins (SQLite, group commit)")
    func concurrentWritersOnOneVersion() async throws {
        try await TemporaryDirectory.with { directory in
            let storage = try SQLiteStorage(path: directory.appending(path: "admin.sqlite"))
            let harness = RegistryHarness(storage: storage)
            try await harness.register("http://h:9080/", Self.services)
            let admin = harness.admin
            let version = try await admin.serviceState(service: "Counter", key: "k").version
            let outcomes = await withTaskGroup(of: String.self) { group in
                for writer in 0..<16 {
                    group.addTask {
                        do {
                            try await admin.modifyServiceState(service: "Counter", key: "k", newState: ["w": [UInt8(writer)]], version: version)
                            return "written"
                        } catch {
                            return (error as? AdminError).map { "\($0.kind)" } ?? "\(error)"
                        }
                    }
                }
                return await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(outcomes.sorted() == Array(repeating: "staleVersion", count: 15) + ["written"])
            let final = try await admin.serviceState(service: "Counter", key: "k")
            #expect(final.entries.count == 1)
            try await storage.close()
        }
    }

    @Test("A host's store receives the writes the rules allow, and only those")
    func hostStore() async throws {
        let harness = RegistryHarness()
        try await harness.register("http://h:9080/", Self.services)
        let host = HostStateStore()
        let admin = AdminService(storage: harness.storage, discovery: harness.discovery, state: host, logger: TestLogging.logger())

        try await admin.modifyServiceState(service: "Counter", key: "a", newState: ["x": [7]], version: StateRules.version(of: [:]))
        #expect(host.objects.withLock { $0 } == ["Counter/a": ["x": [7]]])
        #expect(try await admin.serviceState(service: "Counter", key: "a") == VersionedState(["x": [7]]))

        let plain = await #expect(throws: AdminError.self) {
            try await admin.modifyServiceState(service: "Greeter", key: "a", newState: [:], version: nil)
        }
        #expect(plain?.kind == .invalidArgument)
        let unknown = await #expect(throws: AdminError.self) {
            try await admin.modifyServiceState(service: "Gone", key: "a", newState: ["x": [1]], version: nil)
        }
        #expect(unknown?.kind == .notFound)
        let stale = await #expect(throws: AdminError.self) {
            try await admin.modifyServiceState(service: "Counter", key: "a", newState: [:], version: StateRules.version(of: [:]))
        }
        #expect(stale?.kind == .staleVersion)
        #expect(host.calls.withLock { $0 } == ["replace Counter/a", "read Counter/a", "replace Counter/a"])
        #expect(host.objects.withLock { $0 } == ["Counter/a": ["x": [7]]])
        #expect(try await harness.storage.read { try $0.serviceState(service: "Counter", key: "a") }.isEmpty, "the admin's storage is not used")
    }
}
