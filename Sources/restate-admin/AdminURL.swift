import AdminCore

/// Where the client subcommands find the Admin API: `http://` or `https://`, a host (an IPv6
/// address in brackets), an optional port and an optional path prefix, e.g.
/// `https://proxy.example.com/restate/admin`.
///
/// Split by AdminCore's ``URIReference`` and ``URIAuthority``, the project's one URI splitter.
struct AdminURL: Sendable, Hashable, CustomStringConvertible {
    /// `http` or `https`, lower-cased.
    let scheme: String
    /// The host and the explicit port, if any.
    let authority: URIAuthority
    /// The path prefix, without its trailing `/` (empty when there is none).
    let pathPrefix: String
    /// The URL as given.
    let description: String

    /// Parses an admin URL.
    /// - Throws: ``AdminError`` (`.invalidArgument`) for anything but `http(s)://host[:port][/path]`,
    ///   saying why: not a URI, another scheme, no host, user info or a query.
    init(parsing text: String) throws(AdminError) {
        let reference: URIReference
        do {
            reference = try URIReference(parsing: text)
        } catch {
            throw Self.invalid(text, error.message)
        }
        guard let scheme = reference.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let authority = reference.authority
        else { throw Self.invalid(text) }
        guard authority.userInfo == nil else { throw Self.invalid(text, "user info is not supported") }
        guard reference.query == nil else { throw Self.invalid(text, "a query is not supported") }
        var prefix = reference.path
        if prefix.hasSuffix("/") { prefix.removeLast() }
        self.scheme = scheme
        self.authority = authority
        self.pathPrefix = prefix
        self.description = text
    }

    private static func invalid(_ text: String, _ reason: String? = nil) -> AdminError {
        AdminError(
            .invalidArgument,
            "the admin URL must be http://host[:port][/path] or https://host[:port][/path], got '\(text)'"
                + (reason.map { ": \($0)" } ?? "")
        )
    }

    /// Whether requests go over TLS (`https`).
    var tls: Bool { scheme == "https" }

    /// The TCP port: the explicit one, else 443 for `https` and 80 for `http`.
    var port: Int { authority.port ?? (tls ? 443 : 80) }

    /// The `host` header: the host (an IPv6 address in brackets) and the port when the URL gives one.
    var hostHeader: String { authority.hostAndPort }

    /// The absolute URL of `path` (which starts with `/`) under the path prefix.
    func url(_ path: String) -> String {
        "\(scheme)://\(authority.hostAndPort)\(pathPrefix)\(path)"
    }
}
