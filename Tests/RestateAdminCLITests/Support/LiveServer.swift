import AdminHTTP
import AdminHTTPTestSupport
import AdminTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// Live servers on a port of 127.0.0.1 for the client subcommands, which speak over a real
/// socket.
enum LiveServer {
    /// Runs `body` with the base URL of the Admin API served over `harness`.
    static func run(_ harness: Harness, _ body: @Sendable (_ url: String) async throws -> Void) async throws {
        try await run(buildApplication(service: harness.service, configuration: .init(port: 0), logger: TestLogging.logger()), body)
    }

    /// Runs `body` with the base URL of a server answering with `router` (a stand-in for another
    /// server, such as Restate itself).
    static func run(_ router: Router<BasicRequestContext>, _ body: @Sendable (_ url: String) async throws -> Void) async throws {
        let application = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: TestLogging.logger())
        try await run(application, body)
    }

    /// Runs `body` with the base URL of `application`, served live.
    private static func run(_ application: some ApplicationProtocol, _ body: @Sendable (_ url: String) async throws -> Void) async throws {
        try await application.test(.live) { client in
            let port = try #require(client.port)
            try await body("http://127.0.0.1:\(port)")
        }
    }
}
