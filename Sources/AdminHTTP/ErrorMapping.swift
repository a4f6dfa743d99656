import AdminCore
import Foundation
import Hummingbird

/// The single place where errors become HTTP responses (STYLE.md §3.4).
///
/// - `AdminError` renders as `{"message","restate_code"}` JSON (plus `violations` for
///   META0006), with the status taken from its kind.
/// - ``HTTPRejection`` renders as the framework's plain-text rejection, an adapter-level JSON
///   error, or an empty body.
/// - Hummingbird's `HTTPError` renders as plain text with its status.
/// - Anything else, including a response that cannot be encoded, is a `500` JSON error.
public enum ErrorMapping {
    /// The HTTP status of a domain error kind (Restate's statuses, BEHAVIOR.md §2.3 and §5.5).
    public static func status(for kind: AdminError.Kind) -> HTTPResponse.Status {
        switch kind {
        case .notFound: return .notFound
        case .conflict, .staleVersion, .alreadyCompleted, .notCompleted, .notRunning: return .conflict
        case .invalidArgument: return .badRequest
        case .notReady: return .init(code: 425, reasonPhrase: "Too Early")
        case .dataGone: return .gone
        case .notSupported: return .unprocessableContent
        case .unavailable: return .serviceUnavailable
        default: return .internalServerError
        }
    }

    /// The response for any error a handler threw.
    public static func response(for error: any Error) -> Response {
        switch error {
        case let error as AdminError:
            return Response.json(ErrorBody(error), status: status(for: error.kind))
        case let rejection as HTTPRejection:
            var response: Response
            switch rejection.body {
            case .empty: response = Response.empty(rejection.status)
            case .plainText(let message): response = Response.plainText(message, status: rejection.status)
            case .json(let message): response = Response.json(ErrorBody(message: message, code: nil), status: rejection.status)
            }
            response.headers.append(contentsOf: rejection.headers)
            return response
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
    let message: String
    let code: AdminError.Code?
    let violations: [BreakingChange]

    init(_ error: AdminError) {
        message = error.description
        code = error.code
        violations = error.violations
    }

    init(message: String, code: AdminError.Code?) {
        self.message = message
        self.code = code
        violations = []
    }

    private enum Keys: String, CodingKey { case message, restate_code, violations }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(message, forKey: .message)
        if let code { try c.encode(code.rawValue, forKey: .restate_code) } else { try c.encodeNil(forKey: .restate_code) }
        if !violations.isEmpty {
            try c.encode(violations.map(ViolationDTO.init), forKey: .violations)
        }
    }
}
