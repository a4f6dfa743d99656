/// A URI reference split the way Restate's URI type reads one:
/// `[scheme:][//authority][path][?query][#fragment]`.
///
/// The one URI splitter of the project: deployment URIs (``DeploymentURI``), subscription sources
/// and sinks, the advertised ingress endpoint and the command line's server address all go
/// through it, and every authority through ``URIAuthority``.
public struct URIReference: Hashable, Sendable {
    /// The scheme, as written (compare it case-insensitively).
    public let scheme: String?
    /// The authority, when the reference has a `//` part.
    public let authority: URIAuthority?
    /// The authority exactly as written (`nil` without a `//` part).
    public let authorityText: String?
    /// The path, possibly empty.
    public let path: String
    /// The query without its `?`, if any.
    public let query: String?

    /// Parses a URI reference.
    /// - Throws: ``AdminError`` (`.invalidArgument`) for a character that no URI may hold
    ///   (controls, spaces, non-ASCII, `"`, `\`), a bracket outside an IPv6 authority, or an
    ///   invalid authority (see ``URIAuthority/init(parsing:)``).
    public init(parsing text: String) throws(AdminError) {
        guard !text.isEmpty else { throw AdminError(.invalidArgument, "empty string") }
        guard text.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) else {
            throw AdminError(.invalidArgument, "invalid uri character")
        }
        var rest = Substring(text)
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        var query: String?
        if let mark = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: mark)...])
            rest = rest[..<mark]
        }
        var scheme: String?
        if let colon = rest.firstIndex(of: ":"), Self.isScheme(rest[..<colon]) {
            scheme = String(rest[..<colon])
            rest = rest[rest.index(after: colon)...]
        }
        var authorityText: String?
        var authority: URIAuthority?
        if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
            let end = rest.firstIndex(of: "/") ?? rest.endIndex
            authorityText = String(rest[..<end])
            authority = try URIAuthority(parsing: rest[..<end])
            rest = rest[end...]
        }
        guard !rest.contains("["), !rest.contains("]"), !(query ?? "").contains("["), !(query ?? "").contains("]") else {
            throw AdminError(.invalidArgument, "invalid uri character")
        }
        self.scheme = scheme
        self.authority = authority
        self.authorityText = authorityText
        self.path = String(rest)
        self.query = query
    }

    /// Whether `text` parses as a URI reference at all (relative ones included).
    public static func isWellFormed(_ text: String) -> Bool {
        (try? URIReference(parsing: text)) != nil
    }

    /// Whether the reference has both a scheme and an authority (`scheme://authority…`).
    public var isAbsolute: Bool { scheme != nil && authority != nil }

    private static func isScheme(_ text: Substring) -> Bool {
        guard let first = text.utf8.first, (0x41...0x5A).contains(first) || (0x61...0x7A).contains(first) else { return false }
        return text.utf8.allSatisfy { byte in
            (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
        }
    }
}
