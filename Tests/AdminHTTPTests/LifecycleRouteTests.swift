import AdminCore
import AdminHTTP
import AdminHTTPTestSupport
import AdminTestSupport
import Foundation
import Hummingbird
import Testing

/// The lifecycle routes on the wire (BEHAVIOR.md §5.8): key order and shapes, optional bodies,
/// and the JSON errors of this project's own routes.
@Suite(.capturingLogs)
struct LifecycleRouteTests {
    static func register(_ harness: Harness, _ client: Client, _ uri: String, _ handlers: [Any]) async throws -> String {
        try await harness.register(client, uri, services: [Harness.service("Greeter", handlers: handlers)])
    }

    @Test("include=status adds three keys after Restate's own; other values are a JSON 400")
    func includeStatus() async throws {
        let harness = Harness()
        try await harness.run { client in
            let old = try await Self.register(harness, client, "http://old:9080", ["greet"])
            _ = try await Self.register(harness, client, "http://new:9080", ["greet", "wave"])
            let detailed = try await client.send(.get, "/v2/deployments/\(old)?include=status")
            #expect(detailed.status == 200)
            let keys = try JSONSerialization.jsonObject(with: Data(detailed.text.utf8), options: []) as? [String: Any]
            #expect(keys?["status"] as? String == "drained" && keys?["pinned_invocations"] as? Int == 0)
            #expect((keys?["latest_for"] as? [String]) == [])
            // Restate's keys first, then ours: `services` comes before `status` in the text.
            let services = try #require(detailed.text.range(of: "\"services\""))
            let status = try #require(detailed.text.range(of: "\"status\""))
            #expect(services.lowerBound < status.lowerBound)
            let plain = try await client.send(.get, "/deployments/\(old)")
            #expect(!plain.text.contains("\"status\"") && !plain.text.contains("latest_for"))
            for path in ["/deployments?include=statuses", "/deployments/\(old)?include="] {
                let bad = try await client.send(.get, path)
                #expect(try bad.status == 400 && bad.isJSON && bad.code is NSNull, "\(path)")
            }
        }
    }

    @Test("Promote takes no body, an empty one with any content type, or a JSON object")
    func promoteBodies() async throws {
        let harness = Harness()
        try await harness.run { client in
            let old = try await Self.register(harness, client, "http://old:9080", ["greet"])
            _ = try await Self.register(harness, client, "http://new:9080", ["greet"])
            let none = try await client.send(.post, "/deployments/\(old)/promote")
            #expect(none.status == 200)
            #expect(try ((none.json["services"] as? [[String: Any]])?.first?["revision"] as? Int) == 3)
            let empty = try await client.send(.post, "/deployments/\(old)/promote", json: "", contentType: "text/plain")
            #expect(empty.status == 200)
            let dryRun = try await client.send(.post, "/deployments/\(old)/promote", json: #"{"dry_run":true}"#)
            #expect(dryRun.status == 200)
            #expect(try await client.send(.post, "/deployments/\(old)/promote", json: "{}", contentType: "text/plain").status == 415)
            #expect(try await client.send(.post, "/deployments/\(old)/promote", json: #"{"breaking":"yes"}"#).status == 422)
            #expect(try await client.send(.post, "/deployments/\(old)/promote", json: "{").status == 400)
            let malformed = try await client.send(.post, "/deployments/nope/promote", json: "{}")
            #expect(try malformed.status == 400 && malformed.isJSON && malformed.code is NSNull)
            let unknown = try await client.send(.post, "/deployments/dp_11nGQpCRmau6ypL82KH2TnP/promote")
            #expect(unknown.status == 404 && unknown.isJSON)
        }
    }

    @Test("Revisions: every field present, null where there is none")
    func revisionsShape() async throws {
        let harness = Harness()
        try await harness.run { client in
            let first = try await Self.register(harness, client, "http://a:9080", ["greet"])
            let second = try await Self.register(harness, client, "http://b:9080", ["greet", "wave"])
            let answer = try await client.send(.get, "/services/Greeter/revisions")
            #expect(answer.status == 200)
            let revisions = try #require(try answer.json["revisions"] as? [[String: Any]])
            #expect(revisions.map { $0["deployment_id"] as? String } == [first, second])
            #expect(revisions.map { $0["revision"] as? Int } == [1, 2])
            #expect((revisions[1]["created_at"] as? String)?.hasSuffix("Z") == true)
            #expect(revisions[1]["ty"] as? String == "Service")
            let handlers = try #require(revisions[1]["handlers"] as? [[String: Any]])
            #expect(handlers.allSatisfy { $0.keys.sorted() == ["name", "ty"] && $0["ty"] is NSNull })
            let change = try #require((revisions[1]["changes"] as? [[String: Any]])?.first)
            #expect(change["kind"] as? String == "handler_added" && change["handler"] as? String == "wave")
            #expect(change["before"] is NSNull && change["after"] is NSNull)
            let unknown = try await client.send(.get, "/services/Nope/revisions")
            #expect(unknown.status == 404 && unknown.isJSON)
        }
    }
}
