import AdminCore
import AdminDiscovery
import Foundation
import Testing

/// Lambda discovery against local AWS fakes: an Invoke endpoint whose SigV4 check is botocore's and
/// whose answer is the official Python SDK's Lambda handler, and moto's server mode as STS. Skipped
/// with a reason when the venv or its modules are absent, failing instead when `CI` is `true`.
@Suite(
    .serialized, .timeLimit(.minutes(1)),
    .enabled(if: AWSFakeEnvironment.shouldRun, "skipped: \(AWSFakeEnvironment.absenceReason)")
)
struct LambdaAWSFakeTests {
    static let arn = "arn:aws:lambda:eu-central-1:123456789012:function:restate-peer:1"
    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

    static func environment() throws -> AWSFakeEnvironment {
        try #require(AWSFakeEnvironment.current, "CI=true but \(AWSFakeEnvironment.absenceReason)")
    }

    static func discover(
        lambda: FakeLambda, credentials: AWSSigV4Signer.Credentials, sts: String? = nil, assumeRole: String? = nil
    ) async throws -> DiscoveredEndpoint {
        let client = HTTPDiscoveryClient(
            configuration: .init(
                retryPolicy: .none, lambdaEndpoint: lambda.endpoint, awsCredentials: credentials, stsEndpoint: sts
            ))
        return try await client.discover(
            DiscoveryRequest(address: .lambda(try LambdaARN(parsing: arn), assumeRoleARN: assumeRole))
        )
    }

    /// The SDK's answer as the contract captured it: services in order and `x-restate-server`.
    static func expectCapturedManifest(_ endpoint: DiscoveredEndpoint, environment: AWSFakeEnvironment) throws {
        let capture = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: environment.lambdaCapture)) as? [String: Any]
        )
        let decoded = try #require(capture["decoded_body"] as? [String: Any])
        let services = try #require(decoded["services"] as? [[String: Any]])
        let headers = try #require((capture["response"] as? [String: Any])?["headers"] as? [String: String])
        #expect(endpoint.transport == .lambda)
        #expect(endpoint.protocolType == .requestResponse)
        #expect(endpoint.manifest.services.map(\.name) == services.compactMap { $0["name"] as? String })
        #expect(endpoint.sdkVersion == headers["x-restate-server"])
    }

    @Test(arguments: [nil, "session-token-1"] as [String?])
    func signatureAcceptedByBotocore(sessionToken: String?) async throws {
        let environment = try Self.environment()
        let directory = try FakeDirectory()
        defer { directory.remove() }
        let accepted = "AKIDEXAMPLE:\(Self.secret)" + (sessionToken.map { ":\($0)" } ?? "")
        let lambda = try await environment.startFakeLambda(in: directory.url, credentials: [accepted])
        defer { lambda.process.stop() }

        let endpoint = try await Self.discover(
            lambda: lambda, credentials: .init(accessKeyID: "AKIDEXAMPLE", secretAccessKey: Self.secret, sessionToken: sessionToken)
        )
        try Self.expectCapturedManifest(endpoint, environment: environment)
        let requests = try lambda.requests()
        try #require(requests.count == 1, "\(lambda.process.output)")
        #expect(requests[0]["verdict"] as? String == "ok", "\(requests[0])")
        #expect(requests[0]["function"] as? String == Self.arn)
        #expect(requests[0]["access_key"] as? String == "AKIDEXAMPLE")
        #expect(requests[0]["session_token"] as? String == sessionToken)
    }

    @Test func wrongSecretIsRejectedWith403() async throws {
        let environment = try Self.environment()
        let directory = try FakeDirectory()
        defer { directory.remove() }
        let lambda = try await environment.startFakeLambda(in: directory.url, credentials: ["AKIDEXAMPLE:\(Self.secret)"])
        defer { lambda.process.stop() }

        let error = try await #require(throws: AdminError.self) {
            try await Self.discover(
                lambda: lambda, credentials: .init(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "not-the-secret")
            )
        }
        #expect(error.code == .meta0003)
        #expect(error.message.hasPrefix("got status code '403 Forbidden'."), "\(error.message)")
        #expect(error.message.contains("InvalidSignatureException"), "\(error.message)")
        #expect(error.message.contains("The request signature we calculated does not match"), "\(error.message)")
        let requests = try lambda.requests()
        try #require(requests.count == 1, "\(lambda.process.output)")
        #expect(requests[0]["verdict"] as? String == "InvalidSignatureException")
    }

    @Test func assumeRoleThroughMotoSTS() async throws {
        let environment = try Self.environment()
        let directory = try FakeDirectory()
        defer { directory.remove() }
        // moto first: the fake Lambda needs its URL. No static credentials: only what moto's
        // AssumeRole handed out is accepted.
        let moto = try await environment.startMoto(in: directory.url)
        defer { moto.process.stop() }
        let sts = moto.endpoint
        let lambda = try await environment.startFakeLambda(in: directory.url, credentials: [], sts: sts)
        defer { lambda.process.stop() }

        let role = "arn:aws:iam::123456789012:role/test"
        let endpoint = try await Self.discover(
            lambda: lambda, credentials: .init(accessKeyID: "AKIDBASE", secretAccessKey: Self.secret), sts: sts,
            assumeRole: role
        )
        try Self.expectCapturedManifest(endpoint, environment: environment)
        let requests = try lambda.requests()
        try #require(requests.count == 1, "\(lambda.process.output)")
        #expect(requests[0]["verdict"] as? String == "ok", "\(requests[0])")
        #expect((requests[0]["access_key"] as? String)?.hasPrefix("ASIA") == true, "\(requests[0])")
        #expect((requests[0]["session_token"] as? String)?.isEmpty == false)
        #expect(requests[0]["assumed_role"] as? String == role)
        #expect((requests[0]["role_session"] as? String)?.hasPrefix("restate-") == true)
    }
}
