import Hummingbird

/// One entry of the admin route table: a method, a path template such as
/// `/deployments/{deployment}`, its handler, and what `GET /openapi` says about it.
public struct AdminRoute: Sendable {
    /// The handler signature every route shares.
    public typealias Handler = @Sendable (Request, AdminRequestContext) async throws -> Response

    /// The HTTP method.
    public let method: HTTPRequest.Method
    /// The path template, with `{name}` segments for parameters.
    public let path: String
    /// The OpenAPI operation id (e.g. `create_deployment`).
    public let operationID: String
    /// The OpenAPI tag.
    public let tag: String
    /// A one-line summary.
    public let summary: String
    /// Whether `GET /openapi` lists the route (deprecated PUT and /openapi itself are not listed).
    public let documented: Bool
    /// The success status codes the route answers with.
    public let successStatuses: [Int]
    /// Query parameters the route reads.
    public let queryParameters: [String]
    /// What this project adds to the route (or, for a route Restate does not have, what it is),
    /// for `GET /openapi`; `nil` for Restate's routes as they are.
    public let addition: String?
    /// The handler.
    public let handler: Handler
    /// Its request body, answers and errors, for `GET /openapi`.
    let documentation: OperationDocumentation

    /// Creates a route.
    public init(
        _ method: HTTPRequest.Method, _ path: String, operationID: String, tag: String, summary: String,
        documented: Bool = true, successStatuses: [Int] = [200], queryParameters: [String] = [], addition: String? = nil,
        handler: @escaping Handler
    ) {
        self.init(
            method, path, operationID: operationID, tag: tag, summary: summary, documented: documented, successStatuses: successStatuses,
            queryParameters: queryParameters, addition: addition, documentation: OperationDocumentation(), handler: handler)
    }

    /// Creates a route with what `GET /openapi` says about its body, answers and errors.
    init(
        _ method: HTTPRequest.Method, _ path: String, operationID: String, tag: String, summary: String,
        documented: Bool = true, successStatuses: [Int] = [200], queryParameters: [String] = [], addition: String? = nil,
        documentation: OperationDocumentation, handler: @escaping Handler
    ) {
        self.documentation = documentation
        self.method = method
        self.path = path
        self.operationID = operationID
        self.tag = tag
        self.summary = summary
        self.documented = documented
        self.successStatuses = successStatuses
        self.queryParameters = queryParameters
        self.addition = addition
        self.handler = handler
    }

    /// The template split into segments (without the leading empty one).
    var segments: [Substring] { path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { $0 } }

    /// The names of the `{…}` parameters, in order.
    public var parameterNames: [String] {
        segments.compactMap { $0.hasPrefix("{") ? String($0.dropFirst().dropLast()) : nil }
    }

    /// Matches percent-decoded path segments, returning the parameters on success.
    func match(_ pathSegments: [String]) -> [String: String]? {
        let template = segments
        guard template.count == pathSegments.count else { return nil }
        var parameters: [String: String] = [:]
        for (pattern, value) in zip(template, pathSegments) {
            if pattern.hasPrefix("{") {
                guard !value.isEmpty else { return nil }
                parameters[String(pattern.dropFirst().dropLast())] = value
            } else if pattern != value {
                return nil
            }
        }
        return parameters
    }
}
