import AdminCore
import AdminTOML
import Testing

@testable import restate_admin

/// The settings of hostile peers and clients: `admin.discovery-max-response-size`,
/// `admin.request-header-timeout` and `admin.idle-timeout` (this project's additions).
struct ServeLimitSettingsTests {
    static func resolve(_ file: String, environment: [String: String] = [:]) throws -> ServerSettings {
        try ServerSettings.resolve(file: try TOMLParser.parse(file), environment: environment)
    }

    @Test func defaults() throws {
        let settings = try Self.resolve("")
        #expect(settings.discoveryMaxResponseSize == .mebibytes(16))
        #expect(settings.requestHeaderTimeout == RestateDuration(seconds: 30))
        #expect(settings.idleTimeout == RestateDuration(seconds: 90))
        #expect(settings.unknownKeys.isEmpty)
    }

    @Test(arguments: [
        ("1048576", 1_048_576), (#""1MiB""#, 1_048_576), (#""16 MiB""#, 16_777_216), (#""500kB""#, 500_000), (#""2048""#, 2048),
    ])
    func maxResponseSize(value: String, bytes: Int) throws {
        let settings = try Self.resolve("[admin]\ndiscovery-max-response-size = \(value)\n")
        #expect(settings.discoveryMaxResponseSize == ByteSize(bytes: bytes))
        #expect(settings.unknownKeys.isEmpty)
    }

    @Test(arguments: ["0", #""lots""#, #""-1MiB""#, #""1 PiB""#, "true"])
    func badMaxResponseSizeIsAProblem(value: String) throws {
        #expect(throws: ServerSettings.Problem.self) {
            try Self.resolve("[admin]\ndiscovery-max-response-size = \(value)\n")
        }
    }

    @Test func timeoutsFromFileAndEnvironment() throws {
        let file = try Self.resolve("[admin]\nrequest-header-timeout = \"5s\"\nidle-timeout = \"2m\"\n")
        #expect(file.requestHeaderTimeout == RestateDuration(seconds: 5))
        #expect(file.idleTimeout == RestateDuration(seconds: 120))
        let environment = try Self.resolve(
            "", environment: ["RESTATE_ADMIN__REQUEST_HEADER_TIMEOUT": "1s", "RESTATE_ADMIN__DISCOVERY_MAX_RESPONSE_SIZE": "4MiB"]
        )
        #expect(environment.requestHeaderTimeout == RestateDuration(seconds: 1))
        #expect(environment.discoveryMaxResponseSize == .mebibytes(4))
    }

    @Test(arguments: ["request-header-timeout", "idle-timeout"])
    func zeroOrBadTimeoutIsAProblem(key: String) throws {
        #expect(throws: ServerSettings.Problem.self) { try Self.resolve("[admin]\n\(key) = \"0s\"\n") }
        #expect(throws: ServerSettings.Problem.self) { try Self.resolve("[admin]\n\(key) = \"soon\"\n") }
    }
}
