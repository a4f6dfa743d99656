import AdminCore
import Crypto
import Foundation
import Hummingbird

/// Decides whether a request may use the Admin API (this project's addition, BEHAVIOR.md §0
/// item 10). The health checks (`/health`, `/v2/health`, `/v3/health`) are never asked about, so
/// load balancers need no credentials.
public protocol AdminAuthenticator: Sendable {
    /// Whether `request` may proceed.
    func authenticate(_ request: Request) async -> AdminAuthentication
}

/// The verdict of an ``AdminAuthenticator``.
public enum AdminAuthentication: Sendable, Hashable {
    /// The request proceeds.
    case allowed
    /// The request is answered `401` with `message` (never the credential itself).
    case denied(message: String)
}

/// Bearer tokens (`Authorization: Bearer <token>`), compared in constant time: each token is
/// kept only as its SHA-256 digest, and a presented token is compared with every digest without
/// stopping at the first difference.
public struct BearerTokenAuthenticator: AdminAuthenticator {
    private let digests: [[UInt8]]

    /// Accepts any of `tokens`.
    /// - Precondition: at least one token, none empty.
    public init(tokens: [String]) {
        precondition(!tokens.isEmpty && !tokens.contains(where: \.isEmpty), "bearer tokens must be non-empty")
        digests = tokens.map { Array(SHA256.hash(data: Data($0.utf8))) }
    }

    /// Accepts the tokens of `file`: one per line; blank lines and lines starting with `#` are
    /// ignored, and spaces around a token are trimmed.
    /// - Throws: `AdminError` (`.invalidArgument`) naming the file when it cannot be read or
    ///   holds no token (the tokens themselves are never quoted).
    public init(tokenFile file: URL) throws(AdminError) {
        let text: String
        do { text = try String(contentsOf: file, encoding: .utf8) } catch {
            throw AdminError(.invalidArgument, "cannot read the token file \(file.path): \(error.localizedDescription)")
        }
        let tokens = text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        guard !tokens.isEmpty else { throw AdminError(.invalidArgument, "the token file \(file.path) holds no token") }
        self.init(tokens: tokens)
    }

    /// Allows a request that presents one of the tokens.
    public func authenticate(_ request: Request) async -> AdminAuthentication {
        guard let header = request.headers[.authorization], header.count > 7, header.prefix(7).lowercased() == "bearer " else {
            return .denied(message: "This Admin API requires a bearer token (Authorization: Bearer <token>)")
        }
        let presented = Array(SHA256.hash(data: Data(header.dropFirst(7).trimmingCharacters(in: .whitespaces).utf8)))
        var matched = false
        for digest in digests {
            var difference: UInt8 = 0
            for (a, b) in zip(digest, presented) { difference |= a ^ b }
            matched = matched || difference == 0
        }
        return matched ? .allowed : .denied(message: "The bearer token is not valid for this Admin API")
    }
}
