import AdminCore
import Hummingbird
import Synchronization

/// Answers the schema reads (deployments, services, handlers, subscriptions, service OpenAPI)
/// from the registry version they show:
/// - every answer carries `ETag: "<version>"`, and a request whose `If-None-Match` names it gets
///   `304 Not Modified` with no body;
/// - each body is encoded once per version and then served from its bytes (up to
///   ``maximumEntries`` bodies; the cache empties when the version moves on).
///
/// Only responses that depend on nothing but the schema go through it.
final class SchemaResponseCache: Sendable {
    /// The most bodies kept for one version.
    static let maximumEntries = 512

    private let state = Mutex<(version: UInt64, bodies: [String: ByteBuffer])>((0, [:]))

    /// The answer to `request` for the resource `key` (the route and its parameters) in `view`,
    /// encoding `body()` only when the cache has no bytes for it at this version.
    func respond(_ request: Request, key: String, view: RegistryView, body: () throws -> some Encodable) throws -> Response {
        let tag = Self.entityTag(view.version)
        if Self.matches(request.headers[.ifNoneMatch], tag) {
            return Response(status: .notModified, headers: [.eTag: tag], body: .init())
        }
        let bytes: ByteBuffer
        if let cached = cached(key, version: view.version) {
            bytes = cached
        } else {
            bytes = ByteBuffer(bytes: try JSONStreamEncoder.encode(try body()))
            store(bytes, key: key, version: view.version)
        }
        return Response(status: .ok, headers: [.contentType: "application/json", .eTag: tag], body: .init(byteBuffer: bytes))
    }

    private func cached(_ key: String, version: UInt64) -> ByteBuffer? {
        state.withLock { state in state.version == version ? state.bodies[key] : nil }
    }

    private func store(_ bytes: ByteBuffer, key: String, version: UInt64) {
        state.withLock { state in
            if version > state.version { state = (version, [:]) }
            guard version == state.version, state.bodies.count < Self.maximumEntries else { return }
            state.bodies[key] = bytes
        }
    }

    /// The entity tag of a registry version: `"<version>"`.
    static func entityTag(_ version: UInt64) -> String { "\"\(version)\"" }

    /// Whether an `If-None-Match` header names `tag` (weak comparison, RFC 9110 §13.1.2) or is `*`.
    static func matches(_ header: String?, _ tag: String) -> Bool {
        guard let header else { return false }
        for candidate in header.split(separator: ",") {
            var trimmed = candidate.drop { $0 == " " || $0 == "\t" }
            while let last = trimmed.last, last == " " || last == "\t" { trimmed = trimmed.dropLast() }
            if trimmed == "*" { return true }
            if trimmed.hasPrefix("W/") { trimmed = trimmed.dropFirst(2) }
            if trimmed == tag { return true }
        }
        return false
    }
}
