import AdminCore
import Hummingbird

/// The `/services` and handler routes (BEHAVIOR.md §5.3, §5.4).
struct ServicesController {
    let service: AdminService
    let configuration: AdminHTTPConfiguration

    var routes: [AdminRoute] {
        [
            AdminRoute(.get, "/services", operationID: "list_services", tag: "service", summary: "List services", handler: list),
            AdminRoute(.get, "/services/{service}", operationID: "get_service", tag: "service", summary: "Get service", handler: get),
            AdminRoute(.patch, "/services/{service}", operationID: "modify_service", tag: "service", summary: "Modify a service", handler: modify),
            AdminRoute(
                .get, "/services/{service}/openapi", operationID: "get_service_openapi", tag: "service",
                summary: "Get service OpenAPI", handler: openAPI),
            AdminRoute(
                .post, "/services/{service}/state", operationID: "modify_service_state", tag: "service",
                summary: "Modify a service state", successStatuses: [202], handler: modifyState),
            AdminRoute(
                .get, "/services/{service}/handlers", operationID: "list_service_handlers", tag: "service_handler",
                summary: "List service handlers", handler: handlers),
            AdminRoute(
                .get, "/services/{service}/handlers/{handler}", operationID: "get_service_handler", tag: "service_handler",
                summary: "Get service handler", handler: handler),
        ]
    }

    @Sendable func list(_ request: Request, context: AdminRequestContext) async throws -> Response {
        .json(ServiceListDTO(services: try await service.services().map(ServiceMetadataDTO.init)))
    }

    @Sendable func get(_ request: Request, context: AdminRequestContext) async throws -> Response {
        .json(ServiceMetadataDTO(try await service.service(context.parameter("service"))))
    }

    @Sendable func modify(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let body = try await request.decodeJSON(ModifyServiceRequestDTO.self, context: context)
        return .json(ServiceMetadataDTO(try await service.modifyService(context.parameter("service"), changes: body.changes)))
    }

    @Sendable func openAPI(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let metadata = try await service.service(context.parameter("service"))
        return .json(ServiceOpenAPIDocument(metadata, ingress: configuration.ingressEndpoint).json)
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
        .json(HandlerListDTO(handlers: try await service.handlers(of: context.parameter("service")).map(HandlerMetadataDTO.init)))
    }

    @Sendable func handler(_ request: Request, context: AdminRequestContext) async throws -> Response {
        .json(HandlerMetadataDTO(try await service.handler(context.parameter("handler"), of: context.parameter("service"))))
    }
}
