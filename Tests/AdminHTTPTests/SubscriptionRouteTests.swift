import AdminCore
import AdminHTTP
import AdminHTTPTestSupport
import AdminTestSupport
import Foundation
import Hummingbird
import Testing

@Suite(.capturingLogs)
struct SubscriptionRouteTests {
    static let configuration = AdminConfiguration(kafkaClusters: [KafkaCluster(name: "my-cluster", brokers: ["PLAINTEXT://127.0.0.1:9092"])])

    @Test func createListGetDelete() async throws {
        let harness = Harness(configuration: Self.configuration)
        try await harness.run { client in
            _ = try await harness.register(
                client, "http://localhost:9080", services: [Harness.service("Counter", "VIRTUAL_OBJECT", handlers: ["count"])])
            let body = #"{"source":"kafka://my-cluster/orders","sink":"service://Counter/count","options":{"auto.offset.reset":"earliest"}}"#
            let created = try await client.send(.post, "/subscriptions", json: body)
            #expect(created.status == 201)
            let id = try #require(created.json["id"] as? String)
            #expect(id.hasPrefix("sub_1") && id.count == 27)
            #expect(created.headers[.location] == "subscriptions/\(id)")
            let options = try created.json["options"] as? [String: String]
            #expect(options?["group.id"] == id && options?["client.id"] == "restate" && options?["auto.offset.reset"] == "earliest")

            let all = try await client.send(.get, "/subscriptions")
            #expect(try (all.json["subscriptions"] as? [Any])?.count == 1)
            let filtered = try await client.send(.get, "/subscriptions?sink=service%3A%2F%2FCounter%2Fother")
            #expect(try (filtered.json["subscriptions"] as? [Any])?.count == 0)
            let bySource = try await client.send(.get, "/subscriptions?source=kafka://my-cluster/orders")
            #expect(try (bySource.json["subscriptions"] as? [Any])?.count == 1)
            #expect(try await client.send(.get, "/subscriptions/\(id)").json["sink"] as? String == "service://Counter/count")
            #expect(try await client.send(.delete, "/subscriptions/\(id)").status == 202)
            let gone = try await client.send(.get, "/subscriptions/\(id)")
            #expect(try gone.status == 404 && gone.message == "The requested subscription '\(id)' does not exist")
            let deleteAgain = try await client.send(.delete, "/subscriptions/\(id)")
            #expect(try deleteAgain.status == 404 && deleteAgain.message == "not found in the schema registry: subscription with id '\(id)'")
            #expect(try await client.send(.get, "/subscriptions/sub_bad").status == 400)
        }
    }

    @Test func validation() async throws {
        let harness = Harness(configuration: Self.configuration)
        try await harness.run { client in
            _ = try await harness.register(
                client, "http://localhost:9080", services: [Harness.service("Counter", "VIRTUAL_OBJECT", handlers: ["count"])])
            let cluster = try await client.send(.post, "/subscriptions", json: #"{"source":"kafka://other/orders","sink":"service://Counter/count"}"#)
            #expect(
                try cluster.status == 400 && cluster.code is NSNull && cluster.message.contains("specified cluster in the source URI does not exist"))
            let scheme = try await client.send(
                .post, "/subscriptions", json: #"{"source":"http://my-cluster/orders","sink":"service://Counter/count"}"#)
            #expect(try scheme.status == 400 && scheme.code as? String == "META0009")
            let sink = try await client.send(
                .post, "/subscriptions", json: #"{"source":"kafka://my-cluster/orders","sink":"service://Counter/nope"}"#)
            #expect(
                try sink.status == 400
                    && sink.message == "[META0009] invalid sink URI 'service://Counter/nope': cannot find service/handler specified in the sink URI.")
            #expect(try await client.send(.post, "/subscriptions", json: #"{"source":"kafka://my-cluster/orders"}"#).status == 422)
        }
    }
}
