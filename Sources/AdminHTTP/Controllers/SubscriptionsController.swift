import AdminCore
import Hummingbird

/// The `/subscriptions` routes (BEHAVIOR.md §5.6).
struct SubscriptionsController {
    let service: AdminService
    let cache: SchemaResponseCache

    var routes: [AdminRoute] {
        [
            AdminRoute(
                .get, "/subscriptions", operationID: "list_subscriptions", tag: "subscription", summary: "List subscriptions",
                queryParameters: ["sink", "source"],
                documentation: .init(response: .listSubscriptionsResponse, errors: [500: OperationDocumentation.storageFailure]),
                handler: list),
            AdminRoute(
                .post, "/subscriptions", operationID: "create_subscription", tag: "subscription", summary: "Create subscription",
                successStatuses: [201],
                documentation: .init(
                    body: .init(schema: .createSubscriptionRequest), response: .subscriptionResponse, location: true,
                    errors: [
                        400: "An invalid source or sink (META0009), or a Kafka cluster that is not configured.",
                        500: OperationDocumentation.storageFailure,
                    ]),
                handler: create),
            AdminRoute(
                .get, "/subscriptions/{subscription}", operationID: "get_subscription", tag: "subscription",
                summary: "Get subscription",
                documentation: .init(response: .subscriptionResponse, errors: Self.errors, rejections: [.pathParameter]), handler: get),
            AdminRoute(
                .delete, "/subscriptions/{subscription}", operationID: "delete_subscription", tag: "subscription",
                summary: "Delete subscription", successStatuses: [202],
                documentation: .init(errors: Self.errors, rejections: [.pathParameter]), handler: delete),
        ]
    }

    /// The errors of a route on one subscription.
    static let errors: [Int: String] = [404: "No subscription with this id.", 500: OperationDocumentation.storageFailure]

    @Sendable func list(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let query = request.queryParameters
        let (source, sink) = (query["source"], query["sink"])
        let view = try await service.view()
        // NUL cannot occur in a query value; U+0001 marks an absent filter.
        let key = "subscriptions\u{0}\(source ?? "\u{1}")\u{0}\(sink ?? "\u{1}")"
        return try cache.respond(request, key: key, view: view) {
            SubscriptionListDTO(subscriptions: view.subscriptions(source: source, sink: sink).map(SubscriptionDTO.init))
        }
    }

    @Sendable func create(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let body = try await request.decodeJSON(CreateSubscriptionRequestDTO.self, context: context)
        let subscription = try await service.createSubscription(source: body.source, sink: body.sink, options: body.options ?? [:])
        return .json(SubscriptionDTO(subscription), status: .created, location: "subscriptions/\(subscription.id)")
    }

    @Sendable func get(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let id = try Self.subscriptionID(context)
        let view = try await service.view()
        return try cache.respond(request, key: "subscriptions/\(id)", view: view) { SubscriptionDTO(try view.subscription(id)) }
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
