import Metrics

/// The metrics the admin records, through swift-metrics, and their names.
///
/// Every component that records takes an `AdminMetrics` (``AdminService``, the durable storage
/// backends, AdminHTTP's configuration); by default it records to `MetricsSystem.factory`, so an
/// embedder that bootstraps its own backend (`MetricsSystem.bootstrap`) before creating them gets
/// every metric, and one that does not pays for no-op handlers only. Tests pass their own factory.
///
/// The names follow Prometheus conventions (`_total` counters, `_seconds` durations); every
/// metric carries at least one dimension, and no dimension ever holds a raw request path, an id
/// or any other unbounded value.
public struct AdminMetrics: Sendable {
    /// Registrations (`POST /deployments`), by `outcome`: `created`, `overwritten`, `unchanged`,
    /// `dry_run`, or the failure's ``AdminError/Kind`` (`conflict`, `discovery`,
    /// `invalidArgument`, …).
    public static let registrations = "restate_admin_registrations_total"
    /// The duration of each discovery call (a timer), by `outcome`: `ok` or `failed`.
    public static let discoveryDuration = "restate_admin_discovery_duration_seconds"
    /// Failed discoveries, by `code`: the Restate META code (`META0003`, `META0013`, …) or `none`.
    public static let discoveryFailures = "restate_admin_discovery_failures_total"
    /// The duration of each storage commit, from its transaction's start to its durable end (a
    /// timer), by `backend` (`sqlite`, `lmdb`, or a third party's name).
    public static let commitDuration = "restate_admin_storage_commit_duration_seconds"
    /// How many writes each storage commit made durable together (a histogram), by `backend`.
    public static let commitGroupSize = "restate_admin_storage_commit_group_size"
    /// HTTP requests answered by the Admin API, by `method`, `route` (the route template, such as
    /// `/deployments/{deployment}`, or `unmatched`) and `status`.
    public static let httpRequests = "restate_admin_http_requests_total"
    /// The time the Admin API took to produce each response, up to its head (a streamed body's
    /// writing is not included), by `method` and `route` (a timer).
    public static let httpRequestDuration = "restate_admin_http_request_duration_seconds"

    /// Where the metrics go.
    public let factory: any MetricsFactory

    /// Records to `factory` (the bootstrapped `MetricsSystem.factory` by default).
    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
    }

    /// A counter of this factory.
    public func counter(_ label: String, _ dimensions: [(String, String)]) -> Counter {
        Counter(label: label, dimensions: dimensions, factory: factory)
    }

    /// A timer of this factory.
    public func timer(_ label: String, _ dimensions: [(String, String)]) -> Metrics.Timer {
        Metrics.Timer(label: label, dimensions: dimensions, preferredDisplayUnit: .seconds, factory: factory)
    }

    /// An aggregating recorder (a histogram) of this factory.
    public func histogram(_ label: String, _ dimensions: [(String, String)]) -> Recorder {
        Recorder(label: label, dimensions: dimensions, aggregate: true, factory: factory)
    }

    /// Counts one registration.
    func registration(_ outcome: Result<RegistrationOutcome, any Error>, dryRun: Bool) {
        let label: String
        switch outcome {
        case .success(let outcome): label = dryRun ? "dry_run" : outcome.result.metricLabel
        case .failure(let error): label = (error as? AdminError)?.kind.description ?? AdminError.Kind.internal.description
        }
        counter(Self.registrations, [("outcome", label)]).increment()
    }

    /// Records one discovery call.
    func discovery(duration: Duration, failure: (any Error)?) {
        timer(Self.discoveryDuration, [("outcome", failure == nil ? "ok" : "failed")]).record(duration: duration)
        if let failure {
            counter(Self.discoveryFailures, [("code", (failure as? AdminError)?.code?.rawValue ?? "none")]).increment()
        }
    }
}

extension RegistrationResult {
    /// The `outcome` of ``AdminMetrics/registrations``.
    var metricLabel: String {
        switch self {
        case .created: return "created"
        case .unchanged: return "unchanged"
        case .overwritten: return "overwritten"
        }
    }
}

/// The metrics of one backend's commits, made once per store (``GroupCommit``).
struct CommitMetrics: Sendable {
    let duration: Metrics.Timer
    let groupSize: Recorder

    init(_ metrics: AdminMetrics, backend: String) {
        duration = metrics.timer(AdminMetrics.commitDuration, [("backend", backend)])
        groupSize = metrics.histogram(AdminMetrics.commitGroupSize, [("backend", backend)])
    }
}
