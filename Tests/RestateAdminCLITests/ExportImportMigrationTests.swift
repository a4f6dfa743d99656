import AdminCore
import AdminHTTP
import AdminHTTPTestSupport
import AdminLMDB
import AdminSQLite
import AdminStorageTestKit
import AdminTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import restate_admin

/// A registry built through the Admin API on SQLite, exported, imported into a fresh LMDB data
/// folder, and served from both: every read answers the same.
@Suite(.timeLimit(.minutes(2)))
struct ExportImportMigrationTests {
    static let configuration = AdminConfiguration(kafkaClusters: [KafkaCluster(name: "my-cluster", brokers: ["PLAINTEXT://127.0.0.1:9092"])])
    static let alice = InvocationID(partitionKey: 7, invocationUUID: 0x1234_5678)
    static let bob = InvocationID(partitionKey: 8, invocationUUID: 0x9abc_def0)

    /// One answer, as compared between the two servers.
    struct Read: Equatable, CustomStringConvertible {
        var status: Int
        var etag: String?
        var body: String
        var description: String { "HTTP \(status) etag \(etag ?? "-"): \(body.prefix(300))" }
    }

    /// Serves `storage` in-process and answers every read of the registry the test compares, by path.
    static func reads(of storage: any Storage) async throws -> [String: Read] {
        let service = AdminService(storage: storage, discovery: StubDiscoveryClient(), configuration: configuration, logger: TestLogging.logger())
        let app = buildApplication(service: service, logger: TestLogging.logger())
        let answers = try await app.test(.router) { testClient in
            let client = Client(client: testClient)
            var answers: [String: Read] = [:]
            func get(_ path: String) async throws -> Answer {
                let answer = try await client.send(.get, path)
                answers[path] = Read(status: answer.status, etag: answer.headers[.eTag], body: answer.text)
                return answer
            }
            let deployments = try await get("/deployments")
            _ = try await get("/deployments?include=status")
            for case let entry as [String: Any] in try deployments.json["deployments"] as? [Any] ?? [] {
                let id = try #require(entry["id"] as? String)
                _ = try await get("/deployments/\(id)")
                _ = try await get("/deployments/\(id)?include=status")
            }
            let services = try await get("/services")
            for case let entry as [String: Any] in try services.json["services"] as? [Any] ?? [] {
                let name = try #require(entry["name"] as? String)
                for suffix in ["", "/handlers", "/revisions", "/openapi"] { _ = try await get("/services/\(name)\(suffix)") }
            }
            let subscriptions = try await get("/subscriptions")
            for case let entry as [String: Any] in try subscriptions.json["subscriptions"] as? [Any] ?? [] {
                _ = try await get("/subscriptions/\(try #require(entry["id"] as? String))")
            }
            return answers
        }
        var all = answers
        // State and invocation records have no GET route; read them through the service.
        for key in ["alice", "bob", "carol"] {
            let state = try await service.serviceState(service: "Counter", key: key)
            all["state Counter/\(key)"] = Read(status: 200, etag: state.version, body: "\(state.entries.sorted { $0.key < $1.key })")
        }
        for id in [alice, bob] {
            all["invocation \(id)"] = Read(status: 200, etag: nil, body: "\(String(describing: try await service.invocation(id)))")
        }
        return all
    }

    /// Registers two deployments, changes a service's settings, subscribes, writes state and
    /// records invocations, all through the Admin API (and `AdminService` for invocations).
    static func populate(_ storage: any Storage) async throws {
        let discovery = StubDiscoveryClient()
        let service = AdminService(storage: storage, discovery: discovery, configuration: configuration, logger: TestLogging.logger())
        func manifest(_ uri: String, greeterHandlers: [String]) throws {
            let services: [[String: Any]] = [
                ["name": "Greeter", "ty": "SERVICE", "handlers": greeterHandlers.map { ["name": $0] }],
                ["name": "Counter", "ty": "VIRTUAL_OBJECT", "handlers": [["name": "add", "ty": "EXCLUSIVE"], ["name": "get", "ty": "SHARED"]]],
            ]
            let body = try JSONSerialization.data(
                withJSONObject: ["minProtocolVersion": 5, "maxProtocolVersion": 6, "protocolMode": "BIDI_STREAM", "services": services])
            discovery.respond(
                to: .http(try DeploymentURI(parsing: uri), useHTTP11: false), with: .init(body: body, serverHeader: "restate-sdk-test/1.0.0"))
        }
        try manifest("http://localhost:9080/", greeterHandlers: ["greet"])
        try manifest("http://localhost:9081/", greeterHandlers: ["greet", "wave"])
        let app = buildApplication(service: service, logger: TestLogging.logger())
        let first = try await app.test(.router) { testClient in
            let client = Client(client: testClient)
            let registered = try await client.send(.post, "/deployments", json: #"{"uri": "http://localhost:9080/"}"#)
            #expect(registered.status == 201, "\(registered.text)")
            #expect(try await client.send(.post, "/deployments", json: #"{"uri": "http://localhost:9081/"}"#).status == 201)
            let patched = try await client.send(.patch, "/services/Greeter", json: #"{"public": false, "idempotency_retention": "2h"}"#)
            #expect(patched.status == 200, "\(patched.text)")
            let subscription = #"{"source":"kafka://my-cluster/orders","sink":"service://Counter/add","options":{"auto.offset.reset":"earliest"}}"#
            #expect(try await client.send(.post, "/subscriptions", json: subscription).status == 201)
            let state = #"{"object_key":"alice","new_state":{"count":[49],"raw":[0,255]}}"#
            #expect(try await client.send(.post, "/services/Counter/state", json: state).status == 202)
            #expect(try await client.send(.post, "/services/Counter/state", json: #"{"object_key":"bob","new_state":{"n":[2]}}"#).status == 202)
            return try #require(try registered.json["id"] as? String)
        }
        let firstID = try DeploymentID(parsing: first)
        try await service.recordInvocation(InvocationRecord(id: alice, target: "Counter/alice/add", serviceType: .virtualObject, status: .inboxed))
        try await service.pinInvocation(alice, to: firstID, protocolVersion: 6)
        try await service.recordInvocation(
            InvocationRecord(id: bob, target: "Greeter/greet", serviceType: .service, status: .completed, journalLength: 4, createdAtMilliseconds: 5))
    }

    @Test func exportFromSQLiteImportIntoLMDBServesIdenticalReads() async throws {
        try await TemporaryDirectory.with(prefix: "export-import-migration") { directory in
            let source = directory.appending(path: "sqlite")
            let target = directory.appending(path: "lmdb")
            let file = directory.appending(path: "dump.json").path
            try FileManager.default.createDirectory(at: source, withIntermediateDirectories: true)
            let sqlite = try SQLiteStorage(path: source.appending(path: "admin.sqlite"))
            try await Self.populate(sqlite)
            // Exported while the SQLite store is still open in this process (WAL).
            let exported = await DumpCommandRunner.run(["export", "--data-dir", source.path, "--storage", "sqlite", "--output", file])
            #expect(exported.code == 0, "\(exported.message)")
            let expected = try await Self.reads(of: sqlite)
            try await sqlite.close()

            let imported = await DumpCommandRunner.run(["import", "--data-dir", target.path, "--storage", "lmdb", "--input", file])
            #expect(imported.code == 0, "\(imported.message)")
            let lmdb = try LMDBStorage(directory: target.appending(path: "lmdb"))
            let actual = try await Self.reads(of: lmdb)
            let version = try await lmdb.registryVersion()
            try await lmdb.close()

            #expect(expected["/deployments"]?.etag == "\"\(version)\"", "the registry version travels with the dump")
            #expect(expected.count >= 20, "\(expected.keys.sorted())")
            #expect(expected["/services/Greeter"]?.body.contains(#""public":false"#) == true, "the PATCHed setting is in the source")
            #expect(
                expected["/deployments?include=status"]?.body.contains(#""status":"draining""#) == true,
                "the pinned invocation keeps the first deployment")
            #expect(expected["state Counter/alice"]?.body.contains("[0, 255]") == true)
            #expect(expected["invocation \(Self.alice)"]?.body.contains("inboxed") == true)
            #expect(Set(actual.keys) == Set(expected.keys))
            for path in expected.keys.sorted() {
                #expect(actual[path] == expected[path], "\(path)")
            }
        }
    }
}
