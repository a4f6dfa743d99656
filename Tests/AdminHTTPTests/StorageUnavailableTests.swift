import AdminCore
import AdminHTTP
import AdminTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

/// A shared database that cannot be reached (BEHAVIOR.md §0 item 11): while the storage reports
/// itself unavailable, every request, the health checks included, is answered `503` with the JSON
/// error naming the cause; once it is back, the same requests are answered as usual.
@Suite(.capturingLogs)
struct StorageUnavailableTests {
    /// An in-memory storage whose availability the test switches.
    final class SwitchableStorage: Storage {
        let base = InMemoryStorage()
        let problem = Mutex<AdminError?>(nil)

        var unavailability: AdminError? { problem.withLock { $0 } }

        func read<T: Sendable>(_ body: @Sendable (any StorageReader) throws -> T) async throws -> T {
            try await base.read(body)
        }

        func write<T: Sendable>(_ body: @Sendable (any StorageWriter) throws -> T) async throws -> T {
            try await base.write(body)
        }

        func close() async throws { try await base.close() }
    }

    static let requests: [(HTTPRequest.Method, String)] = [
        (.get, "/health"), (.get, "/v2/health"), (.get, "/v3/health"), (.get, "/version"), (.get, "/deployments"),
        (.get, "/services"), (.post, "/deployments"), (.get, "/no/such/route"),
    ]

    @Test("Every request gets 503 with the cause while the storage is unavailable, and its usual answer after")
    func unavailableThenBack() async throws {
        let storage = SwitchableStorage()
        let service = AdminService(storage: storage, discovery: StubDiscoveryClient(), logger: TestLogging.logger())
        let app = buildApplication(service: service, configuration: AdminHTTPConfiguration(), logger: TestLogging.logger())
        try await app.test(.router) { client in
            var usual: [Int] = []
            for (method, path) in Self.requests {
                usual.append(Int(try await client.execute(uri: path, method: method, body: ByteBuffer(string: "{}")) { $0.status.code }))
            }
            #expect(usual.allSatisfy { $0 != 503 }, "\(usual)")

            storage.problem.withLock {
                $0 = AdminError(.unavailable, "the PostgreSQL database postgres://admin:***@db:5432/admin is unavailable: connection refused")
            }
            for (method, path) in Self.requests {
                let response = try await client.execute(uri: path, method: method, body: ByteBuffer(string: "{}")) { $0 }
                #expect(response.status == .serviceUnavailable, "\(method) \(path)")
                #expect(response.headers[.contentType] == "application/json")
                let body = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                #expect(body.keys.sorted() == ["message", "restate_code"])
                #expect(body["restate_code"] is NSNull)
                #expect((body["message"] as? String)?.contains("PostgreSQL database") == true)
                #expect((body["message"] as? String)?.contains("connection refused") == true)
            }
            #expect(try await storage.base.schemaVersion() == 0, "nothing reached the storage")

            storage.problem.withLock { $0 = nil }
            var after: [Int] = []
            for (method, path) in Self.requests {
                after.append(Int(try await client.execute(uri: path, method: method, body: ByteBuffer(string: "{}")) { $0.status.code }))
            }
            #expect(after == usual)
        }
    }
}
