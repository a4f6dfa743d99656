/// A Kafka subscription: events from `source` are delivered to `sink`.
public struct Subscription: Hashable, Sendable, Codable {
    /// The subscription id (`sub_…`).
    public var id: SubscriptionID
    /// The canonical source, `kafka://{cluster}/{topic}`.
    public var source: String
    /// The canonical sink, `service://{service}/{handler}`.
    public var sink: String
    /// Consumer options, completed with `group.id` and `client.id`.
    public var options: [String: String]

    /// Creates a subscription.
    public init(id: SubscriptionID, source: String, sink: String, options: [String: String]) {
        self.id = id
        self.source = source
        self.sink = sink
        self.options = options
    }
}
