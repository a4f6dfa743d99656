import AdminCore
import AdminHTTP
import AdminHTTPTestSupport
import AdminTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Metrics
import MetricsTestKit
import Testing

/// Request metrics are labelled by route template and status, never by raw path; `/metrics`
/// exists only when an exposition is configured, and sits behind the authentication.
@Suite(.capturingLogs)
struct HTTPMetricsTests {
    static func withServer(
        _ configuration: AdminHTTPConfiguration, _ body: @Sendable (Client, Harness) async throws -> Void
    ) async throws {
        let harness = Harness()
        let app = buildApplication(service: harness.service, configuration: configuration, logger: TestLogging.logger())
        try await app.test(.router) { client in try await body(Client(client: client), harness) }
    }

    static func requests(_ metrics: TestMetrics, _ method: String, _ route: String, _ status: Int) -> Int64 {
        metrics.counterTotal(label: AdminMetrics.httpRequests, dimensions: [("method", method), ("route", route), ("status", "\(status)")])
    }

    @Test("Requests are counted by method, route template and status")
    func requestsByRouteTemplate() async throws {
        let metrics = TestMetrics()
        try await Self.withServer(AdminHTTPConfiguration(metrics: AdminMetrics(factory: metrics))) { client, harness in
            let id = try await harness.register(client, "http://localhost:9080/", services: [Harness.service("Greeter", handlers: ["greet"])])
            #expect(try await client.send(.get, "/deployments/\(id)").status == 200)
            #expect(try await client.send(.get, "/v2/deployments/\(id)").status == 200)
            #expect(try await client.send(.get, "/deployments/dp_11111111111111111111111").status == 404)
            #expect(try await client.send(.get, "/no/such/path").status == 404)
            #expect(try await client.send(.put, "/health").status == 405)
            #expect(try await client.send(.post, "/services/Greeter/state", json: "{").status == 400)
        }
        #expect(Self.requests(metrics, "POST", "/deployments", 201) == 1)
        #expect(Self.requests(metrics, "GET", "/deployments/{deployment}", 200) == 2, "/v2 and unprefixed share the template")
        #expect(Self.requests(metrics, "GET", "/deployments/{deployment}", 404) == 1)
        #expect(Self.requests(metrics, "GET", "unmatched", 404) == 1)
        #expect(Self.requests(metrics, "PUT", "/health", 405) == 1)
        #expect(Self.requests(metrics, "POST", "/services/{service}/state", 400) == 1)
        let routes = Set(metrics.counters(label: AdminMetrics.httpRequests).compactMap { $0.dimensions.first { $0.0 == "route" }?.1 })
        #expect(routes.allSatisfy { $0 == "unmatched" || !$0.contains("dp_") }, "no raw path in any label: \(routes)")
        let timer = try metrics.expectTimer(AdminMetrics.httpRequestDuration, [("method", "GET"), ("route", "/deployments/{deployment}")])
        #expect(timer.values.count == 3)
    }

    @Test("Without an exposition there is no /metrics route")
    func noRouteByDefault() async throws {
        try await Self.withServer(AdminHTTPConfiguration()) { client, _ in
            let answer = try await client.send(.get, "/metrics")
            #expect(answer.status == 404)
        }
    }

    @Test("The exposition is served at /metrics, behind the API's authentication, and not listed by /openapi")
    func exposition() async throws {
        let configuration = AdminHTTPConfiguration(
            authenticator: BearerTokenAuthenticator(tokens: ["t0ken"]),
            metricsExposition: .prometheus { Array("# TYPE restate_admin_registrations_total counter\n".utf8) }
        )
        try await Self.withServer(configuration) { client, _ in
            #expect(try await client.send(.get, "/metrics").status == 401)
            let answer = try await client.send(.get, "/metrics", headers: [.authorization: "Bearer t0ken"])
            #expect(answer.status == 200)
            #expect(answer.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
            #expect(answer.text == "# TYPE restate_admin_registrations_total counter\n")
            let openapi = try await client.send(.get, "/openapi", headers: [.authorization: "Bearer t0ken"])
            #expect(!openapi.text.contains("/metrics"))
        }
    }
}
