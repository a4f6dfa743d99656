import AdminCore
import Foundation
import Hummingbird

/// The single place where errors become HTTP responses (STYLE.md §3.4).
///
/// - ``AdminError`` renders as `{"message","restate_code"}` JSON (plus `violations` for
///   META0006), with the status taken from its kind.
/// - ``HTTPRejection`` renders as the framework's plain-text rejection (or an empty body).
/// - Hummingbird's `HTTPError` renders as plain text with its status.
/// - Anything else, including a response that cannot be encoded, is a `500` JSON error.
public enum ErrorMapping {
    /// The HTTP status of a domain error kind.
    public static func status(for kind: AdminError.Kind) -> HTTPResponse.Status {
        switch kind {
        case .notFound: return .notFound
        case .conflict, .precondition: return .conflict
        case .invalidArgument: return .badRequest
        case .unsupported: return .methodNotAllowed
        case .notImplemented: return .notImplemented
        case .tooEarly: return .init(code: 425, reasonPhrase: "Too Early")
        case .gone: return .gone
        case .unprocessable: return .unprocessableContent
        default: return .internalServerError
        }
    }

    /// The response for any error a handler threw.
    public static func response(for error: any Error) -> Response {
        switch error {
        case let error as AdminError:
            return Response.json(ErrorBody(error), status: status(for: error.kind))
        case let rejection as HTTPRejection:
            guard let message = rejection.message else { return Response.empty(rejection.status) }
            return Response.plainText(message, status: rejection.status)
        case let error as HTTPError:
            return Response.plainText(error.body ?? error.status.reasonPhrase, status: error.status)
        default:
            let wrapped = AdminError(.internal, "Internal server error: \(error)")
            return Response.json(ErrorBody(wrapped), status: .internalServerError)
        }
    }
}

extension ErrorMapping {
    /// The `500` for a response body that could not be encoded as JSON.
    ///
    /// The error body it renders holds only strings, so encoding it cannot fail in turn.
    static func encodingFailure() -> Response {
        response(for: AdminError(.internal, "Internal server error: cannot encode the response"))
    }
}

/// The JSON error body: `message` and `restate_code` always present, `violations` for META0006.
struct ErrorBody: Encodable {
    let error: AdminError

    init(_ error: AdminError) { self.error = error }

    private enum Keys: String, CodingKey { case message, restate_code, violations }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(error.description, forKey: .message)
        if let code = error.code { try c.encode(code.rawValue, forKey: .restate_code) } else { try c.encodeNil(forKey: .restate_code) }
        if !error.violations.isEmpty {
            try c.encode(error.violations.map(ViolationDTO.init), forKey: .violations)
        }
    }
}
