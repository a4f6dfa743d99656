import AdminCore
import Testing

@testable import restate_admin

/// Where the client subcommands send a request, for every shape of admin URL.
struct AdminURLTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let url: String
        let host: String
        let port: Int
        let hostHeader: String
        let requestURL: String
        let tls: Bool
        var testDescription: String { url }
    }

    static let cases: [Case] = [
        Case(
            url: "http://127.0.0.1:9070", host: "127.0.0.1", port: 9070, hostHeader: "127.0.0.1:9070",
            requestURL: "http://127.0.0.1:9070/deployments", tls: false),
        Case(
            url: "http://localhost:9070/", host: "localhost", port: 9070, hostHeader: "localhost:9070",
            requestURL: "http://localhost:9070/deployments", tls: false),
        Case(
            url: "https://admin.example.com", host: "admin.example.com", port: 443, hostHeader: "admin.example.com",
            requestURL: "https://admin.example.com/deployments", tls: true),
        Case(
            url: "http://admin.example.com", host: "admin.example.com", port: 80, hostHeader: "admin.example.com",
            requestURL: "http://admin.example.com/deployments", tls: false),
        Case(
            url: "http://admin.example.com:80", host: "admin.example.com", port: 80, hostHeader: "admin.example.com:80",
            requestURL: "http://admin.example.com:80/deployments", tls: false),
        Case(
            url: "http://[::1]:9070", host: "::1", port: 9070, hostHeader: "[::1]:9070",
            requestURL: "http://[::1]:9070/deployments", tls: false),
        Case(
            url: "https://[fe80::1]", host: "fe80::1", port: 443, hostHeader: "[fe80::1]",
            requestURL: "https://[fe80::1]/deployments", tls: true),
        Case(
            url: "http://[2001:db8::7]:8080/restate/", host: "2001:db8::7", port: 8080, hostHeader: "[2001:db8::7]:8080",
            requestURL: "http://[2001:db8::7]:8080/restate/deployments", tls: false),
        Case(
            url: "http://proxy:8080/restate/admin/", host: "proxy", port: 8080, hostHeader: "proxy:8080",
            requestURL: "http://proxy:8080/restate/admin/deployments", tls: false),
        Case(
            url: "https://proxy/restate/admin", host: "proxy", port: 443, hostHeader: "proxy",
            requestURL: "https://proxy/restate/admin/deployments", tls: true),
        Case(url: "HTTP://Upper:1", host: "Upper", port: 1, hostHeader: "Upper:1", requestURL: "http://Upper:1/deployments", tls: false),
    ]

    @Test(arguments: cases)
    func target(_ expected: Case) throws {
        let url = try AdminURL(parsing: expected.url)
        #expect(url.authority.host == expected.host)
        #expect(url.port == expected.port)
        #expect(url.hostHeader == expected.hostHeader)
        #expect(url.url("/deployments") == expected.requestURL)
        #expect(url.tls == expected.tls)
        #expect(url.description == expected.url)
    }

    @Test(arguments: [
        ("ftp://x:21", ""), ("127.0.0.1:9070", ""), ("", ": empty string"), ("http://", ": invalid authority '': the host is empty"),
        ("not a url", ": invalid uri character"), ("http://[::1", ": invalid authority '[::1': the IPv6 address has no closing ']'"),
        ("http://host:99999", ": invalid port '99999' in 'host:99999': a port is a number from 0 to 65535"),
        ("http://[host]:1", ": invalid authority '[host]:1': '[…]' must hold an IPv6 address"),
        ("http://user:secret@host:1", ": user info is not supported"), ("http://host:1/?x=1", ": a query is not supported"),
        ("/relative/path", ""), ("mailto:admin@example.com", ""),
    ])
    func badURLsAreRefused(_ url: String, _ reason: String) {
        let error = #expect(throws: AdminError.self) { try AdminURL(parsing: url) }
        #expect(error?.kind == .invalidArgument)
        #expect(
            error?.message == "the admin URL must be http://host[:port][/path] or https://host[:port][/path], got '\(url)'\(reason)",
            "\(url)"
        )
    }
}
