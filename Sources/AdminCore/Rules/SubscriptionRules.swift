/// The rules of `POST /subscriptions` (BEHAVIOR.md §5.6).
public enum SubscriptionRules {
    /// Validates a request and completes its options.
    /// - Parameters:
    ///   - id: the id of the new subscription.
    ///   - source: the `kafka://cluster/topic` source.
    ///   - sink: the `service://Service/handler` sink.
    ///   - options: consumer options from the request.
    ///   - configuration: the Kafka clusters.
    ///   - handlerExists: whether `service/handler` is registered (latest revision).
    /// - Throws: META0009 `.invalidArgument`, or an uncoded one for an unknown cluster.
    public static func validate(
        id: SubscriptionID, source: String, sink: String, options: [String: String], configuration: AdminConfiguration,
        handlerExists: (String, String) throws -> Bool
    ) throws -> Subscription {
        let src = try reference(source, role: "source")
        guard src.scheme?.lowercased() == "kafka" else {
            throw AdminError(
                .invalidArgument, code: .meta0009, "invalid source URI '\(source)': must have a scheme segment, with supported schemes: [kafka].")
        }
        guard let clusterName = src.authorityText, !clusterName.isEmpty else {
            throw AdminError(
                .invalidArgument, code: .meta0009,
                "invalid source URI '\(source)': source URI of Kafka type must have a authority segment containing the cluster name.")
        }
        let dst = try reference(sink, role: "sink")
        guard dst.scheme?.lowercased() == "service" else {
            throw AdminError(
                .invalidArgument, code: .meta0009, "invalid sink URI '\(sink)': must have a scheme segment, with supported schemes: [service].")
        }
        guard let serviceName = dst.authorityText, !serviceName.isEmpty else {
            throw AdminError(
                .invalidArgument, code: .meta0009,
                "invalid sink URI '\(sink)': sink URI of service type must have a authority segment containing the service name.")
        }
        let topic = String(src.path.drop(while: { $0 == "/" }))
        let handler = String(dst.path.drop(while: { $0 == "/" }))
        guard let cluster = configuration.kafkaClusters.first(where: { $0.name == clusterName }) else {
            throw AdminError(
                .invalidArgument,
                "invalid option 'source'. Reason: specified cluster in the source URI does not exist. Make sure it is defined in the KafkaOptions")
        }
        guard try handlerExists(serviceName, handler) else {
            throw AdminError(.invalidArgument, code: .meta0009, "invalid sink URI '\(sink)': cannot find service/handler specified in the sink URI.")
        }
        var completed = options
        completed["group.id"] = options["group.id"] ?? cluster.properties["group.id"] ?? id.description
        if options["client.id"] == nil, cluster.properties["client.id"] == nil { completed["client.id"] = "restate" }
        return Subscription(
            id: id, source: "kafka://\(clusterName)/\(topic)", sink: "service://\(serviceName)/\(handler)", options: completed
        )
    }

    /// Parses a source or sink URI.
    static func reference(_ text: String, role: String) throws(AdminError) -> URIReference {
        do {
            return try URIReference(parsing: text)
        } catch {
            throw AdminError(.invalidArgument, code: .meta0009, "invalid \(role) URI '\(text)': \(error.message)")
        }
    }
}
