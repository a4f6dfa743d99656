import Hummingbird

/// A refusal that the HTTP layer itself decides, before or instead of the core: the framework's
/// plain-text rejections, as Restate's HTTP framework words them (BEHAVIOR.md §1.3: wrong content
/// type, invalid JSON, wrong shape, body too large, bad typed path parameter or query string, the
/// `/v1` prefix), load shedding (an empty body), and the few REST-level refusals that Restate
/// answers with its JSON error shape without consulting the schema (a deprecated `PUT`, the
/// unimplemented `POST /query`).
///
/// Handlers and the responder throw rejections; ``ErrorMapping`` alone renders them.
public struct HTTPRejection: Error, Sendable, Hashable {
    /// What the response carries.
    public enum Body: Sendable, Hashable {
        /// No body and no content type.
        case empty
        /// A plain-text body.
        case plainText(String)
        /// The JSON error shape `{"message", "restate_code": null}`.
        case json(String)
    }

    /// The status.
    public let status: HTTPResponse.Status
    /// The body.
    public let body: Body
    /// Headers the response carries besides the content type.
    public let headers: HTTPFields

    /// Creates a rejection.
    /// - Parameters:
    ///   - status: the status.
    ///   - body: what the response carries.
    ///   - headers: headers besides the content type.
    public init(_ status: HTTPResponse.Status, _ body: Body, headers: HTTPFields = [:]) {
        self.status = status
        self.body = body
        self.headers = headers
    }

    /// Creates a plain-text rejection, or one with an empty body when `message` is `nil`.
    public init(_ status: HTTPResponse.Status, _ message: String?) {
        self.init(status, message.map(Body.plainText) ?? .empty)
    }

    /// The plain-text body, if it has one.
    public var message: String? {
        if case .plainText(let message) = body { return message }
        return nil
    }

    /// 401 JSON with `WWW-Authenticate: Bearer`: the ``AdminAuthenticator`` denied the request.
    public static func unauthorized(_ message: String) -> HTTPRejection {
        HTTPRejection(.unauthorized, .json(message), headers: [.wwwAuthenticate: "Bearer"])
    }

    /// 405 JSON: `PUT /deployments/{id}` outside `/v2` (BEHAVIOR.md §5.2).
    public static let deprecatedPut = HTTPRejection(.methodNotAllowed, .json("PUT deployment is deprecated, use PATCH instead"))
    /// 501 JSON: `POST /query`, SQL introspection, is not implemented (BEHAVIOR.md §0 item 6).
    public static let queryNotImplemented = HTTPRejection(
        .notImplemented, .json("SQL introspection (POST /query) is not implemented by this server")
    )

    /// 400: every `/v1/...` request (BEHAVIOR.md §1.1; the body embeds Rust's enum names).
    public static let unsupportedAPIVersionV1 = HTTPRejection(
        .badRequest, "Unsupported Admin API version V1. This server supports versions between V2 and V3."
    )
    /// 415: the body was not declared as JSON.
    public static let missingJSONContentType = HTTPRejection(.unsupportedMediaType, "Expected request with `Content-Type: application/json`")
    /// 413: the body is larger than 2 MiB.
    public static let bodyTooLarge = HTTPRejection(.contentTooLarge, "Failed to buffer the request body: length limit exceeded")
    /// 429 with an empty body: every slot of the global concurrency limit is taken
    /// (`admin.concurrent-api-requests-limit`, BEHAVIOR.md §1.2).
    public static let tooManyRequests = HTTPRejection(.tooManyRequests, nil)

    /// 400: the body is not syntactically valid JSON.
    public static func invalidJSON(_ reason: String) -> HTTPRejection {
        HTTPRejection(.badRequest, "Failed to parse the request body as JSON: \(reason)")
    }

    /// 422: valid JSON of the wrong shape.
    public static func wrongShape(_ reason: String) -> HTTPRejection {
        HTTPRejection(.unprocessableContent, "Failed to deserialize the JSON body into the target type: \(reason)")
    }

    /// 400: a typed path parameter did not parse.
    public static func invalidPathParameter(_ name: String, value: String, reason: String) -> HTTPRejection {
        HTTPRejection(.badRequest, "Invalid URL: Cannot parse `\(name)` with value `\(value)`: \(reason)")
    }

    /// 400: the query string did not parse.
    public static func invalidQuery(_ reason: String) -> HTTPRejection {
        HTTPRejection(.badRequest, "Failed to deserialize query string: \(reason)")
    }
}
