import Hummingbird

/// The request context of the admin API: Hummingbird's core storage plus the API version of the
/// request and the path parameters the ``AdminRouter`` matched.
public struct AdminRequestContext: RequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The API version from the path prefix.
    public var apiVersion: AdminAPIVersion
    /// The percent-decoded path parameters, by name (e.g. `deployment`, `service`).
    public var pathParameters: [String: String]

    /// Creates a context for a new request.
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.apiVersion = .unknown
        self.pathParameters = [:]
    }

    /// Creates the admin context of a request that a host's server received (see
    /// ``AdminAPIMiddleware``): the host's core context, with the admin's own fields reset.
    public init(coreContext: CoreRequestContextStorage) {
        self.coreContext = coreContext
        self.apiVersion = .unknown
        self.pathParameters = [:]
    }

    /// The request body limit (BEHAVIOR.md §1.3: 2 MiB).
    public var maxUploadSize: Int { AdminRouter.maxBodySize }

    /// A path parameter the route template declares.
    public func parameter(_ name: String) -> String {
        pathParameters[name] ?? ""
    }
}
