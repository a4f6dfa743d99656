import AdminCore
import Hummingbird

/// The `/subscriptions` routes (BEHAVIOR.md §5.6).
struct SubscriptionsController {
    let service: AdminService

    var routes: [AdminRoute] {
        [
            AdminRoute(
                .get, "/subscriptions", operationID: "list_subscriptions", tag: "subscription", summary: "List subscriptions",
                queryParameters: ["sink", "source"], handler: list),
            AdminRoute(
                .post, "/subscriptions", operationID: "create_subscription", tag: "subscription", summary: "Create subscription",
                successStatuses: [201], handler: create),
            AdminRoute(
                .get, "/subscriptions/{subscription}", operationID: "get_subscription", tag: "subscription",
                summary: "Get subscription", handler: get),
            AdminRoute(
                .delete, "/subscriptions/{subscription}", operationID: "delete_subscription", tag: "subscription",
                summary: "Delete subscription", successStatuses: [202], handler: delete),
        ]
    }

    @Sendable func list(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let query = request.queryParameters
        let found = try await service.subscriptions(source: query["source"], sink: query["sink"])
        return .json(SubscriptionListDTO(subscriptions: found.map(SubscriptionDTO.init)))
    }

    @Sendable func create(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let body = try await request.decodeJSON(CreateSubscriptionRequestDTO.self, context: context)
        let subscription = try await service.createSubscription(source: body.source, sink: body.sink, options: body.options ?? [:])
        return .json(SubscriptionDTO(subscription), status: .created, location: "subscriptions/\(subscription.id)")
    }

    @Sendable func get(_ request: Request, context: AdminRequestContext) async throws -> Response {
        .json(SubscriptionDTO(try await service.subscription(try Self.subscriptionID(context))))
    }

    @Sendable func delete(_ request: Request, context: AdminRequestContext) async throws -> Response {
        try await service.deleteSubscription(try Self.subscriptionID(context))
        return .empty(.accepted)
    }

    /// The typed `{subscription}` parameter (a malformed id is a plain-text 400).
    static func subscriptionID(_ context: AdminRequestContext) throws -> SubscriptionID {
        let text = context.parameter("subscription")
        do {
            return try SubscriptionID(parsing: text)
        } catch {
            throw HTTPRejection.invalidPathParameter("subscription", value: text, reason: error.message)
        }
    }
}
