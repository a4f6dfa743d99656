import AdminCore
import Hummingbird
import Logging

/// The admin API's single route table (like Restate's `mod.rs`): every controller's routes, the
/// version prefixes, and the `404`/`405` answers for what matches nothing.
public struct AdminRouter: Sendable {
    /// The request body limit (2 MiB, BEHAVIOR.md §1.3).
    public static let maxBodySize = 2 * 1024 * 1024

    /// Every route, in documentation order.
    public let routes: [AdminRoute]

    /// Builds the route table over `service`.
    public init(service: AdminService, configuration: AdminHTTPConfiguration = .init()) {
        var routes: [AdminRoute] = []
        let cache = SchemaResponseCache()
        routes += DeploymentsController(service: service, cache: cache).routes
        routes += ServicesController(service: service, configuration: configuration, cache: cache).routes
        routes += InvocationsController(service: service).routes
        routes += SubscriptionsController(service: service, cache: cache).routes
        let meta = MetaController(service: service, configuration: configuration)
        routes += meta.routes
        let documented = routes
        routes.append(
            AdminRoute(.get, "/openapi", operationID: "openapi", tag: "openapi", summary: "This API's OpenAPI document", documented: false) { _, _ in
                Response.json(OpenAPIDocument(routes: documented).json)
            })
        self.routes = routes
        self.configuration = configuration
    }

    /// The settings the table was built with.
    public let configuration: AdminHTTPConfiguration

    /// The responder serving the table, with the configured concurrency limit and authenticator.
    public func responder() -> AdminResponder {
        AdminResponder(
            routes: routes, limiter: configuration.concurrentRequestsLimit.map(ConcurrencyLimiter.init(limit:)),
            authenticator: configuration.authenticator
        )
    }
}

/// Serves the route table: sheds load beyond the concurrency limit
/// (``HTTPRejection/tooManyRequests``), strips the `/v2` and `/v3` prefixes into the context's API
/// version, rejects `/v1` (``HTTPRejection/unsupportedAPIVersionV1``), and renders every thrown
/// error through ``ErrorMapping``.
public struct AdminResponder: HTTPResponder {
    /// The request context type.
    public typealias Context = AdminRequestContext

    let routes: [AdminRoute]
    let limiter: ConcurrencyLimiter?
    let authenticator: (any AdminAuthenticator)?

    /// The paths that need no credentials: the health checks load balancers call.
    static let openPaths: Set<String> = ["/health", "/v2/health", "/v3/health"]

    /// Answers one request.
    public func respond(to request: Request, context: AdminRequestContext) async throws -> Response {
        await respond(to: request, path: request.uri.path, context: context)
    }

    /// Answers one request as if its path (without the query) were `path`: how a host that serves
    /// the API below a prefix hands it the rest of the path (see ``AdminAPIMiddleware``).
    public func respond(to request: Request, path: String, context: AdminRequestContext) async -> Response {
        // Like Restate's load shedder, the limit covers every request, unknown paths included.
        if let limiter {
            guard limiter.acquire() else { return ErrorMapping.response(for: HTTPRejection.tooManyRequests) }
            defer { limiter.release() }
            return await answer(request, path: path, context: context)
        }
        return await answer(request, path: path, context: context)
    }

    private func answer(_ request: Request, path: String, context: AdminRequestContext) async -> Response {
        do {
            if let authenticator, !Self.openPaths.contains(path), case .denied(let message) = await authenticator.authenticate(request) {
                throw HTTPRejection.unauthorized(message)
            }
            return try await dispatch(request, path: path, context: context)
        } catch {
            return ErrorMapping.response(for: error)
        }
    }

    /// Routes one request to its handler; every error it throws is rendered by the caller.
    private func dispatch(_ request: Request, path: String, context: AdminRequestContext) async throws -> Response {
        let path = path.isEmpty ? "/" : path
        guard path.hasPrefix("/") else { return .empty(.notFound) }
        var segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map {
            String($0).removingPercentEncoding ?? String($0)
        }
        var context = context
        var isV1 = false
        switch segments.first {
        case "v1":
            isV1 = true
            segments.removeFirst()
        case "v2":
            context.apiVersion = .v2
            segments.removeFirst()
        case "v3":
            context.apiVersion = .v3
            segments.removeFirst()
        default: break
        }
        let candidates = routes.compactMap { route in route.match(segments).map { (route, $0) } }
        guard !candidates.isEmpty else { return .empty(.notFound) }
        if isV1 { throw HTTPRejection.unsupportedAPIVersionV1 }
        guard let (route, parameters) = candidates.first(where: { $0.0.method == request.method }) else {
            let allowed = candidates.map(\.0.method.rawValue).joined(separator: ",")
            return Response(status: .methodNotAllowed, headers: [.allow: allowed, .contentLength: "0"], body: .init())
        }
        context.pathParameters = parameters
        return try await route.handler(request, context)
    }
}

/// Settings of the HTTP layer.
public struct AdminHTTPConfiguration: Sendable {
    /// The address to listen on.
    public var host: String
    /// The port to listen on.
    public var port: Int
    /// The advertised ingress endpoint reported by `GET /version` and service OpenAPI documents.
    public var ingressEndpoint: String
    /// At most this many requests are handled at once; more are answered `429` with an empty body
    /// (`admin.concurrent-api-requests-limit`). `nil` (the default) means unlimited.
    public var concurrentRequestsLimit: Int?
    /// Who may use the API; `nil` (the default) lets every request through, as Restate does.
    /// The health checks are always open.
    public var authenticator: (any AdminAuthenticator)?

    /// Creates the settings.
    /// - Precondition: `concurrentRequestsLimit`, when set, is at least 1.
    public init(
        host: String = "127.0.0.1", port: Int = 9070, ingressEndpoint: String = "http://127.0.0.1:8080/",
        concurrentRequestsLimit: Int? = nil, authenticator: (any AdminAuthenticator)? = nil
    ) {
        precondition(concurrentRequestsLimit.map { $0 > 0 } ?? true, "the concurrency limit must be at least 1")
        self.host = host
        self.port = port
        self.ingressEndpoint = ingressEndpoint
        self.concurrentRequestsLimit = concurrentRequestsLimit
        self.authenticator = authenticator
    }
}

/// Builds the Hummingbird application serving the admin API over `service`: the function the CLI,
/// the tests and embedders share.
/// - Parameters:
///   - service: the admin facade.
///   - configuration: the HTTP settings.
///   - logger: where the server logs.
public func buildApplication(
    service: AdminService, configuration: AdminHTTPConfiguration = .init(), logger: Logger
) -> some ApplicationProtocol {
    Application(
        responder: AdminRouter(service: service, configuration: configuration).responder(),
        configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
        logger: logger
    )
}
