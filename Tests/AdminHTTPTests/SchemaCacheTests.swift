import AdminCore
import AdminHTTPTestSupport
import AdminTestSupport
import Foundation
import Hummingbird
import Testing

@testable import AdminHTTP

/// Schema reads carry the registry version as their ETag, answer a matching `If-None-Match`
/// with 304, and serve each body from bytes encoded once per version.
@Suite(.capturingLogs)
struct SchemaCacheTests {
    static let schemaPaths = [
        "/deployments", "/services", "/services/Greeter", "/services/Greeter/handlers", "/services/Greeter/handlers/greet",
        "/services/Greeter/openapi", "/subscriptions",
    ]

    @Test("Every schema read carries the registry version as its ETag, and 304s a matching If-None-Match")
    func entityTags() async throws {
        let harness = Harness()
        try await harness.run { client in
            let id = try await harness.register(client, "http://localhost:9080/", services: [Harness.service("Greeter", handlers: ["greet"])])
            for path in Self.schemaPaths + ["/deployments/\(id)"] {
                let first = try await client.send(.get, path)
                #expect(first.status == 200, "\(path)")
                #expect(first.headers[.eTag] == "\"1\"", "\(path)")
                let again = try await client.send(.get, path, headers: [.ifNoneMatch: "\"1\""])
                #expect(again.status == 304, "\(path)")
                #expect(again.text.isEmpty, "\(path)")
                #expect(again.headers[.eTag] == "\"1\"", "\(path)")
                for header in ["W/\"1\"", "\"0\", \"1\"", "*"] {
                    #expect(try await client.send(.get, path, headers: [.ifNoneMatch: header]).status == 304, "\(path) \(header)")
                }
                let stale = try await client.send(.get, path, headers: [.ifNoneMatch: "\"0\""])
                #expect(stale.status == 200 && stale.text == first.text, "\(path)")
            }
            _ = try await harness.register(client, "http://other:9080/", services: [Harness.service("Other", handlers: ["h"])])
            let after = try await client.send(.get, "/deployments", headers: [.ifNoneMatch: "\"1\""])
            #expect(after.status == 200)
            #expect(after.headers[.eTag] == "\"2\"")
            #expect(try (after.json["deployments"] as? [Any])?.count == 2)
            let missing = try await client.send(.get, "/services/Nope")
            #expect(missing.status == 404 && missing.headers[.eTag] == nil)
            let invocation = try await client.send(.patch, "/invocations/inv_1gdJBtdVEcM942bjcDmb1c1khoaJe11Hbz/kill")
            #expect(invocation.headers[.eTag] == nil, "responses that do not come from the schema have no version tag")
        }
    }

    @Test("A cached body is the body encoded afresh")
    func cachedBodiesAreCurrent() async throws {
        let harness = Harness()
        try await harness.run { client in
            _ = try await harness.register(client, "http://localhost:9080/", services: [Harness.service("Greeter", handlers: ["greet"])])
            let first = try await client.send(.get, "/services")
            let second = try await client.send(.get, "/services")
            #expect(first.text == second.text)
            let fresh = try JSONStreamEncoder.encode(ServiceListDTO(services: try await harness.service.services().map(ServiceMetadataDTO.init)))
            #expect(second.text == String(decoding: fresh, as: UTF8.self))
            _ = try await client.send(.patch, "/services/Greeter", json: #"{"public": false}"#)
            let modified = try await client.send(.get, "/services")
            #expect(modified.headers[.eTag] == "\"2\"")
            #expect(try ((modified.json["services"] as? [[String: Any]])?.first?["public"] as? Bool) == false)
        }
    }

    @Test(
        "If-None-Match lists and weak tags",
        arguments: [
            ("\"7\"", true), ("W/\"7\"", true), (" \"1\" , \"7\" ", true), ("*", true), ("\"70\"", false), ("7", false), ("", false),
        ])
    func ifNoneMatch(_ header: String, _ matches: Bool) {
        #expect(SchemaResponseCache.matches(header, "\"7\"") == matches)
    }
}
