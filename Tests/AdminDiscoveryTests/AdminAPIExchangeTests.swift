import Testing
@testable import AdminDiscovery

/// Where the client subcommands send a request, for every shape of admin URL.
struct AdminAPIExchangeTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let url: String
        let host: String
        let port: Int
        let authority: String
        let pathAndQuery: String
        let tls: Bool
        var testDescription: String { url }
    }

    static let cases: [Case] = [
        Case(url: "http://127.0.0.1:9070", host: "127.0.0.1", port: 9070, authority: "127.0.0.1:9070", pathAndQuery: "/deployments", tls: false),
        Case(url: "http://localhost:9070/", host: "localhost", port: 9070, authority: "localhost:9070", pathAndQuery: "/deployments", tls: false),
        Case(url: "https://admin.example.com", host: "admin.example.com", port: 443, authority: "admin.example.com", pathAndQuery: "/deployments", tls: true),
        Case(url: "http://admin.example.com", host: "admin.example.com", port: 80, authority: "admin.example.com", pathAndQuery: "/deployments", tls: false),
        Case(url: "http://[::1]:9070", host: "::1", port: 9070, authority: "[::1]:9070", pathAndQuery: "/deployments", tls: false),
        Case(url: "https://[fe80::1]", host: "fe80::1", port: 443, authority: "[fe80::1]", pathAndQuery: "/deployments", tls: true),
        Case(url: "http://proxy:8080/restate/admin/", host: "proxy", port: 8080, authority: "proxy:8080", pathAndQuery: "/restate/admin/deployments", tls: false),
        Case(url: "HTTP://Upper:1", host: "Upper", port: 1, authority: "Upper:1", pathAndQuery: "/deployments", tls: false),
    ]

    @Test(arguments: cases)
    func target(_ expected: Case) throws {
        let target = try AdminAPIExchange.target(baseURL: expected.url, path: "/deployments")
        #expect(target.host == expected.host)
        #expect(target.port == expected.port)
        #expect(target.authority == expected.authority)
        #expect(target.pathAndQuery == expected.pathAndQuery)
        #expect(target.tls == expected.tls && target.useHTTP11)
    }

    @Test(arguments: ["ftp://x:21", "127.0.0.1:9070", "", "http://", "not a url"])
    func badURLsAreRefused(_ url: String) {
        #expect(throws: AdminAPIExchange.Failure.self) { try AdminAPIExchange.target(baseURL: url, path: "/") }
    }
}
