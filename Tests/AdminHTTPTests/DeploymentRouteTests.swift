import AdminCore
import AdminHTTP
import AdminHTTPTestSupport
import AdminTestSupport
import Foundation
import Hummingbird
import Testing

@Suite(.capturingLogs)
struct DeploymentRouteTests {
    static var greeter: [String: Any] { Harness.service("Greeter", handlers: ["greet"]) }

    @Test func registerAnswers201WithLocationThen200() async throws {
        let harness = Harness()
        try harness.serve("http://localhost:9080", services: [Self.greeter])
        try await harness.run { client in
            let created = try await client.send(.post, "/deployments", json: #"{"uri":"http://localhost:9080","metadata":{"k":"v"}}"#)
            #expect(created.status == 201)
            let id = try #require(created.json["id"] as? String)
            #expect(id.hasPrefix("dp_1") && id.count == 26)
            #expect(created.headers[.location] == "deployments/\(id)")
            #expect(try created.json["min_protocol_version"] as? Int == 5)
            #expect(try created.json["sdk_version"] as? String == "restate-sdk-test/1.0.0")
            #expect(try created.json["uri"] == nil)
            let service = try #require((created.json["services"] as? [[String: Any]])?.first)
            #expect(service["name"] as? String == "Greeter" && service["ty"] as? String == "Service")
            #expect(service["idempotency_retention"] as? String == "1d")
            #expect(service["inactivity_timeout"] as? String == "1m" && service["abort_timeout"] as? String == "10m")
            let retry = try #require(service["retry_policy"] as? [String: Any])
            #expect(retry["initial_interval"] as? String == "500ms" && retry["max_attempts"] as? Int == 70)
            #expect(retry["on_max_attempts"] as? String == "Pause")
            let handler = try #require((service["handlers"] as? [[String: Any]])?.first)
            #expect(handler["ty"] == nil && (handler["retry_policy"] as? [String: Any])?["max_attempts"] is NSNull)

            let again = try await client.send(.post, "/deployments", json: #"{"uri":"http://localhost:9080/"}"#)
            #expect(again.status == 200)
            #expect(again.headers[.location] == "deployments/\(id)")
            #expect(try await client.send(.post, "/v3/deployments", json: #"{"uri":"http://localhost:9080/"}"#).status == 200)

            let legacy = try await client.send(.post, "/v2/deployments", json: #"{"uri":"http://localhost:9080/","force":false}"#)
            #expect(legacy.status == 409)
            #expect(try legacy.message == "Conflict: deployment \(id) already exists" && legacy.code is NSNull)
            #expect(try await client.send(.post, "/v2/deployments", json: #"{"uri":"http://localhost:9080/"}"#).status == 201)
        }
    }

    @Test func listAndGetShapes() async throws {
        let harness = Harness()
        try await harness.run { client in
            let id = try await harness.register(client, "http://localhost:9080", services: [Self.greeter])
            let list = try await client.send(.get, "/deployments")
            let item = try #require((list.json["deployments"] as? [[String: Any]])?.first)
            #expect(item["id"] as? String == id && item["uri"] as? String == "http://localhost:9080/")
            #expect(item["protocol_type"] as? String == "BidiStream" && item["http_version"] as? String == "HTTP/2.0")
            #expect((item["services"] as? [[String: Any]])?.first?["revision"] as? Int == 1)
            #expect((item["created_at"] as? String)?.hasSuffix("Z") == true)
            #expect(item["additional_headers"] == nil && item["metadata"] == nil)

            let detail = try await client.send(.get, "/deployments/\(id)")
            #expect(detail.status == 200)
            #expect(try (detail.json["services"] as? [[String: Any]])?.first?["deployment_id"] as? String == id)

            let unknown = try await client.send(.get, "/deployments/dp_11nGQpCRmau6ypL82KH2TnP")
            #expect(try unknown.status == 404 && unknown.message == "The requested deployment 'dp_11nGQpCRmau6ypL82KH2TnP' does not exist")
            let malformed = try await client.send(.get, "/deployments/xyz")
            #expect(malformed.status == 400 && !malformed.isJSON)
            #expect(malformed.text == "Invalid URL: Cannot parse `deployment` with value `xyz`: bad format")
        }
    }

    @Test func badBodiesAreFrameworkRejections() async throws {
        try await Harness().run { client in
            let noType = try await client.send(.post, "/deployments", json: #"{"uri":"http://a:1"}"#, contentType: "text/plain")
            #expect(noType.status == 415 && !noType.isJSON)
            let invalid = try await client.send(.post, "/deployments", json: "{not json")
            #expect(invalid.status == 400 && invalid.text.hasPrefix("Failed to parse the request body as JSON"))
            #expect(try await client.send(.post, "/deployments", json: "").status == 400)
            let shape = try await client.send(.post, "/deployments", json: #"{"uri":"http://a:1","additional_headers":{"bad header":"x"}}"#)
            #expect(shape.status == 422 && shape.text.contains("untagged enum RegisterDeploymentRequest"))
            #expect(try await client.send(.post, "/deployments", json: #"{"nothing":1}"#).status == 422)
            let huge = ByteBuffer(string: "{\"uri\":\"" + String(repeating: "a", count: 2 * 1024 * 1024 + 10) + "\"}")
            let tooLarge = try await client.send(.post, "/deployments", raw: huge)
            #expect(tooLarge.status == 413 && tooLarge.text == "Failed to buffer the request body: length limit exceeded")
            let relative = try await client.send(.post, "/deployments", json: #"{"uri":"localhost/x"}"#)
            #expect(try relative.status == 400 && relative.isJSON && relative.hasCodeKey)
            #expect(
                try relative.message
                    == "The request field 'uri' is invalid. Reason: The provided uri localhost/x is not absolute, only absolute URIs can be used.")
            let arn = try await client.send(.post, "/deployments", json: #"{"arn":"arn:aws:lambda"}"#)
            #expect(try arn.status == 400 && arn.message.hasPrefix("The request field 'arn' is invalid. Reason: "))
        }
    }

    @Test func discoveryFailureIs500WithCode() async throws {
        try await Harness().run { client in
            let answer = try await client.send(.post, "/deployments", json: #"{"uri":"http://unknown:1"}"#)
            #expect(try answer.status == 500 && answer.code as? String == "META0003")
            #expect(try answer.message.hasPrefix("[META0003]"))
        }
    }

    @Test func breakingChangeIs409WithViolations() async throws {
        let harness = Harness()
        try await harness.run { client in
            _ = try await harness.register(client, "http://localhost:9080", services: [Harness.service("Greeter", handlers: ["greet", "other"])])
            try harness.serve("http://localhost:9081", services: [Self.greeter])
            let answer = try await client.send(.post, "/deployments", json: #"{"uri":"http://localhost:9081"}"#)
            #expect(try answer.status == 409 && answer.code as? String == "META0006")
            let violation = try #require((answer.json["violations"] as? [[String: Any]])?.first)
            #expect(violation["rule"] as? String == "R24" && violation["service"] as? String == "Greeter")
        }
    }

    @Test func patchPutAndDelete() async throws {
        let harness = Harness()
        try await harness.run { client in
            let id = try await harness.register(client, "http://localhost:9080", services: [Self.greeter])
            let noop = try await client.send(.patch, "/deployments/\(id)", json: #"{"use_http_11":true}"#)
            #expect(try noop.status == 200 && noop.json["http_version"] as? String == "HTTP/2.0")
            let http11 = try await client.send(.patch, "/deployments/\(id)", json: #"{"uri":null,"use_http_11":true}"#)
            #expect(try http11.status == 200 && http11.json["http_version"] as? String == "HTTP/1.1")
            let headers = try await client.send(.patch, "/deployments/\(id)", json: #"{"additional_headers":{"X-Token":"a"}}"#)
            #expect(try (headers.json["additional_headers"] as? [String: String]) == ["x-token": "a"])
            #expect(headers.headers[.location] == nil)
            let unknown = try await client.send(.patch, "/deployments/dp_11nGQpCRmau6ypL82KH2TnP", json: #"{"uri":"http://localhost:9080"}"#)
            #expect(try unknown.status == 404 && unknown.message == "not found in the schema registry: dp_11nGQpCRmau6ypL82KH2TnP")
            let lambda = try await client.send(.patch, "/deployments/\(id)", json: #"{"arn":"arn:aws:lambda:eu-central-1:1:function:f:1"}"#)
            #expect(lambda.status == 400)

            let put = try await client.send(.put, "/deployments/\(id)", json: #"{"uri":"http://localhost:9080"}"#)
            #expect(try put.status == 405 && put.isJSON && put.message == "PUT deployment is deprecated, use PATCH instead")
            #expect(try await client.send(.put, "/v3/deployments/\(id)", json: "{}").status == 405)
            #expect(try await client.send(.put, "/v2/deployments/\(id)", json: #"{"uri":"http://localhost:9080"}"#).status == 200)

            // This project's safe removal (BEHAVIOR.md §5.8): the only deployment is active.
            let notForced = try await client.send(.delete, "/deployments/\(id)")
            #expect(try notForced.status == 409 && notForced.message.contains("is active"))
            #expect(try await client.send(.delete, "/deployments/\(id)?force=1").status == 400)
            let deleted = try await client.send(.delete, "/deployments/\(id)?force=true")
            #expect(deleted.status == 202 && deleted.text.isEmpty)
            let again = try await client.send(.delete, "/deployments/\(id)?force=true")
            #expect(try again.status == 404 && again.message == "not found in the schema registry: deployment with id '\(id)'")
            #expect(try await client.send(.get, "/deployments/\(id)").status == 404)
        }
    }
}
