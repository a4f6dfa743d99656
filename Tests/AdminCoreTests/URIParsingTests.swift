import Testing

@testable import AdminCore

/// The one authority parser and the one URI splitter, as scenario tables.
@Suite("URI authorities and references")
struct URIParsingTests {
    struct AuthorityCase: Sendable, CustomStringConvertible {
        let text: String
        /// userinfo, host, port, host header; `nil` when the text must be refused.
        let expected: (userInfo: String?, host: String, port: Int?, hostAndPort: String)?
        /// A part of the refusal's message.
        var refusal: String = ""
        var description: String { text }
    }

    static let authorities: [AuthorityCase] = [
        .init(text: "localhost", expected: (nil, "localhost", nil, "localhost")),
        .init(text: "localhost:9080", expected: (nil, "localhost", 9080, "localhost:9080")),
        .init(text: "127.0.0.1:0", expected: (nil, "127.0.0.1", 0, "127.0.0.1:0")),
        .init(text: "[::1]", expected: (nil, "::1", nil, "[::1]")),
        .init(text: "[::1]:9080", expected: (nil, "::1", 9080, "[::1]:9080")),
        .init(text: "[fe80::1%25eth0]:1", expected: (nil, "fe80::1%25eth0", 1, "[fe80::1%25eth0]:1")),
        .init(text: "user:secret@host:65535", expected: ("user:secret", "host", 65535, "host:65535")),
        .init(text: "a@b@host", expected: ("a@b", "host", nil, "host")),
        .init(text: "host:", expected: (nil, "host", nil, "host")),
        .init(text: "", expected: nil, refusal: "the host is empty"),
        .init(text: ":9080", expected: nil, refusal: "the host is empty"),
        .init(text: "user@", expected: nil, refusal: "the host is empty"),
        .init(text: "[::1", expected: nil, refusal: "no closing ']'"),
        .init(text: "[::1]x", expected: nil, refusal: "only ':port' may follow"),
        .init(text: "[host]:80", expected: nil, refusal: "must hold an IPv6 address"),
        .init(text: "ho[st", expected: nil, refusal: "may only enclose an IPv6 address"),
        .init(text: "host:65536", expected: nil, refusal: "invalid port '65536'"),
        .init(text: "host:80a", expected: nil, refusal: "invalid port '80a'"),
        .init(text: "host:-1", expected: nil, refusal: "invalid port '-1'"),
        .init(text: "host:000080", expected: nil, refusal: "invalid port"),
    ]

    @Test("Authorities", arguments: authorities)
    func authority(_ scenario: AuthorityCase) throws {
        if let expected = scenario.expected {
            let parsed = try URIAuthority(parsing: scenario.text)
            #expect(parsed.userInfo == expected.userInfo)
            #expect(parsed.host == expected.host)
            #expect(parsed.port == expected.port)
            #expect(parsed.hostAndPort == expected.hostAndPort)
            #expect(try URIAuthority(parsing: parsed.description) == parsed, "the rendering parses back")
        } else {
            let error = try #require(throws: AdminError.self) { try URIAuthority(parsing: scenario.text) }
            #expect(error.kind == .invalidArgument)
            #expect(error.message.contains(scenario.refusal), "\(error.message)")
        }
    }

    struct ReferenceCase: Sendable, CustomStringConvertible {
        let text: String
        /// scheme, authority as written, path, query; `nil` when it is not a URI at all.
        let expected: (scheme: String?, authority: String?, path: String, query: String?)?
        var description: String { text }
    }

    static let references: [ReferenceCase] = [
        .init(text: "http://localhost:9080", expected: ("http", "localhost:9080", "", nil)),
        .init(text: "https://h/a/b?x=1#frag", expected: ("https", "h", "/a/b", "x=1")),
        .init(text: "kafka://my-cluster/topic", expected: ("kafka", "my-cluster", "/topic", nil)),
        .init(text: "service://Greeter", expected: ("service", "Greeter", "", nil)),
        .init(text: "/just/a/path", expected: (nil, nil, "/just/a/path", nil)),
        .init(text: "localhost:9080", expected: ("localhost", nil, "9080", nil)),
        .init(text: "http:/x", expected: ("http", nil, "/x", nil)),
        .init(text: "http://[::1]:9080/p", expected: ("http", "[::1]:9080", "/p", nil)),
        .init(text: "", expected: nil),
        .init(text: "http://[::1/", expected: nil),
        .init(text: "http://h:x/", expected: nil),
        .init(text: "http://h/a b", expected: nil),
        .init(text: "http://h/\"q\"", expected: nil),
        .init(text: "http://h/\\", expected: nil),
        .init(text: "http://h/é", expected: nil),
        .init(text: "[::1]", expected: nil),
        .init(text: "http://h/[x]", expected: nil),
    ]

    @Test("References", arguments: references)
    func reference(_ scenario: ReferenceCase) throws {
        guard let expected = scenario.expected else {
            #expect(throws: AdminError.self) { try URIReference(parsing: scenario.text) }
            #expect(!URIReference.isWellFormed(scenario.text))
            return
        }
        let parsed = try URIReference(parsing: scenario.text)
        #expect(parsed.scheme == expected.scheme)
        #expect(parsed.authorityText == expected.authority)
        #expect(parsed.path == expected.path)
        #expect(parsed.query == expected.query)
        #expect(parsed.isAbsolute == (expected.scheme != nil && expected.authority != nil))
    }

    @Test("A deployment URI needs a scheme and an authority, and renders an empty path as /")
    func deploymentURI() throws {
        let uri = try DeploymentURI(parsing: "HTTP://user@[::1]:9080")
        #expect(uri.description == "http://user@[::1]:9080/")
        #expect(uri.host == "::1")
        #expect(uri.port == 9080)
        #expect(uri.endpoint.hostAndPort == "[::1]:9080")
        #expect(try DeploymentURI(parsing: "https://h").port == 443)
        let relative = try #require(throws: AdminError.self) { try DeploymentURI(parsing: "/just/a/path") }
        #expect(relative.message == "The provided uri /just/a/path is not absolute, only absolute URIs can be used.")
        let broken = try #require(throws: AdminError.self) { try DeploymentURI(parsing: "http://[::1/") }
        #expect(broken.message.hasPrefix("invalid authority"))
    }
}
