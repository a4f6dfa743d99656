/// What `GET /openapi` says about one route beyond its path and method: its request body, the
/// schema of its success answers, and the error answers it can give, with the content type each
/// really has (see ``OpenAPIDocument``).
struct OperationDocumentation: Sendable {
    /// A request body.
    struct Body: Sendable {
        /// Its schema.
        var schema: OpenAPISchema
        /// Whether a body must be sent (a promotion's is optional).
        var required: Bool = true
        /// Whether the handler reads it: only then can the body rejections of
        /// ``PlainTextRejection`` (400, 413, 415, 422) happen (`POST /query` answers 501 unread).
        var decoded: Bool = true
    }

    /// The request body, if the route takes one.
    var body: Body?
    /// The schema of every success answer; `nil` when they are empty (no body, no content type).
    var response: OpenAPISchema?
    /// Whether success answers carry a `Location` header.
    var location = false
    /// The statuses answered with the JSON error body (``OpenAPISchema/errorDescriptionResponse``),
    /// with what causes each on this route.
    var errors: [Int: String] = [:]
    /// The plain-text rejections the route can give besides those of its body.
    var rejections: [PlainTextRejection] = []

    /// The plain-text rejections of the route, those of its body included.
    var allRejections: [PlainTextRejection] {
        guard let body, body.decoded else { return rejections }
        let bodyRejections: [PlainTextRejection] = [.invalidJSON, .bodyTooLarge, .notJSON, .wrongShape]
        return bodyRejections + rejections
    }
}

/// A refusal the HTTP layer answers in plain text (`text/plain; charset=utf-8`) rather than with
/// the JSON error body, as Restate's framework does (BEHAVIOR.md §1.3; ``HTTPRejection``).
enum PlainTextRejection: Sendable, CaseIterable {
    /// 400: the body is not JSON, or is empty.
    case invalidJSON
    /// 413: the body is larger than 2 MiB.
    case bodyTooLarge
    /// 415: the body is not declared `application/json` (or `application/*+json`).
    case notJSON
    /// 422: valid JSON of the wrong shape or type.
    case wrongShape
    /// 400: a typed path parameter (a deployment or subscription id) does not parse.
    case pathParameter
    /// 400: a query parameter does not parse (`force`, `mode`, `from`).
    case queryString

    /// The status.
    var status: Int {
        switch self {
        case .invalidJSON, .pathParameter, .queryString: 400
        case .bodyTooLarge: 413
        case .notJSON: 415
        case .wrongShape: 422
        }
    }

    /// When it happens, and how the body begins.
    var description: String {
        switch self {
        case .invalidJSON: "The body is not JSON or is empty (text/plain: Failed to parse the request body as JSON: …)."
        case .bodyTooLarge: "The body is larger than 2 MiB (text/plain: Failed to buffer the request body: length limit exceeded)."
        case .notJSON: "The body is not declared as application/json (text/plain: Expected request with `Content-Type: application/json`)."
        case .wrongShape: "The body is JSON of the wrong shape (text/plain: Failed to deserialize the JSON body into the target type: …)."
        case .pathParameter: "A malformed id in the path (text/plain: Invalid URL: Cannot parse `…` with value `…`: …)."
        case .queryString: "A malformed query parameter (text/plain: Failed to deserialize query string: …)."
        }
    }
}

extension OperationDocumentation {
    /// The `500` every route that reads or writes storage can answer.
    static let storageFailure = "A storage failure (Internal server error: …)."
    /// The `404` of a route on one deployment.
    static let deploymentNotFound = "No deployment with this id."
    /// The `404` of a route on one service.
    static let serviceNotFound = "No service with this name."
    /// The `400` of `?include=` (this project's addition).
    static let badInclude = "include has a value other than status."
}
