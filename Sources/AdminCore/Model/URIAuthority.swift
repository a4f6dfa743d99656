/// The authority of a URI or a bind address: optional user info, a host (an IPv6 literal is
/// written in brackets), and an optional port. The one place where an authority is split, for
/// deployment URIs, discovery, the command line's server address and `serve`'s bind address.
public struct URIAuthority: Hashable, Sendable, CustomStringConvertible {
    /// The user info before `@`, if any (never sent in a `host` header).
    public let userInfo: String?
    /// The host: a name, an IPv4 address, or an IPv6 address without its brackets.
    public let host: String
    /// The explicit port, if any (`0...65535`).
    public let port: Int?

    /// Creates an authority from its parts.
    public init(userInfo: String? = nil, host: String, port: Int? = nil) {
        self.userInfo = userInfo
        self.host = host
        self.port = port
    }

    /// Parses `[userinfo@]host[:port]`, where an IPv6 host is written `[v6]`.
    /// - Throws: ``AdminError`` (`.invalidArgument`) naming what is wrong: an empty host, an
    ///   unclosed or misplaced bracket, or a port that is not a number from 0 to 65535.
    public init(parsing text: some StringProtocol) throws(AdminError) {
        var rest = Substring(text)
        var userInfo: String?
        if let at = rest.lastIndex(of: "@") {
            userInfo = String(rest[..<at])
            rest = rest[rest.index(after: at)...]
        }
        let host: Substring
        var portText: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw Self.invalid(text, "the IPv6 address has no closing ']'") }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            guard after.isEmpty || after.hasPrefix(":") else { throw Self.invalid(text, "only ':port' may follow ']'") }
            guard host.contains(":") else { throw Self.invalid(text, "'[…]' must hold an IPv6 address") }
            if !after.isEmpty { portText = after.dropFirst() }
        } else {
            guard !rest.contains("["), !rest.contains("]") else { throw Self.invalid(text, "'[' and ']' may only enclose an IPv6 address") }
            if let colon = rest.lastIndex(of: ":") {
                host = rest[..<colon]
                portText = rest[rest.index(after: colon)...]
            } else {
                host = rest
            }
        }
        guard !host.isEmpty else { throw Self.invalid(text, "the host is empty") }
        var port: Int?
        if let portText, !portText.isEmpty {
            guard portText.utf8.count <= 5, portText.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let value = Int(portText), value <= 65535
            else { throw AdminError(.invalidArgument, "invalid port '\(portText)' in '\(text)': a port is a number from 0 to 65535") }
            port = value
        }
        self.init(userInfo: userInfo, host: String(host), port: port)
    }

    private static func invalid(_ text: some StringProtocol, _ reason: String) -> AdminError {
        AdminError(.invalidArgument, "invalid authority '\(text)': \(reason)")
    }

    /// Whether the host is an IPv6 address.
    public var isIPv6: Bool { host.contains(":") }

    /// The host as it is written in a URI or a `host` header: an IPv6 address in brackets.
    public var bracketedHost: String { isIPv6 ? "[\(host)]" : host }

    /// `host[:port]` as sent in a `host` header or `:authority` (no user info).
    public var hostAndPort: String { port.map { "\(bracketedHost):\($0)" } ?? bracketedHost }

    /// The authority as written: `[userinfo@]host[:port]`.
    public var description: String { userInfo.map { "\($0)@\(hostAndPort)" } ?? hostAndPort }
}
