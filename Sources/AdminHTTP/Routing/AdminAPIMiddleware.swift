import Hummingbird

/// Serves the Admin API below a path prefix inside a host's own Hummingbird application, beside
/// the host's routes, on the host's server and lifecycle.
///
/// ```swift
/// let router = Router()
/// router.get("/hello") { _, _ in "hello" }
/// router.add(middleware: AdminAPIMiddleware(prefix: "/admin", router: AdminRouter(service: admin)))
/// ```
///
/// A request whose path is the prefix followed by `/…` is answered by the Admin API exactly as
/// `restate-admin serve` answers `/…` (routes, `/v2` and `/v3`, `404`, `405` with `Allow`, the
/// plain-text rejections, load shedding, authentication); every other request goes on to the
/// host's routes. `Location` headers stay relative (`deployments/{id}`, as Restate sends them), so
/// they resolve below the prefix.
///
/// Connection-level settings belong to whoever runs the server: the host sets its own server's
/// timeouts and limits (the admin's body limit of 2 MiB is enforced by the API itself).
public struct AdminAPIMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The prefix's path segments.
    private let prefix: [Substring]
    private let responder: AdminResponder

    /// Serves `router`'s API below `prefix` (e.g. `/admin`; `/` or an empty prefix serves it at
    /// the root).
    public init(prefix: String, router: AdminRouter) {
        self.prefix = prefix.split(separator: "/")
        responder = router.responder()
    }

    /// Answers a request below the prefix, or hands it to the host's routes.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        guard segments.count > prefix.count, Array(segments.prefix(prefix.count)) == prefix else {
            return try await next(request, context)
        }
        let rest = "/" + segments.dropFirst(prefix.count).joined(separator: "/")
        return await responder.respond(to: request, path: rest, context: AdminRequestContext(coreContext: context.coreContext))
    }
}
