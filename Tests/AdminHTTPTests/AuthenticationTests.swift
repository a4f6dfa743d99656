import AdminCore
import AdminHTTP
import AdminHTTPTestSupport
import AdminStorageTestKit
import AdminTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Bearer-token authentication (BEHAVIOR.md §0 item 10): missing and wrong tokens get 401 in the
/// JSON error shape with `WWW-Authenticate: Bearer`; the health checks stay open.
@Suite(.capturingLogs)
struct AuthenticationTests {
    static func withServer(tokens: [String], _ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let service = AdminService(storage: InMemoryStorage(), discovery: StubDiscoveryClient(), logger: TestLogging.logger())
        let configuration = AdminHTTPConfiguration(authenticator: BearerTokenAuthenticator(tokens: tokens))
        let app = buildApplication(service: service, configuration: configuration, logger: TestLogging.logger())
        try await app.test(.router) { client in try await body(client) }
    }

    @Test(
        "Missing, malformed and wrong tokens are refused; any configured token is accepted",
        arguments: [
            (nil, 401), ("Bearer", 401), ("Basic dXNlcjpwYXNz", 401), ("Bearer wrong", 401), ("Bearer s3cret-but-longer", 401),
            ("Bearer s3cret", 200), ("bearer s3cret", 200), ("Bearer  other-token ", 200),
        ] as [(String?, Int)])
    func bearerTokens(_ header: String?, _ status: Int) async throws {
        try await Self.withServer(tokens: ["s3cret", "other-token"]) { client in
            var headers: HTTPFields = [:]
            if let header { headers[.authorization] = header }
            let response = try await client.execute(uri: "/deployments", method: .get, headers: headers) { $0 }
            #expect(Int(response.status.code) == status)
            if status == 401 {
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
                #expect(response.headers[.contentType] == "application/json")
                let parsed = try JSONSerialization.jsonObject(with: Data(buffer: response.body))
                let body = try #require(parsed as? [String: Any])
                #expect(body.keys.sorted() == ["message", "restate_code"])
                #expect(body["restate_code"] is NSNull)
                #expect(!(body["message"] as? String ?? "s3cret").contains("s3cret"), "the token is never echoed")
            }
        }
    }

    @Test("The health checks need no token, on every API version", arguments: ["/health", "/v2/health", "/v3/health"])
    func healthIsOpen(_ path: String) async throws {
        try await Self.withServer(tokens: ["s3cret"]) { client in
            let open = try await client.execute(uri: path, method: .get) { $0.status }
            #expect(open == .ok)
            let version = try await client.execute(uri: path.replacingOccurrences(of: "health", with: "version"), method: .get) { $0.status }
            #expect(version == .unauthorized)
        }
    }

    @Test("Token files: one token per line, comments and blank lines ignored; an empty or missing file is an error")
    func tokenFiles() async throws {
        try await TemporaryDirectory.with(prefix: "tokens") { directory in
            let file = directory.appending(path: "tokens")
            try "# admin tokens\n\n  first \nsecond\n".write(to: file, atomically: true, encoding: .utf8)
            let authenticator = try BearerTokenAuthenticator(tokenFile: file)
            let request = { (token: String) in
                Request(
                    head: .init(method: .get, scheme: "http", authority: "h", path: "/", headerFields: [.authorization: "Bearer \(token)"]),
                    body: .init(buffer: ByteBuffer()))
            }
            #expect(await authenticator.authenticate(request("first")) == .allowed)
            #expect(await authenticator.authenticate(request("second")) == .allowed)
            #expect(await authenticator.authenticate(request("# admin tokens")) != .allowed)
            try "# nothing here\n\n".write(to: file, atomically: true, encoding: .utf8)
            let empty = #expect(throws: AdminError.self) { try BearerTokenAuthenticator(tokenFile: file) }
            #expect(empty?.message.contains("holds no token") == true)
            #expect(throws: AdminError.self) { try BearerTokenAuthenticator(tokenFile: directory.appending(path: "missing")) }
        }
    }
}
