import AdminCore
import AdminHTTP
import AdminHTTPTestSupport
import AdminTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

/// The Admin API mounted below a prefix in a host's own Hummingbird application answers as the
/// API served alone does.
@Suite(.capturingLogs)
struct MountedAPITests {
    static let prefix = "/admin"
    static let manifest =
        #"{"protocolMode":"BIDI_STREAM","minProtocolVersion":5,"maxProtocolVersion":6,"services":[{"name":"Greeter","ty":"SERVICE","handlers":[{"name":"greet"}]}]}"#

    /// One request of the comparison: method, path below the API's root, body, content type.
    struct Step: Sendable, CustomStringConvertible {
        let method: HTTPRequest.Method
        let path: String
        var body: String?
        var contentType: String? = "application/json"
        var description: String { "\(method) \(path)" }
    }

    static let steps: [Step] = [
        Step(method: .get, path: "/health"),
        Step(method: .get, path: "/version"),
        Step(method: .post, path: "/deployments", body: #"{"uri": "http://localhost:9080/"}"#),
        Step(method: .post, path: "/v2/deployments", body: #"{"uri": "http://localhost:9080/"}"#),
        Step(method: .get, path: "/deployments"),
        Step(method: .get, path: "/v3/services"),
        Step(method: .get, path: "/v2/services/Greeter/handlers/greet"),
        Step(method: .patch, path: "/services/Greeter", body: #"{"public": false}"#),
        Step(method: .get, path: "/services/Greeter/openapi"),
        Step(method: .get, path: "/nowhere"),
        Step(method: .get, path: "/deployments/"),
        Step(method: .delete, path: "/health"),
        Step(method: .put, path: "/services/Greeter"),
        Step(method: .get, path: "/v1/deployments"),
        Step(method: .get, path: "/v4/deployments"),
        Step(method: .get, path: "/deployments/dp_nope"),
        Step(method: .post, path: "/deployments", body: #"{"uri": "http://localhost:9080/"}"#, contentType: "text/plain"),
        Step(method: .post, path: "/deployments", body: "{not json"),
        Step(method: .post, path: "/deployments", body: #"{"uri": 42}"#),
        Step(method: .post, path: "/deployments", body: #"{"uri": "http://x/", "metadata": {"big": "\#(String(repeating: "a", count: 2 << 20))"}}"#),
        Step(method: .patch, path: "/invocations/nope/kill"),
        Step(method: .put, path: "/deployments/dp_11nGQpCRmau6ypL82KH2TnP", body: #"{"uri": null}"#),
        Step(method: .get, path: "/openapi"),
    ]

    /// Status, the headers that matter, and the body with generated ids and times blanked out.
    static func normalized(_ answer: Answer) -> String {
        var text = answer.text
        for pattern in [#"dp_1[0-9A-Za-z]{22}"#, #"\d{4}-\d\d-\d\dT[0-9:.]+Z"#] {
            text = text.replacingOccurrences(of: pattern, with: "…", options: .regularExpression)
        }
        let headers = [HTTPField.Name.contentType, .allow, .location, .eTag, .wwwAuthenticate].map { name in
            "\(name)=\(answer.headers[name].map { $0.replacingOccurrences(of: #"dp_1[0-9A-Za-z]{22}"#, with: "…", options: .regularExpression) } ?? "-")"
        }
        return "\(answer.status) \(headers.joined(separator: " ")) \(text)"
    }

    static func harness() throws -> Harness {
        let harness = Harness()
        try harness.serve("http://localhost:9080/", services: [Harness.service("Greeter", handlers: ["greet"])])
        return harness
    }

    /// Runs `body` against a host application that serves its own `/hello` and the Admin API below
    /// ``prefix``.
    static func withHost(
        _ harness: Harness, configuration: AdminHTTPConfiguration = .init(), _ body: @Sendable (Client) async throws -> Void
    ) async throws {
        let router = Router(context: BasicRequestContext.self)
        router.get("/hello") { _, _ in "hello from the host" }
        router.add(middleware: AdminAPIMiddleware(prefix: prefix, router: AdminRouter(service: harness.service, configuration: configuration)))
        let app = Application(router: router, logger: TestLogging.logger())
        try await app.test(.router) { client in try await body(Client(client: client)) }
    }

    @Test("Every route, rejection and error answers as the API served alone")
    func sameAnswersBelowThePrefix() async throws {
        let alone = try Self.harness()
        let answers = Mutex<[String]>([])
        try await alone.run { client in
            for step in Self.steps {
                let answer = try await client.send(step.method, step.path, json: step.body, contentType: step.contentType)
                answers.withLock { $0.append(Self.normalized(answer)) }
            }
        }
        let expected = answers.withLock { $0 }
        let mounted = try Self.harness()
        try await Self.withHost(mounted) { client in
            for (index, step) in Self.steps.enumerated() {
                let answer = try await client.send(step.method, Self.prefix + step.path, json: step.body, contentType: step.contentType)
                #expect(Self.normalized(answer) == expected[index], "\(step)")
            }
        }
        #expect(expected.count == Self.steps.count)
    }

    @Test("Location stays relative and resolves below the prefix; the host's own routes still answer")
    func locationAndHostRoutes() async throws {
        let harness = try Self.harness()
        try await Self.withHost(harness) { client in
            let created = try await client.send(.post, "/admin/deployments", json: #"{"uri": "http://localhost:9080/"}"#)
            #expect(created.status == 201)
            let location = try #require(created.headers[.location])
            let id = try #require(try created.json["id"] as? String)
            #expect(location == "deployments/\(id)")
            #expect(URL(string: location, relativeTo: URL(string: "http://host/admin/deployments"))?.path == "/admin/deployments/\(id)")
            #expect(try await client.send(.get, "/admin/deployments/\(id)").status == 200)
            #expect(try await client.send(.get, "/hello").text == "hello from the host")
            #expect(try await client.send(.get, "/administrator/deployments").status == 404, "a longer first segment is not the prefix")
            #expect(try await client.send(.get, "/deployments").status == 404, "the API is not served at the root")
        }
    }

    @Test("Load shedding and authentication work below the prefix")
    func sheddingAndAuthenticationBelowThePrefix() async throws {
        let discovery = GatedDiscoveryClient()
        try discovery.base.respond(
            to: .http(DeploymentURI(parsing: "http://held:9080/"), useHTTP11: false), with: .init(body: Data(Self.manifest.utf8)))
        let service = AdminService(storage: InMemoryStorage(), discovery: discovery, logger: TestLogging.logger())
        let router = Router(context: BasicRequestContext.self)
        let configuration = AdminHTTPConfiguration(concurrentRequestsLimit: 1, authenticator: BearerTokenAuthenticator(tokens: ["t0ken"]))
        router.add(middleware: AdminAPIMiddleware(prefix: "/a/b", router: AdminRouter(service: service, configuration: configuration)))
        let app = Application(router: router, logger: TestLogging.logger())
        try await app.test(.router) { client in
            let denied = try await client.execute(uri: "/a/b/deployments", method: .get) { $0 }
            #expect(denied.status == .unauthorized && denied.headers[.wwwAuthenticate] == "Bearer")
            let health = try await client.execute(uri: "/a/b/v3/health", method: .get) { $0.status }
            #expect(health == .ok)
            async let held = client.execute(
                uri: "/a/b/deployments", method: .post, headers: [.authorization: "Bearer t0ken", .contentType: "application/json"],
                body: ByteBuffer(string: #"{"uri": "http://held:9080/"}"#)
            ) { $0.status }
            defer { discovery.release() }
            await discovery.waitUntilEntered()
            let shed = try await client.execute(uri: "/a/b/health", method: .get) { $0.status }
            #expect(shed == .tooManyRequests)
            discovery.release()
            #expect(try await held == .created)
        }
    }
}
