/// The settings the admin rules read, named after Restate's configuration keys.
///
/// | property | Restate key | default |
/// |---|---|---|
/// | ``clusterName`` | `cluster-name` | `localcluster` |
/// | ``defaultJournalRetention`` | `default-journal-retention` | 24h (0 = none) |
/// | ``maxJournalRetention`` | `max-journal-retention` | unset |
/// | ``defaultIdempotencyRetention`` | `default-idempotency-retention` | 24h |
/// | ``defaultWorkflowCompletionRetention`` | `default-workflow-completion-retention` | 24h |
/// | ``deploymentRoutingHeaders`` | `admin.deployment-routing-headers` | none |
/// | ``inactivityTimeout`` | `worker.invoker.inactivity-timeout` | 1m |
/// | ``abortTimeout`` | `worker.invoker.abort-timeout` | 10m |
/// | ``kafkaClusters`` | `ingress.kafka-clusters` | none |
public struct AdminConfiguration: Hashable, Sendable {
    /// `cluster-name`, sent to deployments as `x-restate-cluster-name`.
    public var clusterName: String
    /// `default-journal-retention`; zero means "no journal retention by default".
    public var defaultJournalRetention: RestateDuration
    /// `max-journal-retention`; `nil` means no limit, zero disables journal retention.
    public var maxJournalRetention: RestateDuration?
    /// `default-idempotency-retention`.
    public var defaultIdempotencyRetention: RestateDuration
    /// `default-workflow-completion-retention`.
    public var defaultWorkflowCompletionRetention: RestateDuration
    /// `admin.deployment-routing-headers`: headers that take part in deployment identity.
    public var deploymentRoutingHeaders: [String]
    /// `worker.invoker.inactivity-timeout`.
    public var inactivityTimeout: RestateDuration
    /// `worker.invoker.abort-timeout`.
    public var abortTimeout: RestateDuration
    /// `ingress.kafka-clusters`.
    public var kafkaClusters: [KafkaCluster]
    /// `invocation.default-retry-policy`.
    public var defaultRetryPolicy: RetryPolicy

    /// Creates a configuration; every parameter defaults to Restate 1.6.2's default.
    public init(
        clusterName: String = "localcluster",
        defaultJournalRetention: RestateDuration = .milliseconds(86_400_000),
        maxJournalRetention: RestateDuration? = nil,
        defaultIdempotencyRetention: RestateDuration = .milliseconds(86_400_000),
        defaultWorkflowCompletionRetention: RestateDuration = .milliseconds(86_400_000),
        deploymentRoutingHeaders: [String] = [],
        inactivityTimeout: RestateDuration = .milliseconds(60_000),
        abortTimeout: RestateDuration = .milliseconds(600_000),
        kafkaClusters: [KafkaCluster] = [],
        defaultRetryPolicy: RetryPolicy = .restateDefault
    ) {
        self.clusterName = clusterName
        self.defaultJournalRetention = defaultJournalRetention
        self.maxJournalRetention = maxJournalRetention
        self.defaultIdempotencyRetention = defaultIdempotencyRetention
        self.defaultWorkflowCompletionRetention = defaultWorkflowCompletionRetention
        self.deploymentRoutingHeaders = deploymentRoutingHeaders
        self.inactivityTimeout = inactivityTimeout
        self.abortTimeout = abortTimeout
        self.kafkaClusters = kafkaClusters
        self.defaultRetryPolicy = defaultRetryPolicy
    }
}

/// One entry of `ingress.kafka-clusters`.
public struct KafkaCluster: Hashable, Sendable, Codable {
    /// The cluster name used in `kafka://{name}/{topic}` sources.
    public var name: String
    /// Bootstrap brokers.
    public var brokers: [String]
    /// Extra consumer properties for every subscription on this cluster (e.g. `group.id`).
    public var properties: [String: String]

    /// Creates a cluster entry.
    public init(name: String, brokers: [String], properties: [String: String] = [:]) {
        self.name = name
        self.brokers = brokers
        self.properties = properties
    }
}
