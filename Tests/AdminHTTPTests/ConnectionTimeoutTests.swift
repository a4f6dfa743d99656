import AdminHTTP
import AdminHTTPTestSupport
import AdminTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The connection timeouts of the server ``buildApplication(service:configuration:logger:)``
/// builds (what `restate-admin serve` runs): a request head must be complete within the header
/// timeout of its first byte, and a connection that sends nothing while none of its requests is
/// being answered is closed after the idle timeout. Real sockets, 1–2 s timeouts.
@Suite(.timeLimit(.minutes(1)))
struct ConnectionTimeoutTests {
    /// Runs `body` with the port of a live server with these timeouts.
    static func serve(header: Duration?, idle: Duration?, _ body: @Sendable (Int) async throws -> Void) async throws {
        let configuration = AdminHTTPConfiguration(port: 0, requestHeaderTimeout: header, idleTimeout: idle)
        let app = buildApplication(service: Harness().service, configuration: configuration, logger: TestLogging.logger())
        try await app.test(.live) { client in try await body(try #require(client.port)) }
    }

    @Test func halfARequestHeadIsClosedAfterTheHeaderTimeout() async throws {
        // Bounds far apart, so that a slow machine cannot blur which timeout closed it.
        try await Self.serve(header: .seconds(1), idle: .seconds(30)) { port in
            let connection = try RawConnection(port: port)
            defer { connection.close() }
            let started = ContinuousClock.now
            try connection.send("GET /health HTTP/1.1\r\nhost: 127.0.0.1\r\nx-slow: ")
            let reading = await connection.read(timeout: .seconds(25))
            let elapsed = ContinuousClock.now - started
            #expect(reading.closed)
            #expect(reading.bytes.isEmpty, "\(reading.text)")
            #expect(elapsed >= .milliseconds(900) && elapsed < .seconds(20), "closed after \(elapsed)")
        }
    }

    @Test func anIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout() async throws {
        try await Self.serve(header: .seconds(30), idle: .seconds(1)) { port in
            let connection = try RawConnection(port: port)
            defer { connection.close() }
            try connection.send("GET /health HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n")
            let response = await connection.readResponse()
            #expect(response.text.hasPrefix("HTTP/1.1 200"), "\(response.text)")
            #expect(!response.closed)
            let started = ContinuousClock.now
            let reading = await connection.read(timeout: .seconds(25))
            let elapsed = ContinuousClock.now - started
            #expect(reading.closed)
            #expect(elapsed >= .milliseconds(800) && elapsed < .seconds(20), "closed after \(elapsed)")
        }
    }

    @Test func aSilentNewConnectionIsLeftToTheIdleTimeout() async throws {
        try await Self.serve(header: .seconds(1), idle: .seconds(4)) { port in
            let connection = try RawConnection(port: port)
            defer { connection.close() }
            let started = ContinuousClock.now
            let reading = await connection.read(timeout: .seconds(30))
            let elapsed = ContinuousClock.now - started
            #expect(reading.closed)
            #expect(elapsed >= .milliseconds(3800) && elapsed < .seconds(25), "closed after \(elapsed)")
        }
    }

    @Test func slowButCompleteRequestsAreServed() async throws {
        try await Self.serve(header: .seconds(2), idle: .seconds(6)) { port in
            let connection = try RawConnection(port: port)
            defer { connection.close() }
            // Silence longer than the header timeout before the first byte: only the idle timeout counts.
            try await Task.sleep(for: .milliseconds(2300))
            for piece in ["GET /hea", "lth HTTP/1.1\r\nhost: 127.", "0.0.1\r\n\r\n"] {
                try connection.send(piece)
                try await Task.sleep(for: .milliseconds(250))
            }
            let first = await connection.readResponse()
            #expect(first.text.hasPrefix("HTTP/1.1 200"), "\(first.text)")
            #expect(!first.closed)
            // Keep-alive, then a body that takes longer than the header timeout, each gap shorter
            // than the idle timeout.
            try await Task.sleep(for: .milliseconds(1300))
            let body = #"{"uri": "http://127.0.0.1:1/"}"#
            try connection.send(
                "POST /deployments?dry_run=true HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: \(body.utf8.count)\r\n\r\n"
            )
            for piece in [String(body.prefix(10)), String(body.dropFirst(10).prefix(10)), String(body.dropFirst(20))] {
                try await Task.sleep(for: .milliseconds(900))
                try connection.send(piece)
            }
            let second = await connection.readResponse()
            #expect(second.text.hasPrefix("HTTP/1.1 "), "\(second.text)")
            #expect(!second.text.hasPrefix("HTTP/1.1 408"))
            #expect(!second.closed || !second.bytes.isEmpty)
        }
    }

    @Test func defaultsAre30And90Seconds() {
        let configuration = AdminHTTPConfiguration()
        #expect(configuration.requestHeaderTimeout == .seconds(30))
        #expect(configuration.idleTimeout == .seconds(90))
    }
}
