/// Subscriptions (BEHAVIOR.md §5.6).
extension AdminService {
    /// Creates a subscription after Restate's checks; options are completed with `group.id` and
    /// `client.id`.
    public func createSubscription(source: String, sink: String, options: [String: String]) async throws -> Subscription {
        let id = SubscriptionID.generate()
        let configuration = self.configuration
        let (change, subscription) = try await storage.write { writer in
            let subscription = try SubscriptionRules.validate(
                id: id, source: source, sink: sink, options: options, configuration: configuration
            ) { service, handler in
                try writer.latestServiceRevision(of: service)?.revision.handlers[handler] != nil
            }
            var changes = RegistryChanges()
            changes.subscriptions[subscription.id] = subscription
            return (try changes.apply(to: writer), subscription)
        }
        change.map(registry.record)
        logger.info("subscription created", metadata: ["subscription": "\(id)"])
        return subscription
    }

    /// Every subscription whose canonical source and sink equal the given filters, sorted by id.
    public func subscriptions(source: String? = nil, sink: String? = nil) async throws -> [Subscription] {
        try await view().subscriptions(source: source, sink: sink)
    }

    /// One subscription.
    /// - Throws: `.notFound` "The requested subscription '…' does not exist".
    public func subscription(_ id: SubscriptionID) async throws -> Subscription {
        try await view().subscription(id)
    }

    /// Deletes a subscription.
    /// - Throws: `.notFound` "not found in the schema registry: subscription with id '…'".
    public func deleteSubscription(_ id: SubscriptionID) async throws {
        let change = try await storage.write { writer in
            guard try writer.subscription(id) != nil else {
                throw AdminError(.notFound, "not found in the schema registry: subscription with id '\(id)'")
            }
            var changes = RegistryChanges()
            changes.subscriptionRemovals.insert(id)
            return try changes.apply(to: writer)
        }
        change.map(registry.record)
    }
}
