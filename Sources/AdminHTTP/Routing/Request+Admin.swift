import AdminCore
import Foundation
import Hummingbird
import NIOCore

extension Request {
    /// Decodes a JSON body the way Restate's framework does (BEHAVIOR.md §1.3): 415 without a
    /// JSON content type, 413 above 2 MiB, 400 for invalid JSON, 422 for the wrong shape.
    /// This is the one place a body-limit failure becomes ``HTTPRejection/bodyTooLarge``.
    func decodeJSON<T: Decodable>(_ type: T.Type, context: AdminRequestContext) async throws -> T {
        guard Self.isJSONContentType(headers[.contentType]) else { throw HTTPRejection.missingJSONContentType }
        return try Self.decode(T.self, from: try await collectBody())
    }

    /// Decodes an optional JSON body: `nil` for an empty body (whatever its content type),
    /// otherwise as ``decodeJSON(_:context:)`` does.
    func decodeOptionalJSON<T: Decodable>(_ type: T.Type, context: AdminRequestContext) async throws -> T? {
        let bytes = try await collectBody()
        guard !bytes.isEmpty else { return nil }
        guard Self.isJSONContentType(headers[.contentType]) else { throw HTTPRejection.missingJSONContentType }
        return try Self.decode(T.self, from: bytes)
    }

    /// The whole body, up to ``AdminRouter/maxBodySize`` (413 beyond).
    private func collectBody() async throws -> [UInt8] {
        do {
            return Array(buffer: try await body.collect(upTo: AdminRouter.maxBodySize))
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw HTTPRejection.bodyTooLarge
        } catch is NIOTooManyBytesError {
            throw HTTPRejection.bodyTooLarge
        }
    }

    private static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        do {
            return try JSONBodyDecoder.decode(T.self, from: bytes)
        } catch {
            switch error.category {
            case .syntax: throw HTTPRejection.invalidJSON(error.description)
            case .data: throw HTTPRejection.wrongShape(error.description)
            }
        }
    }

    /// Whether a content type is `application/json` or `application/*+json`.
    static func isJSONContentType(_ value: String?) -> Bool {
        guard let value else { return false }
        let mime = value.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        return mime == "application/json" || (mime.hasPrefix("application/") && mime.hasSuffix("+json"))
    }

    /// The decoded query parameters (last value wins).
    var queryParameters: [String: String] {
        guard let path = head.path, let mark = path.firstIndex(of: "?") else { return [:] }
        var result: [String: String] = [:]
        for pair in path[path.index(after: mark)...].split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (s: Substring) in String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s) }
            result[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return result
    }

    /// An optional boolean query parameter (`true`/`false`; anything else is a 400 rejection).
    func boolQuery(_ name: String) throws -> Bool? {
        guard let value = queryParameters[name] else { return nil }
        switch value {
        case "true": return true
        case "false": return false
        default: throw HTTPRejection.invalidQuery("\(name): provided string was not `true` or `false`")
        }
    }
}
