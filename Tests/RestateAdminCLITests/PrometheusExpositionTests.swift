import AdminCore
import AdminHTTP
import AdminHTTPTestSupport
import AdminStorageTestKit
import AdminTestSupport
import Foundation
import Testing

@testable import restate_admin

/// `serve` with `admin.metrics-enabled`: the admin's metrics in the Prometheus text format.
@Suite(.capturingLogs)
struct PrometheusExpositionTests {
    @Test("Disabled (the default): no-op metrics and no /metrics route")
    func disabled() {
        let (_, exposition) = Backends.metrics(enabled: false)
        #expect(exposition == nil)
    }

    @Test("Enabled: a registration and the request that made it appear in the exposition")
    func enabled() async throws {
        let (metrics, enabled) = Backends.metrics(enabled: true)
        let exposition = try #require(enabled)
        let discovery = StubDiscoveryClient()
        let manifest =
            #"{"protocolMode":"BIDI_STREAM","minProtocolVersion":5,"maxProtocolVersion":6,"#
            + #""services":[{"name":"Greeter","ty":"SERVICE","handlers":[{"name":"greet"}]}]}"#
        discovery.respond(
            to: .http(try DeploymentURI(parsing: "http://localhost:9080/"), useHTTP11: false), with: .init(body: Data(manifest.utf8)))
        try await TemporaryDirectory.with { directory in
            let storage = try await Backends.openStorage(StorageLocation(kind: .sqlite, dataDirectory: directory), metrics: metrics)
            let service = AdminService(storage: storage, discovery: discovery, metrics: metrics, logger: TestLogging.logger())
            let configuration = AdminHTTPConfiguration(metrics: metrics, metricsExposition: exposition)
            let app = buildApplication(service: service, configuration: configuration, logger: TestLogging.logger())
            try await app.test(.router) { testClient in
                let client = Client(client: testClient)
                let created = try await client.send(.post, "/deployments", json: #"{"uri":"http://localhost:9080/"}"#)
                #expect(created.status == 201)
                let scraped = try await client.send(.get, "/metrics")
                #expect(scraped.status == 200 && scraped.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
                let lines = Set(scraped.text.split(separator: "\n").map(String.init))
                #expect(lines.contains(#"restate_admin_registrations_total{outcome="created"} 1"#))
                #expect(lines.contains(#"restate_admin_http_requests_total{method="POST",route="/deployments",status="201"} 1"#))
                #expect(lines.contains(#"restate_admin_discovery_duration_seconds_count{outcome="ok"} 1"#))
                #expect(lines.contains(#"restate_admin_storage_commit_group_size_bucket{backend="sqlite",le="1.0"} 1"#), "\(lines.sorted())")
                #expect(lines.contains { $0.hasPrefix(#"restate_admin_storage_commit_duration_seconds_count{backend="sqlite"}"#) })
            }
            try await storage.close()
        }
    }
}
