import AdminCore
import AdminDiscovery
import Foundation
import Testing

/// The bound on discovery answers over Lambda: the Invoke answer streams through AsyncHTTPClient
/// and is refused like an HTTP deployment's (BEHAVIOR.md §0 item 12).
@Suite(.timeLimit(.minutes(1)))
struct LambdaResponseSizeLimitTests {
    static let arn = "arn:aws:lambda:eu-central-1:123456789012:function:my-fn:1"

    static func client(port: Int, limit: ByteSize = .mebibytes(16)) -> HTTPDiscoveryClient {
        HTTPDiscoveryClient(
            configuration: .init(
                maxResponseSize: limit, retryPolicy: .restate, lambdaEndpoint: "http://127.0.0.1:\(port)",
                awsCredentials: .init(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret")
            ))
    }

    static func discover(_ client: HTTPDiscoveryClient) async throws -> DiscoveredEndpoint {
        try await client.discover(DiscoveryRequest(address: .lambda(try LambdaARN(parsing: arn), assumeRoleARN: nil)))
    }

    @Test(arguments: [true, false])
    func hostileInvokeAnswerIsRefusedWhileItStreams(announceLength: Bool) async throws {
        try await StreamingBodyServer.with(
            http1: true, bodySize: ResponseSizeLimitTests.hostileSize, announceLength: announceLength, contentType: "application/json"
        ) { server in
            let error = try await #require(throws: AdminError.self) {
                try await Self.discover(Self.client(port: server.port, limit: .mebibytes(1)))
            }
            #expect(error.code == .meta0003)
            #expect(error.message.contains("larger than the 1 MiB limit on discovery responses"), "\(error.message)")
            let seen = try await server.waitForOutcome()
            #expect(seen.closedEarly, "\(seen)")
            #expect(seen.bytesWritten < ResponseSizeLimitTests.hostileSize / 4, "the fake wrote \(seen.bytesWritten) bytes")
            #expect(seen.requests == 1, "retried: \(seen.requests) requests")
        }
    }

    @Test func functionErrorPayloadIsQuotedUpTo1KiB() async throws {
        let payload = String(repeating: "e", count: 4000)
        let answer = TestResponse(
            status: 200, headers: [("content-type", "application/json"), ("x-amz-function-error", "Unhandled")], body: payload
        )
        try await TestDiscoveryServer.with(.http1, respond: { _, _ in answer }) { server in
            let error = try await #require(throws: AdminError.self) { try await Self.discover(Self.client(port: server.port)) }
            #expect(error.code == .meta0003)
            #expect(
                error.message.hasSuffix(
                    "function returned an error during execution: " + String(repeating: "e", count: 1024) + "… (cut at 1 KiB of 4000 bytes)"
                ), "\(error.message.suffix(80))")
        }
    }
}
