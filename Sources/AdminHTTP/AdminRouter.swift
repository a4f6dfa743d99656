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
        if let exposition = configuration.metricsExposition {
            routes.append(
                AdminRoute(.get, "/metrics", operationID: "metrics", tag: "metrics", summary: "Metrics exposition", documented: false) { _, _ in
                    Response(
                        status: .ok, headers: [.contentType: exposition.contentType],
                        body: .init(byteBuffer: ByteBuffer(bytes: exposition.render())))
                })
        }
        let documented = routes
        routes.append(
            AdminRoute(.get, "/openapi", operationID: "openapi", tag: "openapi", summary: "This API's OpenAPI document", documented: false) { _, _ in
                Response.json(OpenAPIDocument(routes: documented).json)
            })
        self.routes = routes
        self.configuration = configuration
        storage = service.storage
    }

    /// The storage whose ``Storage/unavailability`` answers every request while it is set.
    let storage: any Storage

    /// The settings the table was built with.
    public let configuration: AdminHTTPConfiguration

    /// The responder serving the table, with the configured concurrency limit and authenticator.
    public func responder() -> AdminResponder {
        AdminResponder(
            routes: routes, storage: storage, limiter: configuration.concurrentRequestsLimit.map(ConcurrencyLimiter.init(limit:)),
            authenticator: configuration.authenticator, metrics: HTTPMetrics(configuration.metrics)
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
    let storage: any Storage
    let limiter: ConcurrencyLimiter?
    let authenticator: (any AdminAuthenticator)?
    let metrics: HTTPMetrics

    /// The paths that need no credentials: the health checks load balancers call.
    static let openPaths: Set<String> = ["/health", "/v2/health", "/v3/health"]

    /// Answers one request.
    public func respond(to request: Request, context: AdminRequestContext) async throws -> Response {
        await respond(to: request, path: request.uri.path, context: context)
    }

    /// Answers one request as if its path (without the query) were `path`: how a host that serves
    /// the API below a prefix hands it the rest of the path (see ``AdminAPIMiddleware``).
    ///
    /// Every answer is counted in `AdminMetrics.httpRequests` and timed in
    /// `AdminMetrics.httpRequestDuration`, labelled by the route template it matched.
    public func respond(to request: Request, path: String, context: AdminRequestContext) async -> Response {
        let start = ContinuousClock.now
        let match = RouteMatch(path: path, routes: routes)
        let response: Response
        // Like Restate's load shedder, the limit covers every request, unknown paths included.
        if let limiter {
            if limiter.acquire() {
                response = await answer(request, match: match, context: context)
                limiter.release()
            } else {
                response = ErrorMapping.response(for: HTTPRejection.tooManyRequests)
            }
        } else {
            response = await answer(request, match: match, context: context)
        }
        let recorded = metrics.metrics(method: request.method, route: match.template, status: response.status)
        recorded.requests.increment()
        recorded.duration.record(duration: ContinuousClock.now - start)
        return response
    }

    private func answer(_ request: Request, match: RouteMatch, context: AdminRequestContext) async -> Response {
        do {
            // A shared database that is unreachable fails every request, the health checks
            // included, so load balancers take this node out (BEHAVIOR.md §0 item 11).
            if let unavailable = storage.unavailability { throw unavailable }
            if let authenticator, !Self.openPaths.contains(match.path),
                case .denied(let message) = await authenticator.authenticate(request)
            {
                throw HTTPRejection.unauthorized(message)
            }
            return try await dispatch(request, match: match, context: context)
        } catch {
            return ErrorMapping.response(for: error)
        }
    }

    /// Calls the matched route's handler; every error it throws is rendered by the caller.
    private func dispatch(_ request: Request, match: RouteMatch, context: AdminRequestContext) async throws -> Response {
        guard !match.candidates.isEmpty else { return .empty(.notFound) }
        if match.isV1 { throw HTTPRejection.unsupportedAPIVersionV1 }
        guard let (route, parameters) = match.candidates.first(where: { $0.0.method == request.method }) else {
            let allowed = match.candidates.map(\.0.method.rawValue).joined(separator: ",")
            return Response(status: .methodNotAllowed, headers: [.allow: allowed, .contentLength: "0"], body: .init())
        }
        var context = context
        context.apiVersion = match.apiVersion ?? context.apiVersion
        context.pathParameters = parameters
        return try await route.handler(request, context)
    }
}

/// The routes a path matches, before the method is looked at: the path with its `/v1`, `/v2` or
/// `/v3` prefix taken off, and the route template metrics are labelled with.
struct RouteMatch {
    /// The path as received (`/` for an empty one).
    let path: String
    /// The API version a `/v2` or `/v3` prefix selected.
    let apiVersion: AdminAPIVersion?
    /// Whether the path started with `/v1` (refused once it matches a route).
    let isV1: Bool
    /// The routes whose template matches, with their parameters.
    let candidates: [(AdminRoute, [String: String])]

    init(path: String, routes: [AdminRoute]) {
        let path = path.isEmpty ? "/" : path
        self.path = path
        guard path.hasPrefix("/") else {
            (apiVersion, isV1, candidates) = (nil, false, [])
            return
        }
        var segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map {
            String($0).removingPercentEncoding ?? String($0)
        }
        var version: AdminAPIVersion?
        var isV1 = false
        switch segments.first {
        case "v1": isV1 = true
        case "v2": version = .v2
        case "v3": version = .v3
        default: break
        }
        if isV1 || version != nil { segments.removeFirst() }
        self.apiVersion = version
        self.isV1 = isV1
        self.candidates = routes.compactMap { route in route.match(segments).map { (route, $0) } }
    }

    /// The `route` dimension: the template of the first matching route, or `unmatched` (never the
    /// raw path, so the number of series stays bounded).
    var template: String { candidates.first?.0.path ?? "unmatched" }
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
    /// Where request counts and durations are recorded (the bootstrapped `MetricsSystem` by
    /// default).
    public var metrics: AdminMetrics
    /// When set, `GET /metrics` answers with what it renders (for example swift-prometheus's
    /// text format), behind the same authentication as the rest of the API; `nil` (the default)
    /// serves no such route. It is not part of Restate's Admin API and not listed by `/openapi`.
    public var metricsExposition: MetricsExposition?
    /// A connection whose request head is not complete this long after its first byte is closed
    /// (30 s by default; `nil`: no limit). Used only by ``buildApplication(service:configuration:logger:)``:
    /// a host mounting the API sets its own server's timeouts.
    public var requestHeaderTimeout: Duration?
    /// A connection that sends nothing for this long while none of its requests is being answered
    /// is closed: idle between requests, or stalled in the middle of a request head or body (90 s
    /// by default; `nil`: no limit; Hummingbird's `HTTP1Channel.Configuration.idleTimeout`). Used
    /// only by ``buildApplication(service:configuration:logger:)``.
    public var idleTimeout: Duration?

    /// Creates the settings.
    /// - Precondition: `concurrentRequestsLimit`, when set, is at least 1.
    public init(
        host: String = "127.0.0.1", port: Int = 9070, ingressEndpoint: String = "http://127.0.0.1:8080/",
        concurrentRequestsLimit: Int? = nil, authenticator: (any AdminAuthenticator)? = nil, metrics: AdminMetrics = AdminMetrics(),
        metricsExposition: MetricsExposition? = nil, requestHeaderTimeout: Duration? = .seconds(30), idleTimeout: Duration? = .seconds(90)
    ) {
        precondition(concurrentRequestsLimit.map { $0 > 0 } ?? true, "the concurrency limit must be at least 1")
        self.host = host
        self.port = port
        self.ingressEndpoint = ingressEndpoint
        self.concurrentRequestsLimit = concurrentRequestsLimit
        self.authenticator = authenticator
        self.metrics = metrics
        self.metricsExposition = metricsExposition
        self.requestHeaderTimeout = requestHeaderTimeout
        self.idleTimeout = idleTimeout
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
        server: configuration.server,
        configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
        logger: logger
    )
}
