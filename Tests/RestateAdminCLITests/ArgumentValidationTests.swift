import AdminCore
import ArgumentParser
import Testing

@testable import restate_admin

/// Argument checks happen while parsing (`validate()`), so a bad command line is refused with a
/// usage error (exit code 2) before anything is sent or started.
struct ArgumentValidationTests {
    static let headerRule = "a header name is 1 to 65535 letters, digits or any of !#$%&'*+-.^_`|~"
    static let urlRule = "the admin URL must be http://host[:port][/path] or https://host[:port][/path]"
    static let register = ["deployments", "register", "http://localhost:9080"]

    @Test(
        arguments: [
            (register + ["--header", "no-colon"], "--header takes name:value, got 'no-colon'"),
            (register + ["--header", "x-a:1", "--header", "broken"], "--header takes name:value, got 'broken'"),
            (register + ["--header", "a b:c"], "--header: invalid header name 'a b': \(headerRule)"),
            (register + ["--header", ":value"], "--header: invalid header name '': \(headerRule)"),
            (
                register + ["--header", "x-a:1\r\nx-b: 2"],
                "--header: invalid value for header 'x-a': control characters (such as CR, LF, NUL) and DEL are not allowed"
            ),
            (["deployments", "list", "--admin-url", "ftp://x"], "\(urlRule), got 'ftp://x'"),
            (
                ["services", "describe", "Greeter", "--admin-url", "http://[::1"],
                "\(urlRule), got 'http://[::1': invalid authority '[::1': the IPv6 address has no closing ']'"
            ),
            (register + ["--admin-url", "http://user@host:9070"], "\(urlRule), got 'http://user@host:9070': user info is not supported"),
            (["deployments", "remove", "dp_x", "--admin-url", "127.0.0.1:9070"], "\(urlRule), got '127.0.0.1:9070'"),
            (["serve", "--bind", "nohost"], "bind address 'nohost' must be host:port"),
            (
                ["serve", "--bind", "[::1:9070"],
                "bind address '[::1:9070' must be host:port: invalid authority '[::1:9070': the IPv6 address has no closing ']'"
            ),
            (["serve", "--log-level", "loud"], "unknown log level 'loud' (one of trace, debug, info, notice, warning, error, critical)"),
        ] as [([String], String)])
    func badArgumentsAreRefusedByParsing(_ arguments: [String], _ message: String) throws {
        let refusal = try #require(ArgumentRefusal(arguments), "\(arguments) was accepted")
        #expect(refusal.message == message)
        #expect(refusal.exitCode == CLIExitCode.invalidInput)
    }

    @Test(arguments: [
        register + ["--header", "x-a:1", "--header", " Authorization : Bearer t "],
        ["deployments", "list", "--admin-url", "http://[::1]:9070/restate/"],
        ["services", "list", "--admin-url", "https://admin.example.com"],
        ["serve", "--bind", "[::1]:9070", "--log-level", "debug"],
        ["serve", "--bind", "0.0.0.0:1234"],
    ])
    func goodArgumentsAreAccepted(_ arguments: [String]) {
        #expect(ArgumentRefusal(arguments) == nil)
    }

    /// `--header` options keep their order: of two names that differ only in case the later
    /// wins, names are lower-cased and the spaces around names and values dropped.
    @Test func headersInOrderLaterCaseVariantWins() throws {
        let command = try AdminCommand.parseAsRoot(
            Self.register + ["--header", "X-Routing: a", "--header", " Authorization : Bearer t ", "--header", "x-routing:b"]
        )
        let registration = try #require(command as? AdminCommand.Deployments.Register)
        #expect(try registration.additionalHeaders() == ["x-routing": "b", "authorization": "Bearer t"])
    }

    /// `--admin-url`, else `RESTATE_ADMIN_URL`, else the local default; a bad URL from the
    /// environment names its source.
    @Test func adminURLPrecedence() throws {
        let flag = try AdminCommand.ClientOptions.parse(["--admin-url", "http://flag:1"])
        let none = try AdminCommand.ClientOptions.parse([])
        let environment = ["RESTATE_ADMIN_URL": "https://env/restate"]
        #expect(try flag.server(environment: environment).url("/x") == "http://flag:1/x")
        #expect(try none.server(environment: environment).url("/x") == "https://env/restate/x")
        #expect(try none.server(environment: [:]).url("/x") == "http://127.0.0.1:9070/x")
        let error = #expect(throws: ValidationError.self) { try none.server(environment: ["RESTATE_ADMIN_URL": "ftp://env"]) }
        #expect(error?.message == "\(Self.urlRule), got 'ftp://env' (from RESTATE_ADMIN_URL)")
        #expect(throws: Never.self) { try flag.server(environment: ["RESTATE_ADMIN_URL": "ftp://env"]) }
    }
}
