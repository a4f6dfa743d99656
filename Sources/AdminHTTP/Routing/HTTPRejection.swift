import Hummingbird

/// A framework-level rejection answered in plain text, as Restate's HTTP framework does
/// (BEHAVIOR.md §1.3): wrong content type, invalid JSON, wrong shape, body too large, bad typed
/// path parameter or query string, the `/v1` prefix, and load shedding. A few rejections have no
/// body at all.
///
/// Handlers and the responder throw rejections; ``ErrorMapping`` alone renders them.
public struct HTTPRejection: Error, Sendable, Hashable {
    /// The status.
    public let status: HTTPResponse.Status
    /// The plain-text body, or `nil` for an empty body without a content type.
    public let message: String?

    /// Creates a rejection.
    /// - Parameters:
    ///   - status: the status.
    ///   - message: the plain-text body, or `nil` for an empty body.
    public init(_ status: HTTPResponse.Status, _ message: String?) {
        self.status = status
        self.message = message
    }

    /// 400: every `/v1/...` request (BEHAVIOR.md §1.1; the body embeds Rust's enum names).
    public static let unsupportedAPIVersionV1 = HTTPRejection(
        .badRequest, "Unsupported Admin API version V1. This server supports versions between V2 and V3."
    )
    /// 415: the body was not declared as JSON.
    public static let missingJSONContentType = HTTPRejection(.unsupportedMediaType, "Expected request with `Content-Type: application/json`")
    /// 413: the body is larger than 2 MiB.
    public static let bodyTooLarge = HTTPRejection(.contentTooLarge, "Failed to buffer the request body: length limit exceeded")
    /// 501 with an empty body: `DELETE /deployments/{id}` without `force=true` (Restate implements
    /// only the forced removal).
    public static let deploymentRemovalWithoutForce = HTTPRejection(.notImplemented, nil)

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
