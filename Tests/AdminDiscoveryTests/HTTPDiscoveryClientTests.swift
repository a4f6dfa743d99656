import AdminCore
import AdminDiscovery
import Foundation
import Testing

/// A minimal valid v4 manifest.
let minimalManifest = """
    {"protocolMode":"BIDI_STREAM","minProtocolVersion":5,"maxProtocolVersion":6,"services":[{"name":"Greeter","ty":"SERVICE","handlers":[{"name":"greet"}]}]}
    """

/// A client for the tests (Restate's retry delays unless told otherwise); the default deadline is far beyond what any test's retries take, so
/// that a loaded machine (a slow CI runner) cannot turn a retry test into a deadline failure.
func testClient(
    deadline: Duration = .seconds(120),
    retryPolicy: HTTPDiscoveryClient.RetryPolicy = .restate,
    tlsTrust: HTTPDiscoveryClient.TLSTrust = .systemRoots
) -> HTTPDiscoveryClient {
    HTTPDiscoveryClient(configuration: .init(deadline: deadline, retryPolicy: retryPolicy, tlsTrust: tlsTrust))
}

func request(_ uri: String, useHTTP11: Bool = false, headers: AdditionalHeaders = [:]) throws -> DiscoveryRequest {
    DiscoveryRequest(address: .http(try DeploymentURI(parsing: uri), useHTTP11: useHTTP11), additionalHeaders: headers)
}

/// Discovery against in-process test servers, one per behaviour.
@Suite(.timeLimit(.minutes(1)))
struct HTTPDiscoveryClientTests {
    @Test(arguments: [false, true])
    func successSendsRestateRequest(useHTTP11: Bool) async throws {
        let mode: TestDiscoveryServer.Mode = useHTTP11 ? .http1 : .h2c
        try await TestDiscoveryServer.with(mode, respond: { _, _ in .manifest(minimalManifest) }) { server in
            let endpoint = try await testClient().discover(
                request(
                    "http://127.0.0.1:\(server.port)/base/?x=1", useHTTP11: useHTTP11,
                    headers: ["Authorization": "Bearer t", "x-custom": "v"])
            )
            #expect(endpoint.transport == .http(useHTTP11 ? .http11 : .http2))
            #expect(endpoint.protocolType == .bidiStream)
            #expect(endpoint.sdkVersion == "test-sdk/1.0")
            #expect(endpoint.supportedProtocolVersions == 5...6)
            #expect(endpoint.manifest.services.map(\.name) == ["Greeter"])

            let requests = server.log.all
            #expect(requests.count == 1)
            let seen = try #require(requests.first)
            #expect(seen.method == "GET")
            #expect(seen.uri == "/base/discover?x=1")
            #expect(seen.version == (useHTTP11 ? "1.1" : "2.0"))
            #expect(seen.values("accept") == [DiscoveryResponseValidator.acceptHeader])
            #expect(seen.values("authorization") == ["Bearer t"])
            #expect(seen.values("x-custom") == ["v"])
            #expect(seen.values("x-restate-cluster-name") == ["localcluster"])
            #expect(seen.values("host") == ["127.0.0.1:\(server.port)"])
            #expect(seen.values("content-length").isEmpty)
        }
    }

    @Test func notFoundIsMeta0003WithoutRetry() async throws {
        try await TestDiscoveryServer.with(.h2c, respond: { _, _ in .status(404, "nope") }) { server in
            let error = try await #require(throws: AdminError.self) {
                try await testClient().discover(request("http://127.0.0.1:\(server.port)/"))
            }
            #expect(error.kind == .discovery)
            #expect(error.code == .meta0003)
            #expect(
                error.message.hasPrefix(
                    "got status code '404'. Make sure the provided URI has the correct path where the Restate SDK endpoint is mounted. Response headers: {"
                ))
            #expect(error.message.contains("\"content-type\": \"text/plain\""))
            #expect(error.message.hasSuffix(". Body: nope"))
            #expect(server.log.all.count == 1)
        }
    }

    @Test func otherStatusPrintsReasonPhrase() async throws {
        try await TestDiscoveryServer.with(.http1, respond: { _, _ in .status(415, "unsupported") }) { server in
            let error = try await #require(throws: AdminError.self) {
                try await testClient().discover(request("http://127.0.0.1:\(server.port)/", useHTTP11: true))
            }
            #expect(error.code == .meta0003)
            #expect(error.message.hasPrefix("got status code '415 Unsupported Media Type'. Response headers: {"))
            #expect(error.message.hasSuffix(". Body: unsupported"))
            #expect(server.log.all.count == 1)
        }
    }

    @Test func serverErrorIsRetried() async throws {
        let respond: TestDiscoveryServer.Responder = { _, index in
            index == 0 ? .status(500, "boom") : .manifest(minimalManifest)
        }
        try await TestDiscoveryServer.with(.h2c, respond: respond) { server in
            let endpoint = try await testClient().discover(request("http://127.0.0.1:\(server.port)"))
            #expect(endpoint.transport == .http(.http2))
            #expect(server.log.all.count == 2)
        }
    }

    @Test func persistentServerErrorGivesUpAfterFourRetries() async throws {
        try await TestDiscoveryServer.with(.h2c, respond: { _, _ in .status(503, "busy") }) { server in
            let error = try await #require(throws: AdminError.self) {
                try await testClient().discover(request("http://127.0.0.1:\(server.port)"))
            }
            #expect(error.code == .meta0003)
            #expect(error.message.hasPrefix("got status code '503 Service Unavailable'."))
            #expect(server.log.all.count == 5)
        }
    }

    @Test func wrongContentTypeIsMeta0013() async throws {
        let respond: TestDiscoveryServer.Responder = { _, _ in .manifest(minimalManifest, contentType: "application/json") }
        try await TestDiscoveryServer.with(.h2c, respond: respond) { server in
            let error = try await #require(throws: AdminError.self) {
                try await testClient().discover(request("http://127.0.0.1:\(server.port)"))
            }
            #expect(error.code == .meta0013)
            #expect(error.message.hasPrefix("received a bad response from the SDK: Bad content type header: \"application/json\""))
            #expect(server.log.all.count == 1)
        }
    }

    @Test func invalidJSONHasNoCode() async throws {
        try await TestDiscoveryServer.with(.h2c, respond: { _, _ in .manifest("{not json") }) { server in
            let error = try await #require(throws: AdminError.self) {
                try await testClient().discover(request("http://127.0.0.1:\(server.port)"))
            }
            #expect(error.kind == .discovery)
            #expect(error.code == nil)
            #expect(error.message.hasPrefix("received a bad response from the SDK that cannot be decoded: "))
            #expect(server.log.all.count == 1)
        }
    }

    @Test func unknownManifestFieldIsRejected() async throws {
        let body = minimalManifest.replacingOccurrences(of: "\"services\"", with: "\"surprise\":1,\"services\"")
        try await TestDiscoveryServer.with(.h2c, respond: { _, _ in .manifest(body) }) { server in
            let error = try await #require(throws: AdminError.self) {
                try await testClient().discover(request("http://127.0.0.1:\(server.port)"))
            }
            #expect(error.kind == .discovery)
            #expect(error.code == nil)
            #expect(error.message.contains("surprise"))
        }
    }

    @Test func connectionRefusedIsRetriedMeta0003() async throws {
        let reserved = try ReservedPort()
        let port = reserved.port
        let clock = ContinuousClock()
        let start = clock.now
        let error = try await #require(throws: AdminError.self) {
            try await testClient().discover(request("http://127.0.0.1:\(port)/"))
        }
        let elapsed = clock.now - start
        #expect(error.code == .meta0003)
        #expect(error.message.hasPrefix("error when calling 'http://127.0.0.1:\(port)/': unable to reach the remote endpoint.\nReason: "))
        // 4 retries wait at least 100 + 200 + 400 + 800 ms: a lower bound proves the retries
        // happened (load can only make it slower); no upper bound, which would only measure the machine.
        #expect(elapsed >= .milliseconds(1500))
        withExtendedLifetime(reserved) {}
    }

    @Test func hangingEndpointHitsDeadline() async throws {
        try await TestDiscoveryServer.with(.h2c, respond: { _, _ in nil }) { server in
            // The endpoint never answers: only the deadline can end the call (the suite's time
            // limit catches a hang), and the error must say so.
            let error = try await #require(throws: AdminError.self) {
                try await testClient(deadline: .seconds(1)).discover(request("http://127.0.0.1:\(server.port)/"))
            }
            #expect(error.code == .meta0003)
            #expect(error.message == "error when calling 'http://127.0.0.1:\(server.port)/': discovery did not complete within the 1s deadline")
        }
    }

    @Test func http11OnlyServerOverH2CIsMeta0014() async throws {
        try await TestDiscoveryServer.with(.http1, respond: { _, _ in .manifest(minimalManifest) }) { server in
            let error = try await #require(throws: AdminError.self) {
                try await testClient().discover(request("http://127.0.0.1:\(server.port)/"))
            }
            #expect(error.code == .meta0014)
            #expect(
                error.message.hasPrefix(
                    "error when calling 'http://127.0.0.1:\(server.port)/': server possibly supports only HTTP1.1, consider discovery with --use-http1.1.\nReason: "
                ))
        }
    }

    @Test func http2OnlyServerWithHTTP11IsPossibleHTTP2Only() async throws {
        try await TestDiscoveryServer.with(.h2c, respond: { _, _ in .manifest(minimalManifest) }) { server in
            let error = try await #require(throws: AdminError.self) {
                try await testClient().discover(request("http://127.0.0.1:\(server.port)/", useHTTP11: true))
            }
            #expect(error.kind == .discovery)
            #expect(error.code == .meta0003)
            #expect(
                error.message == """
                    error when calling 'http://127.0.0.1:\(server.port)/': server possibly supports only HTTP/2, \
                    consider discovering without --use-http1.1.\nReason: invalid HTTP version parsed
                    """)
            #expect(server.log.all.isEmpty)
        }
    }

    @Test func tlsWithTrustedSelfSignedCertificate() async throws {
        let mode = TestDiscoveryServer.Mode.tlsH2(certificatePEM: TestCertificate.certificatePEM, keyPEM: TestCertificate.keyPEM)
        try await TestDiscoveryServer.with(mode, respond: { _, _ in .manifest(minimalManifest) }) { server in
            let trusted = testClient(tlsTrust: .certificates(pem: TestCertificate.certificatePEM))
            let endpoint = try await trusted.discover(request("https://127.0.0.1:\(server.port)/"))
            #expect(endpoint.transport == .http(.http2))

            let insecure = testClient(tlsTrust: .insecureSkipVerification)
            #expect(try await insecure.discover(request("https://127.0.0.1:\(server.port)/")).transport == .http(.http2))

            let error = try await #require(throws: AdminError.self) {
                try await testClient().discover(request("https://127.0.0.1:\(server.port)/"))
            }
            #expect(error.code == .meta0003)
            #expect(error.message.hasPrefix("error when calling 'https://127.0.0.1:\(server.port)/': "))
            #expect(server.log.all.count == 2)
        }
    }
}
