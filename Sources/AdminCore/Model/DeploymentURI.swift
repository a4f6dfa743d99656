/// An absolute deployment URI (`scheme://authority/path?query`), parsed without Foundation's
/// URL quirks so that identity and rendering follow Restate's rules.
///
/// Restate renders an authority-only URI with a trailing `/` (`http://localhost:9080` becomes
/// `http://localhost:9080/`), compares authorities case-insensitively and paths exactly, and
/// ignores the scheme and query when deciding whether two deployments are the same endpoint.
public struct DeploymentURI: Hashable, Sendable, TextEncodable {
    /// The scheme, lower-cased (`http`, `https`).
    public let scheme: String
    /// `[userinfo@]host[:port]` as written.
    public let authority: String
    /// The authority's parts.
    public let endpoint: URIAuthority
    /// The path, `/` when the URI had none.
    public let path: String
    /// The query without its `?`, if any.
    public let query: String?

    /// Parses an absolute URI.
    /// - Throws: ``AdminError`` (`.invalidArgument`) when the text is not a URI (see
    ///   ``URIReference/init(parsing:)``), or not absolute (Restate's message).
    public init(parsing text: String) throws(AdminError) {
        let reference = try URIReference(parsing: text)
        guard let scheme = reference.scheme, let endpoint = reference.authority, let authority = reference.authorityText else {
            throw AdminError(.invalidArgument, "The provided uri \(text) is not absolute, only absolute URIs can be used.")
        }
        self.scheme = scheme.lowercased()
        self.authority = authority
        self.endpoint = endpoint
        self.path = reference.path.isEmpty ? "/" : reference.path
        self.query = reference.query
    }

    /// The host part of the authority (without port or user info; an IPv6 address without brackets).
    public var host: String { endpoint.host }

    /// The explicit port, or the scheme's default (80 for http, 443 for https).
    public var port: Int? {
        if let port = endpoint.port { return port }
        switch scheme {
        case "http": return 80
        case "https": return 443
        default: return nil
        }
    }

    /// The normalized rendering, e.g. `http://localhost:9080/`.
    public var description: String {
        "\(scheme)://\(authority)\(path)" + (query.map { "?\($0)" } ?? "")
    }

    /// The identity key Restate compares: lower-cased authority and exact path.
    public var identityKey: String { "\(authority.lowercased())\(path)" }
}
