import AdminCore
import AdminDiscovery
import Foundation
import Testing

/// The bound on discovery answers (BEHAVIOR.md §0 item 12): a body over
/// ``HTTPDiscoveryClient/Configuration/maxResponseSize`` is refused while it streams, with META0003
/// and the limit in the message, and is not retried; a quoted body is cut at 1 KiB.
@Suite(.timeLimit(.minutes(1)))
struct ResponseSizeLimitTests {
    /// 60 MB, the size of the hostile answer.
    static let hostileSize = 60_000_000

    /// A client with Restate's retry policy (so a retry would show) and a `limit`.
    static func client(limit: ByteSize) -> HTTPDiscoveryClient {
        HTTPDiscoveryClient(configuration: .init(deadline: .seconds(30), maxResponseSize: limit, retryPolicy: .restate))
    }

    /// A valid manifest padded with JSON whitespace to exactly `size` bytes.
    static func paddedManifest(size: Int) -> String {
        minimalManifest + String(repeating: " ", count: size - minimalManifest.utf8.count)
    }

    @Test(arguments: [(true, true), (true, false), (false, true), (false, false)])
    func hostileBodyIsRefusedWhileItStreams(http1: Bool, announceLength: Bool) async throws {
        try await StreamingBodyServer.with(http1: http1, bodySize: Self.hostileSize, announceLength: announceLength) { server in
            let error = try await #require(throws: AdminError.self) {
                try await Self.client(limit: .mebibytes(1)).discover(
                    request("http://127.0.0.1:\(server.port)/", useHTTP11: http1)
                )
            }
            #expect(error.kind == .discovery)
            #expect(error.code == .meta0003)
            #expect(error.message.contains("larger than the 1 MiB limit on discovery responses"), "\(error.message)")
            if announceLength {
                #expect(error.message.hasSuffix("its content-length is 60000000 bytes"), "\(error.message)")
            } else {
                #expect(error.message.hasSuffix("more than 1048576 bytes arrived"), "\(error.message)")
            }
            let seen = try await server.waitForOutcome()
            #expect(seen.closedEarly, "the fake wrote its whole body: \(seen)")
            #expect(!seen.completed)
            #expect(seen.bytesWritten < Self.hostileSize / 4, "the fake wrote \(seen.bytesWritten) bytes")
            #expect(seen.requests == 1, "retried: \(seen.requests) requests")
        }
    }

    @Test(arguments: [true, false])
    func bodyAtTheLimitIsRead(http1: Bool) async throws {
        let limit = ByteSize.kibibytes(64)
        let body = Self.paddedManifest(size: limit.bytes)
        try await TestDiscoveryServer.with(http1 ? .http1 : .h2c, respond: { _, _ in .manifest(body) }) { server in
            let endpoint = try await Self.client(limit: limit).discover(
                request("http://127.0.0.1:\(server.port)/", useHTTP11: http1)
            )
            #expect(endpoint.manifest.services.map(\.name) == ["Greeter"])
        }
    }

    @Test(arguments: [true, false])
    func bodyOneByteOverTheLimitIsRefused(http1: Bool) async throws {
        let limit = ByteSize.kibibytes(64)
        let body = Self.paddedManifest(size: limit.bytes + 1)
        try await TestDiscoveryServer.with(http1 ? .http1 : .h2c, respond: { _, _ in .manifest(body) }) { server in
            let error = try await #require(throws: AdminError.self) {
                try await Self.client(limit: limit).discover(request("http://127.0.0.1:\(server.port)/", useHTTP11: http1))
            }
            #expect(error.code == .meta0003)
            #expect(error.message.contains("larger than the 64 KiB limit"), "\(error.message)")
            #expect(server.log.all.count == 1)
        }
    }

    @Test func defaultLimitIs16MiB() {
        #expect(HTTPDiscoveryClient.Configuration().maxResponseSize == .mebibytes(16))
    }

    @Test func undecodableBodyIsQuotedUpTo1KiB() async throws {
        let body = "{" + String(repeating: "é", count: 3000)
        try await TestDiscoveryServer.with(.h2c, respond: { _, _ in .manifest(body) }) { server in
            let error = try await #require(throws: AdminError.self) {
                try await testClient().discover(request("http://127.0.0.1:\(server.port)/"))
            }
            #expect(error.code == nil)
            #expect(error.message.hasSuffix("… (cut at 1 KiB of 6001 bytes)"), "\(error.message.suffix(80))")
            let quoted = try #require(error.message.components(separatedBy: "Discovery response: ").last)
            // 1 KiB: "{" and 511 two-byte characters, the one cut in half left out.
            #expect(quoted.hasPrefix("{" + String(repeating: "é", count: 511) + "…"))
        }
    }

    @Test func badStatusBodyIsQuotedUpTo1KiB() async throws {
        let body = String(repeating: "n", count: 5000)
        try await TestDiscoveryServer.with(.h2c, respond: { _, _ in .status(404, body) }) { server in
            let error = try await #require(throws: AdminError.self) {
                try await testClient().discover(request("http://127.0.0.1:\(server.port)/"))
            }
            #expect(error.code == .meta0003)
            #expect(error.message.hasSuffix(". Body: " + String(repeating: "n", count: 1024) + "… (cut at 1 KiB of 5000 bytes)"))
        }
    }

    @Test func smallBodyIsQuotedWhole() async throws {
        try await TestDiscoveryServer.with(.h2c, respond: { _, _ in .status(404, "nope") }) { server in
            let error = try await #require(throws: AdminError.self) {
                try await testClient().discover(request("http://127.0.0.1:\(server.port)/"))
            }
            #expect(error.message.hasSuffix(". Body: nope"))
        }
    }
}
