/// An absolute deployment URI (`scheme://authority/path?query`), parsed without Foundation's
/// URL quirks so that identity and rendering follow Restate's rules.
///
/// Restate renders an authority-only URI with a trailing `/` (`http://localhost:9080` becomes
/// `http://localhost:9080/`), compares authorities case-insensitively and paths exactly, and
/// ignores the scheme and query when deciding whether two deployments are the same endpoint.
public struct DeploymentURI: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The scheme, lower-cased (`http`, `https`).
    public let scheme: String
    /// `host[:port]` as written.
    public let authority: String
    /// The path, `/` when the URI had none.
    public let path: String
    /// The query without its `?`, if any.
    public let query: String?

    /// Parses an absolute URI.
    /// - Throws: ``AdminError`` (`.invalidArgument`) when the text is not a URI, or not absolute.
    public init(parsing text: String) throws(AdminError) {
        guard !text.isEmpty, text.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw AdminError(.invalidArgument, "invalid uri character")
        }
        guard let schemeEnd = text.range(of: "://") else {
            throw Self.notAbsolute(text)
        }
        let scheme = String(text[..<schemeEnd.lowerBound])
        guard let first = scheme.unicodeScalars.first, first.properties.isAlphabetic,
              scheme.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || "+-.".unicodeScalars.contains($0) })
        else { throw Self.notAbsolute(text) }
        var rest = text[schemeEnd.upperBound...]
        var query: String?
        if let q = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: q)...])
            rest = rest[..<q]
        }
        if let f = rest.firstIndex(of: "#") { rest = rest[..<f] }
        let authority: Substring
        let path: Substring
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            path = rest[slash...]
        } else {
            authority = rest
            path = "/"
        }
        guard !authority.isEmpty else { throw Self.notAbsolute(text) }
        self.scheme = scheme.lowercased()
        self.authority = String(authority)
        self.path = String(path)
        self.query = query
    }

    private static func notAbsolute(_ text: String) -> AdminError {
        AdminError(.invalidArgument, "The provided uri \(text) is not absolute, only absolute URIs can be used.")
    }

    /// The host part of the authority (without port or user info).
    public var host: String {
        var a = Substring(authority)
        if let at = a.lastIndex(of: "@") { a = a[a.index(after: at)...] }
        if a.hasPrefix("["), let close = a.firstIndex(of: "]") { return String(a[a.index(after: a.startIndex)..<close]) }
        if let colon = a.lastIndex(of: ":") { return String(a[..<colon]) }
        return String(a)
    }

    /// The explicit port, or the scheme's default (80 for http, 443 for https).
    public var port: Int? {
        var a = Substring(authority)
        if let at = a.lastIndex(of: "@") { a = a[a.index(after: at)...] }
        if a.hasPrefix("["), let close = a.firstIndex(of: "]") { a = a[a.index(after: close)...] }
        if let colon = a.lastIndex(of: ":"), let p = Int(a[a.index(after: colon)...]) { return p }
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

    /// Creates the URI from its rendering (for decoding stored values).
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { self = try DeploymentURI(parsing: text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    /// Encodes the normalized rendering.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
