import AdminCore
import Hummingbird

/// The `/services` and handler routes (BEHAVIOR.md §5.3, §5.4).
struct ServicesController {
    let service: AdminService
    let configuration: AdminHTTPConfiguration
    let cache: SchemaResponseCache

    var routes: [AdminRoute] {
        [
            AdminRoute(
                .get, "/services", operationID: "list_services", tag: "service", summary: "List services",
                documentation: .init(response: .listServicesResponse, errors: [500: OperationDocumentation.storageFailure]), handler: list),
            AdminRoute(
                .get, "/services/{service}", operationID: "get_service", tag: "service", summary: "Get service",
                documentation: .init(response: .serviceMetadata, errors: Self.notFoundErrors), handler: get),
            AdminRoute(
                .patch, "/services/{service}", operationID: "modify_service", tag: "service", summary: "Modify a service",
                documentation: .init(
                    body: .init(schema: .modifyServiceRequest), response: .serviceMetadata,
                    errors: Self.notFoundErrors.merging([400: "A setting the service cannot take (e.g. a workflow retention on a non-workflow)."]) {
                        $1
                    }),
                handler: modify),
            AdminRoute(
                .get, "/services/{service}/openapi", operationID: "get_service_openapi", tag: "service",
                summary: "Get service OpenAPI",
                documentation: .init(response: .serviceOpenAPIDocument, errors: Self.notFoundErrors), handler: openAPI),
            AdminRoute(
                .post, "/services/{service}/state", operationID: "modify_service_state", tag: "service",
                summary: "Modify a service state", successStatuses: [202],
                documentation: .init(
                    body: .init(schema: .modifyServiceStateRequest),
                    errors: Self.notFoundErrors.merging([
                        400: "The service is a plain Service (Cannot modify state for service type Service).",
                        409: "version does not match the key's current state version (this project's addition; Restate drops the write).",
                    ]) { $1 }),
                handler: modifyState),
            AdminRoute(
                .get, "/services/{service}/handlers", operationID: "list_service_handlers", tag: "service_handler",
                summary: "List service handlers",
                documentation: .init(response: .listServiceHandlersResponse, errors: Self.notFoundErrors), handler: handlers),
            AdminRoute(
                .get, "/services/{service}/handlers/{handler}", operationID: "get_service_handler", tag: "service_handler",
                summary: "Get service handler",
                documentation: .init(
                    response: .handlerMetadata,
                    errors: [404: "No such handler on this service, or no such service.", 500: OperationDocumentation.storageFailure]),
                handler: handler),
            AdminRoute(
                .get, "/services/{service}/revisions", operationID: "list_service_revisions", tag: "service",
                summary: "List service revisions",
                addition: "The revisions of the service still held by deployments, oldest first, each with its deployment, "
                    + "creation time, type, handlers and what changed from the one before.",
                documentation: .init(response: .serviceRevisionsResponse, errors: Self.notFoundErrors), handler: revisions),
        ]
    }

    /// The errors of a route on one service.
    static let notFoundErrors: [Int: String] = [
        404: OperationDocumentation.serviceNotFound, 500: OperationDocumentation.storageFailure,
    ]

    @Sendable func revisions(_ request: Request, context: AdminRequestContext) async throws -> Response {
        .json(ServiceHistoryDTO(try await service.serviceHistory(context.parameter("service"))))
    }

    @Sendable func list(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let view = try await service.view()
        return try cache.respond(request, key: "services", view: view) { ServiceListDTO(services: view.services.map(ServiceMetadataDTO.init)) }
    }

    @Sendable func get(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let name = context.parameter("service")
        let view = try await service.view()
        return try cache.respond(request, key: "services/\(name)", view: view) { ServiceMetadataDTO(try view.service(name)) }
    }

    @Sendable func modify(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let body = try await request.decodeJSON(ModifyServiceRequestDTO.self, context: context)
        return .json(ServiceMetadataDTO(try await service.modifyService(context.parameter("service"), changes: body.changes)))
    }

    @Sendable func openAPI(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let name = context.parameter("service")
        let view = try await service.view()
        return try cache.respond(request, key: "services/\(name)/openapi", view: view) {
            ServiceOpenAPIDocument(try view.service(name), ingress: configuration.ingressEndpoint).json
        }
    }

    @Sendable func modifyState(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let body = try await request.decodeJSON(ModifyServiceStateRequestDTO.self, context: context)
        try await service.modifyServiceState(
            service: context.parameter("service"), key: body.object_key,
            newState: body.new_state.mapValues(\.bytes), version: body.version
        )
        return .empty(.accepted)
    }

    @Sendable func handlers(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let name = context.parameter("service")
        let view = try await service.view()
        return try cache.respond(request, key: "services/\(name)/handlers", view: view) {
            HandlerListDTO(handlers: try view.handlers(of: name).map(HandlerMetadataDTO.init))
        }
    }

    @Sendable func handler(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let (name, handler) = (context.parameter("service"), context.parameter("handler"))
        let view = try await service.view()
        return try cache.respond(request, key: "services/\(name)/handlers/\(handler)", view: view) {
            HandlerMetadataDTO(try view.handler(handler, of: name))
        }
    }
}
