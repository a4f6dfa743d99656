import AdminCore
import AdminHTTP
import AdminHTTPTestSupport
import AdminTestSupport
import Foundation
import Hummingbird
import Testing

@Suite(.capturingLogs)
struct ServiceRouteTests {
    static var services: [[String: Any]] {
        [
            Harness.service("Greeter", handlers: ["greet"]),
            Harness.service("Counter", "VIRTUAL_OBJECT", handlers: [["name": "add", "ty": "EXCLUSIVE"], ["name": "get", "ty": "SHARED"]]),
            Harness.service("Flow", "WORKFLOW", handlers: [["name": "run", "ty": "WORKFLOW"]]),
        ]
    }

    @Test func listGetAndHandlers() async throws {
        let harness = Harness()
        try await harness.run { client in
            _ = try await harness.register(client, "http://localhost:9080", services: Self.services)
            let list = try await client.send(.get, "/services")
            #expect(try (list.json["services"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["Counter", "Flow", "Greeter"])
            let flow = try await client.send(.get, "/v3/services/Flow")
            #expect(try flow.json["ty"] as? String == "Workflow" && flow.json["workflow_completion_retention"] as? String == "1d")
            let missing = try await client.send(.get, "/services/Nope")
            #expect(try missing.status == 404 && missing.message == "The requested service 'Nope' does not exist" && missing.code is NSNull)
            let handlers = try await client.send(.get, "/services/Counter/handlers")
            #expect(try (handlers.json["handlers"] as? [[String: Any]])?.count == 2)
            let handler = try await client.send(.get, "/services/Counter/handlers/get")
            #expect(try handler.json["ty"] as? String == "Shared" && handler.json["public"] as? Bool == true)
            let noHandler = try await client.send(.get, "/services/Nope/handlers/get")
            #expect(try noHandler.status == 404 && noHandler.message == "The requested handler 'get' on service 'Nope' does not exist")
            #expect(try await client.send(.get, "/services/Nope/handlers").status == 404)
        }
    }

    @Test func serviceOpenAPI() async throws {
        let harness = Harness()
        try await harness.run { client in
            _ = try await harness.register(client, "http://localhost:9080", services: Self.services)
            let doc = try await client.send(.get, "/services/Counter/openapi")
            #expect(doc.status == 200)
            let paths = try (doc.json["paths"] as? [String: Any])?.keys.sorted() ?? []
            #expect(paths.contains("/Counter/{key}/add") && paths.contains("/Counter/{key}/add/send"))
            #expect(try (doc.json["info"] as? [String: Any])?["title"] as? String == "Counter")
            #expect(try await client.send(.get, "/services/Nope/openapi").status == 404)
        }
    }

    @Test func modifyService() async throws {
        let harness = Harness()
        try await harness.run { client in
            _ = try await harness.register(client, "http://localhost:9080", services: Self.services)
            let changed = try await client.send(.patch, "/services/Greeter", json: #"{"idempotency_retention":"5 hours","public":false}"#)
            #expect(try changed.status == 200 && changed.json["idempotency_retention"] as? String == "5h" && changed.json["public"] as? Bool == false)
            let bad = try await client.send(.patch, "/services/Greeter", json: #"{"idempotency_retention":"5 parsecs"}"#)
            #expect(bad.status == 422 && bad.text.contains("idempotency_retention"))
            #expect(try await client.send(.patch, "/services/Greeter", json: #"{"idempotency_retention":5}"#).status == 422)
            let workflowOnly = try await client.send(.patch, "/services/Greeter", json: #"{"workflow_completion_retention":"1h"}"#)
            #expect(try workflowOnly.status == 400 && workflowOnly.message == "modifying retention time for service type Service is unsupported")
            let empty = try await client.send(.patch, "/services/Nope", json: "{}")
            #expect(try empty.status == 404 && empty.message == "The requested service 'Nope' does not exist")
            let unknown = try await client.send(.patch, "/services/Nope", json: #"{"public":true}"#)
            #expect(try unknown.status == 404 && unknown.message == "not found in the schema registry: service with name 'Nope'")
        }
    }

    @Test func modifyState() async throws {
        let harness = Harness()
        try await harness.run { client in
            _ = try await harness.register(client, "http://localhost:9080", services: Self.services)
            let state = #"{"object_key":"alice","new_state":{"name":"bob"}}"#
            let ok = try await client.send(.post, "/services/Counter/state", json: state)
            #expect(ok.status == 202 && ok.text.isEmpty)
            let stored = try await harness.service.serviceState(service: "Counter", key: "alice")
            #expect(stored.entries == ["name": Array("bob".utf8)])
            let matching = #"{"version":"tDqA04Lj3_qJ-PgNPTecXDGZgpwy6jm2Ni2BYqJIthM","object_key":"alice","new_state":{"count":[49]}}"#
            #expect(try await client.send(.post, "/services/Counter/state", json: matching).status == 202)
            let stale = try await client.send(.post, "/services/Counter/state", json: matching)
            #expect(try stale.status == 409 && stale.message.hasPrefix("Conflict: ") && stale.code is NSNull)
            let replaced = try await harness.service.serviceState(service: "Counter", key: "alice")
            #expect(replaced.entries == ["count": [49]])
            let plain = try await client.send(.post, "/services/Greeter/state", json: state)
            #expect(try plain.status == 400 && plain.message == "Cannot modify state for service type Service")
            #expect(try await client.send(.post, "/services/Gone/state", json: state).status == 404)
            #expect(try await client.send(.post, "/services/Gone/state", json: #"{"object_key":"a","new_state":{}}"#).status == 202)
            #expect(try await client.send(.post, "/services/Counter/state", json: #"{"object_key":"a","new_state":{"x":[256]}}"#).status == 422)
        }
    }
}
