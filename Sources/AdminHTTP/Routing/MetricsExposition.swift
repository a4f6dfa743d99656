/// What `GET /metrics` serves when ``AdminHTTPConfiguration/metricsExposition`` is set: a
/// renderer of the current metrics and its media type.
///
/// ```swift
/// let registry = PrometheusCollectorRegistry()
/// MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
/// configuration.metricsExposition = .prometheus { registry.emitToBuffer() }
/// ```
public struct MetricsExposition: Sendable {
    /// The `Content-Type` of the response.
    public var contentType: String
    /// Renders the body, once per request.
    public var render: @Sendable () -> [UInt8]

    /// Serves what `render` returns as `contentType`.
    public init(contentType: String, render: @escaping @Sendable () -> [UInt8]) {
        self.contentType = contentType
        self.render = render
    }

    /// The Prometheus text exposition format (version 0.0.4), rendered by `render`.
    public static func prometheus(_ render: @escaping @Sendable () -> [UInt8]) -> MetricsExposition {
        MetricsExposition(contentType: "text/plain; version=0.0.4; charset=utf-8", render: render)
    }
}
