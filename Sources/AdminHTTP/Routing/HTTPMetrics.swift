import AdminCore
import Hummingbird
import Metrics
import Synchronization

/// The HTTP metrics of one responder (``AdminMetrics/httpRequests``,
/// ``AdminMetrics/httpRequestDuration``), each series made once and then looked up.
final class HTTPMetrics: Sendable {
    struct Series: Sendable {
        let requests: Counter
        let duration: Metrics.Timer
    }

    private struct Key: Hashable {
        let method: String
        let route: String
        let status: Int
    }

    private let metrics: AdminMetrics
    private let series = Mutex<[Key: Series]>([:])

    init(_ metrics: AdminMetrics) { self.metrics = metrics }

    /// The series of one method, route template and status.
    func metrics(method: HTTPRequest.Method, route: String, status: HTTPResponse.Status) -> Series {
        let key = Key(method: method.rawValue, route: route, status: status.code)
        if let known = series.withLock({ $0[key] }) { return known }
        let made = Series(
            requests: metrics.counter(
                AdminMetrics.httpRequests, [("method", key.method), ("route", route), ("status", String(key.status))]),
            duration: metrics.timer(AdminMetrics.httpRequestDuration, [("method", key.method), ("route", route)])
        )
        return series.withLock { series in
            if let known = series[key] { return known }
            series[key] = made
            return made
        }
    }
}
