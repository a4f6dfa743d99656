import AdminCore
import AdminDiscovery
import Foundation
import Testing

/// Lambda discovery against a local fake of the Lambda Invoke API (HTTP/1.1, endpoint override).
@Suite(.timeLimit(.minutes(1)))
struct LambdaDiscoveryTests {
    static let arnText = "arn:aws:lambda:eu-central-1:123456789012:function:my-fn:1"

    func client(port: Int) -> HTTPDiscoveryClient {
        HTTPDiscoveryClient(
            configuration: .init(
                lambdaEndpoint: "http://127.0.0.1:\(port)",
                awsCredentials: .init(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret", sessionToken: "tok")
            ))
    }

    static func invokeAnswer(manifest: String, statusCode: Int = 200) -> TestResponse {
        let payload: [String: Any] = [
            "statusCode": statusCode,
            "headers": ["content-type": TestResponse.manifestType, "x-restate-server": "restate-sdk-python/1.3.0"],
            "body": Data(manifest.utf8).base64EncodedString(),
            "isBase64Encoded": true,
        ]
        let json = (try? JSONSerialization.data(withJSONObject: payload)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return TestResponse(status: 200, headers: [("content-type", "application/json")], body: json)
    }

    @Test func signedInvokeWithDiscoveryEvent() async throws {
        let manifest = minimalManifest.replacingOccurrences(of: "BIDI_STREAM", with: "REQUEST_RESPONSE")
        try await TestDiscoveryServer.with(.http1, respond: { _, _ in Self.invokeAnswer(manifest: manifest) }) { server in
            let arn = try LambdaARN(parsing: Self.arnText)
            let endpoint = try await client(port: server.port).discover(
                DiscoveryRequest(address: .lambda(arn, assumeRoleARN: nil), additionalHeaders: ["x-custom": "v"])
            )
            #expect(endpoint.transport == .lambda)
            #expect(endpoint.protocolType == .requestResponse)
            #expect(endpoint.sdkVersion == "restate-sdk-python/1.3.0")

            let seen = try #require(server.log.all.first)
            #expect(seen.method == "POST")
            #expect(seen.uri == "/2015-03-31/functions/\(AWSSigV4Signer.encode(Self.arnText))/invocations")
            let authorization = try #require(seen.values("authorization").first)
            #expect(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"))
            #expect(
                authorization.contains(
                    "/eu-central-1/lambda/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature="))
            #expect(seen.values("x-amz-security-token") == ["tok"])
            #expect(seen.values("host") == ["127.0.0.1:\(server.port)"])
            #expect(seen.values("content-length") == [String(seen.body.utf8.count)])
            #expect(seen.values("transfer-encoding").isEmpty)
            let event = try #require(try JSONSerialization.jsonObject(with: Data(seen.body.utf8)) as? [String: Any])
            #expect(event["path"] as? String == "/discover")
            #expect(event["httpMethod"] as? String == "GET")
            #expect(event["body"] as? String == "")
            #expect(event["isBase64Encoded"] as? Bool == true)
            let headers = try #require(event["headers"] as? [String: String])
            #expect(
                headers == [
                    "accept": DiscoveryResponseValidator.acceptHeader, "x-custom": "v", "x-restate-cluster-name": "localcluster",
                ])
        }
    }

    @Test func bidiStreamOverLambdaIsMeta0015() async throws {
        try await TestDiscoveryServer.with(.http1, respond: { _, _ in Self.invokeAnswer(manifest: minimalManifest) }) { server in
            let error = try await #require(throws: AdminError.self) {
                try await client(port: server.port).discover(
                    DiscoveryRequest(address: .lambda(try LambdaARN(parsing: Self.arnText), assumeRoleARN: nil))
                )
            }
            #expect(error.code == .meta0015)
        }
    }

    @Test func functionErrorIsReported() async throws {
        let respond: TestDiscoveryServer.Responder = { _, _ in
            TestResponse(status: 200, headers: [("x-amz-function-error", "Unhandled")], body: #"{"errorMessage":"boom"}"#)
        }
        try await TestDiscoveryServer.with(.http1, respond: respond) { server in
            let error = try await #require(throws: AdminError.self) {
                try await client(port: server.port).discover(
                    DiscoveryRequest(address: .lambda(try LambdaARN(parsing: Self.arnText), assumeRoleARN: nil))
                )
            }
            #expect(error.message == #"function returned an error during execution: {"errorMessage":"boom"}"#)
            #expect(server.log.all.count == 1)
        }
    }

    @Test func assumeRoleUsesSTSCredentials() async throws {
        let manifest = minimalManifest.replacingOccurrences(of: "BIDI_STREAM", with: "REQUEST_RESPONSE")
        let respond: TestDiscoveryServer.Responder = { request, _ in
            guard request.uri == "/" else { return Self.invokeAnswer(manifest: manifest) }
            let xml = """
                <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials>
                <AccessKeyId>ASIATEMP</AccessKeyId><SecretAccessKey>tempsecret</SecretAccessKey>
                <SessionToken>temptoken</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration>
                </Credentials></AssumeRoleResult></AssumeRoleResponse>
                """
            return TestResponse(status: 200, headers: [("content-type", "text/xml")], body: xml)
        }
        try await TestDiscoveryServer.with(.http1, respond: respond) { server in
            let client = HTTPDiscoveryClient(
                configuration: .init(
                    lambdaEndpoint: "http://127.0.0.1:\(server.port)",
                    awsCredentials: .init(accessKeyID: "AKIDBASE", secretAccessKey: "secret"),
                    stsEndpoint: "http://127.0.0.1:\(server.port)"
                ))
            let role = "arn:aws:iam::123456789012:role/restate"
            let endpoint = try await client.discover(
                DiscoveryRequest(address: .lambda(try LambdaARN(parsing: Self.arnText), assumeRoleARN: role))
            )
            #expect(endpoint.transport == .lambda)
            let requests = server.log.all
            try #require(requests.count == 2)
            #expect(requests[0].uri == "/")
            #expect(requests[0].body.contains("Action=AssumeRole"))
            #expect(requests[0].body.contains("RoleArn=\(AWSSigV4Signer.encode(role))"))
            #expect(requests[0].body.contains("RoleSessionName=restate-"))
            #expect(requests[0].values("authorization").first?.contains("Credential=AKIDBASE/") == true)
            #expect(requests[0].values("authorization").first?.contains("/sts/aws4_request") == true)
            #expect(requests[0].values("content-length") == [String(requests[0].body.utf8.count)])
            #expect(requests[1].values("authorization").first?.contains("Credential=ASIATEMP/") == true)
            #expect(requests[1].values("x-amz-security-token") == ["temptoken"])
        }
    }

    /// The function's own status (payload `statusCode`) is classified like an HTTP status: 503 is
    /// retried, and the next answer succeeds.
    @Test func payloadServerErrorIsRetried() async throws {
        let manifest = minimalManifest.replacingOccurrences(of: "BIDI_STREAM", with: "REQUEST_RESPONSE")
        let respond: TestDiscoveryServer.Responder = { _, index in
            Self.invokeAnswer(manifest: index == 0 ? "unavailable" : manifest, statusCode: index == 0 ? 503 : 200)
        }
        try await TestDiscoveryServer.with(.http1, respond: respond) { server in
            let endpoint = try await client(port: server.port).discover(
                DiscoveryRequest(address: .lambda(try LambdaARN(parsing: Self.arnText), assumeRoleARN: nil))
            )
            #expect(endpoint.transport == .lambda)
            #expect(server.log.all.count == 2)
        }
    }

    /// A payload `statusCode` outside the retried set (here 404) fails at once with META0003.
    @Test func payloadNotFoundIsNotRetried() async throws {
        try await TestDiscoveryServer.with(.http1, respond: { _, _ in Self.invokeAnswer(manifest: "nope", statusCode: 404) }) { server in
            let error = try await #require(throws: AdminError.self) {
                try await client(port: server.port).discover(
                    DiscoveryRequest(address: .lambda(try LambdaARN(parsing: Self.arnText), assumeRoleARN: nil))
                )
            }
            #expect(error.code == .meta0003)
            #expect(
                error.message.hasPrefix(
                    "got status code '404'. Make sure the provided URI has the correct path where the Restate SDK endpoint is mounted."
                ))
            #expect(error.message.hasSuffix(". Body: nope"))
            #expect(server.log.all.count == 1)
        }
    }

    /// An STS endpoint that accepts the AssumeRole call and never answers: the discovery deadline
    /// ends it (the suite's time limit catches a hang), and Invoke is never called.
    @Test func hangingSTSHitsDeadline() async throws {
        let respond: TestDiscoveryServer.Responder = { request, _ in
            request.uri == "/" ? nil : Self.invokeAnswer(manifest: minimalManifest)
        }
        try await TestDiscoveryServer.with(.http1, respond: respond) { server in
            let client = HTTPDiscoveryClient(
                configuration: .init(
                    deadline: .milliseconds(500), lambdaEndpoint: "http://127.0.0.1:\(server.port)",
                    awsCredentials: .init(accessKeyID: "AKIDBASE", secretAccessKey: "secret"),
                    stsEndpoint: "http://127.0.0.1:\(server.port)"
                ))
            let error = try await #require(throws: AdminError.self) {
                try await client.discover(
                    DiscoveryRequest(
                        address: .lambda(try LambdaARN(parsing: Self.arnText), assumeRoleARN: "arn:aws:iam::123456789012:role/restate")
                    ))
            }
            #expect(error.code == .meta0003)
            #expect(error.message == "error when calling '\(Self.arnText)': discovery did not complete within the 500ms deadline")
            #expect(server.log.all.allSatisfy { $0.uri == "/" })
        }
    }

    /// An Invoke endpoint that refuses connections: a connect error, retried (the lower bound of the
    /// elapsed time proves the two retries), then META0003 in Restate's words.
    @Test func unreachableInvokeEndpointIsRetriedMeta0003() async throws {
        let reserved = try ReservedPort()
        let client = HTTPDiscoveryClient(
            configuration: .init(
                retryPolicy: .init(maxRetries: 2, initialDelay: .milliseconds(200)),
                lambdaEndpoint: "http://127.0.0.1:\(reserved.port)", awsCredentials: .init(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret")
            ))
        let clock = ContinuousClock()
        let start = clock.now
        let error = try await #require(throws: AdminError.self) {
            try await client.discover(DiscoveryRequest(address: .lambda(try LambdaARN(parsing: Self.arnText), assumeRoleARN: nil)))
        }
        #expect(clock.now - start >= .milliseconds(600))
        #expect(error.code == .meta0003)
        #expect(error.message.hasPrefix("error when calling '\(Self.arnText)': unable to reach the remote endpoint.\nReason: "), "\(error.message)")
        withExtendedLifetime(reserved) {}
    }

    /// A redirect from the Invoke endpoint is not followed: the 307 is the discovery's failure.
    @Test func redirectIsNotFollowed() async throws {
        let respond: TestDiscoveryServer.Responder = { _, _ in
            TestResponse(status: 307, headers: [("location", "http://127.0.0.1:1/elsewhere")], body: "moved")
        }
        try await TestDiscoveryServer.with(.http1, respond: respond) { server in
            let error = try await #require(throws: AdminError.self) {
                try await client(port: server.port).discover(
                    DiscoveryRequest(address: .lambda(try LambdaARN(parsing: Self.arnText), assumeRoleARN: nil))
                )
            }
            #expect(error.code == .meta0003)
            #expect(error.message.hasPrefix("got status code '307 Temporary Redirect'."), "\(error.message)")
            #expect(error.message.hasSuffix(". Body: moved"))
            #expect(server.log.all.count == 1)
        }
    }

    /// An `https://` Invoke endpoint is called over TLS (HTTP/1.1) with the configured trust roots:
    /// trusted, the call succeeds; with the system roots, the self-signed certificate is refused and
    /// the endpoint never sees a request.
    @Test func invokeOverTLSUsesConfiguredTrust() async throws {
        let manifest = minimalManifest.replacingOccurrences(of: "BIDI_STREAM", with: "REQUEST_RESPONSE")
        let mode = TestDiscoveryServer.Mode.tlsHTTP1(certificatePEM: TestCertificate.certificatePEM, keyPEM: TestCertificate.keyPEM)
        try await TestDiscoveryServer.with(mode, respond: { _, _ in Self.invokeAnswer(manifest: manifest) }) { server in
            func client(_ trust: HTTPDiscoveryClient.TLSTrust) -> HTTPDiscoveryClient {
                HTTPDiscoveryClient(
                    configuration: .init(
                        retryPolicy: .none, tlsTrust: trust, lambdaEndpoint: "https://127.0.0.1:\(server.port)",
                        awsCredentials: .init(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret")
                    ))
            }
            let request = DiscoveryRequest(address: .lambda(try LambdaARN(parsing: Self.arnText), assumeRoleARN: nil))
            let endpoint = try await client(.certificates(pem: TestCertificate.certificatePEM)).discover(request)
            #expect(endpoint.transport == .lambda)
            let seen = try #require(server.log.all.first)
            #expect(seen.version == "1.1")
            #expect(seen.values("host") == ["127.0.0.1:\(server.port)"])

            let error = try await #require(throws: AdminError.self) { try await client(.systemRoots).discover(request) }
            #expect(error.code == .meta0003)
            #expect(error.message.hasPrefix("error when calling '\(Self.arnText)': "), "\(error.message)")
            #expect(server.log.all.count == 1)
        }
    }
}
