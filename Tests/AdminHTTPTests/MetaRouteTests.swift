import AdminCore
import AdminHTTP
import AdminHTTPTestSupport
import AdminTestSupport
import Foundation
import Hummingbird
import Logging
import Testing

@Suite(.capturingLogs)
struct MetaRouteTests {
    /// Every (method, path) of the official 1.6.2 Admin OpenAPI document.
    static let officialOperations: Set<String> = [
        "GET /cluster-health", "GET /deployments", "POST /deployments", "GET /deployments/{deployment}",
        "DELETE /deployments/{deployment}", "PATCH /deployments/{deployment}", "GET /health",
        "DELETE /invocations/{invocation_id}", "PATCH /invocations/{invocation_id}/cancel", "PATCH /invocations/{invocation_id}/kill",
        "PATCH /invocations/{invocation_id}/pause", "PATCH /invocations/{invocation_id}/purge",
        "PATCH /invocations/{invocation_id}/purge-journal", "PATCH /invocations/{invocation_id}/restart-as-new",
        "PATCH /invocations/{invocation_id}/resume", "POST /query", "GET /services", "GET /services/{service}",
        "PATCH /services/{service}", "GET /services/{service}/handlers", "GET /services/{service}/handlers/{handler}",
        "GET /services/{service}/openapi", "POST /services/{service}/state", "GET /subscriptions", "POST /subscriptions",
        "GET /subscriptions/{subscription}", "DELETE /subscriptions/{subscription}", "GET /version",
    ]

    @Test func healthIsEmpty200() async throws {
        try await Harness().run { client in
            let answer = try await client.send(.get, "/health")
            #expect(answer.status == 200)
            #expect(answer.text.isEmpty)
            #expect(answer.headers[.contentType] == nil)
        }
    }

    @Test func versionReportsRange2To3() async throws {
        try await Harness().run { client in
            for path in ["/version", "/v2/version", "/v3/version"] {
                let answer = try await client.send(.get, path)
                #expect(answer.status == 200)
                #expect(answer.isJSON)
                #expect(try answer.json["version"] as? String == "1.6.2")
                #expect(try answer.json["min_admin_api_version"] as? Int == 2)
                #expect(try answer.json["max_admin_api_version"] as? Int == 3)
                #expect(try answer.json["ingress_endpoint"] as? String == "http://127.0.0.1:8080/")
            }
        }
    }

    @Test func v1IsPlainText400() async throws {
        try await Harness().run { client in
            for (method, path) in [(HTTPRequestMethod.get, "/v1/deployments"), (.post, "/v1/deployments"), (.get, "/v1/version")] {
                let answer = try await client.send(method, path, json: method == .post ? #"{"uri":"http://a:1"}"# : nil)
                #expect(answer.status == 400)
                #expect(!answer.isJSON)
                #expect(answer.text == "Unsupported Admin API version V1. This server supports versions between V2 and V3.")
            }
        }
    }

    @Test(arguments: ["/no-such-route", "/v4/deployments", "/deployments/", "/services/x/y/z/w"])
    func unknownPathIsEmpty404(_ path: String) async throws {
        try await Harness().run { client in
            let answer = try await client.send(.get, path)
            #expect(answer.status == 404)
            #expect(answer.text.isEmpty)
        }
    }

    @Test func wrongMethodIs405WithAllow() async throws {
        try await Harness().run { client in
            let answer = try await client.send(.delete, "/version")
            #expect(answer.status == 405)
            #expect(answer.text.isEmpty)
            #expect(answer.headers[.allow] == "GET")
            #expect(try await client.send(.put, "/services").status == 405)
            #expect(try await client.send(.post, "/health").status == 405)
        }
    }

    @Test func clusterHealthIsSingleNode() async throws {
        try await Harness().run { client in
            let answer = try await client.send(.get, "/cluster-health")
            #expect(answer.status == 200)
            #expect(try answer.json["cluster_name"] as? String == "localcluster")
            #expect(try answer.json.keys.contains("metadata_cluster_health"))
        }
    }

    @Test func queryIs501JSON() async throws {
        try await Harness().run { client in
            let answer = try await client.send(.post, "/query", json: #"{"query":"SELECT 1"}"#)
            #expect(answer.status == 501)
            #expect(answer.isJSON)
            #expect(try answer.hasCodeKey && answer.code is NSNull)
        }
    }

    /// This project's own operations (BEHAVIOR.md §5.8).
    static let additions: Set<String> = ["POST /deployments/{deployment}/promote", "GET /services/{service}/revisions"]

    /// The document lists every official operation and this project's additions, and every
    /// documented route is routed.
    @Test func openAPIDocumentMatchesTheRouteTable() async throws {
        let router = AdminRouter(service: Harness().service)
        let routed = Set(router.routes.map { "\($0.method.rawValue) \($0.path)" })
        #expect(Self.officialOperations.isSubset(of: routed))
        try await Harness().run { client in
            let answer = try await client.send(.get, "/openapi")
            #expect(answer.status == 200)
            #expect(try answer.json["openapi"] as? String == "3.1.0")
            #expect(try (answer.json["info"] as? [String: Any])?["version"] as? String == "1.6.2")
            let paths = try answer.json["paths"] as? [String: [String: Any]] ?? [:]
            var documented = Set<String>()
            for (path, item) in paths { for method in item.keys { documented.insert("\(method.uppercased()) \(path)") } }
            #expect(documented == Self.officialOperations.union(Self.additions))
            for operation in Self.additions {
                let parts = operation.split(separator: " ")
                let item = paths[String(parts[1])]?[parts[0].lowercased()] as? [String: Any]
                #expect(item?["x-swift-restate-admin-addition"] as? Bool == true, "\(operation) is flagged as an addition")
            }
            #expect(documented.isSubset(of: routed))
            let schemas = try (answer.json["components"] as? [String: Any])?["schemas"] as? [String: Any]
            let error = schemas?["ErrorDescriptionResponse"] as? [String: Any]
            #expect((error?["properties"] as? [String: Any])?["violations"] != nil)
        }
    }
}

typealias HTTPRequestMethod = HTTPRequest.Method
