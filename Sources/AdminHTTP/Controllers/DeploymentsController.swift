import AdminCore
import Hummingbird

/// The `/deployments` routes (BEHAVIOR.md §5.2).
struct DeploymentsController {
    let service: AdminService
    let cache: SchemaResponseCache

    var routes: [AdminRoute] {
        [
            AdminRoute(.get, "/deployments", operationID: "list_deployments", tag: "deployment", summary: "List deployments", handler: list),
            AdminRoute(
                .post, "/deployments", operationID: "create_deployment", tag: "deployment", summary: "Create deployment",
                successStatuses: [200, 201], handler: register),
            AdminRoute(.get, "/deployments/{deployment}", operationID: "get_deployment", tag: "deployment", summary: "Get deployment", handler: get),
            AdminRoute(
                .delete, "/deployments/{deployment}", operationID: "delete_deployment", tag: "deployment", summary: "Delete deployment",
                successStatuses: [202], queryParameters: ["force"], handler: delete),
            AdminRoute(
                .patch, "/deployments/{deployment}", operationID: "update_deployment", tag: "deployment", summary: "Update deployment",
                handler: update),
            AdminRoute(
                .put, "/deployments/{deployment}", operationID: "update_deployment_put", tag: "deployment", summary: "Deprecated update",
                documented: false, handler: put),
        ]
    }

    @Sendable func list(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let view = try await service.view()
        return try cache.respond(request, key: "deployments", view: view) {
            DeploymentListDTO(deployments: view.deployments.map { DeploymentDTO(deployment: $0, services: .pairs) })
        }
    }

    @Sendable func register(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let body = try await request.decodeJSON(RegisterDeploymentRequestDTO.self, context: context)
        let outcome = try await service.registerDeployment(try body.registrationRequest(version: context.apiVersion))
        let deployment = outcome.deployment
        let status: HTTPResponse.Status
        switch (outcome.result, context.apiVersion.isLegacy) {
        case (.created, _), (.overwritten, true): status = .created
        case (.unchanged, true): throw AdminError.conflict("deployment \(deployment.id) already exists")
        case (.unchanged, false), (.overwritten, false): status = .ok
        }
        let dto = RegisterDeploymentResponseDTO(deployment: deployment, services: service.services(of: deployment))
        return .json(dto, status: status, location: "deployments/\(deployment.id)")
    }

    @Sendable func get(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let id = try Self.deploymentID(context)
        let view = try await service.view()
        return try cache.respond(request, key: "deployments/\(id)", view: view) {
            let deployment = try view.deployment(id)
            return DeploymentDTO(deployment: deployment, services: .detailed(view.services(of: deployment)))
        }
    }

    @Sendable func update(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let id = try Self.deploymentID(context)
        let body = try await request.decodeJSON(UpdateDeploymentRequestDTO.self, context: context)
        let deployment = try await service.updateDeployment(try body.updateRequest(id: id))
        return .json(DeploymentDTO(deployment: deployment, services: .detailed(service.services(of: deployment))))
    }

    @Sendable func put(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let id = try Self.deploymentID(context)
        let body = try await request.decodeJSON(UpdateDeploymentRequestDTO.self, context: context)
        guard context.apiVersion.isLegacy else { throw HTTPRejection.deprecatedPut }
        let deployment = try await service.updateDeployment(try body.updateRequest(id: id))
        return .json(DeploymentDTO(deployment: deployment, services: .detailed(service.services(of: deployment))))
    }

    @Sendable func delete(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let id = try Self.deploymentID(context)
        guard try request.boolQuery("force") == true else { throw HTTPRejection.deploymentRemovalWithoutForce }
        try await service.removeDeployment(id)
        return .empty(.accepted)
    }

    /// The typed `{deployment}` parameter (a malformed id is a plain-text 400).
    static func deploymentID(_ context: AdminRequestContext) throws -> DeploymentID {
        let text = context.parameter("deployment")
        do {
            return try DeploymentID(parsing: text)
        } catch {
            throw HTTPRejection.invalidPathParameter("deployment", value: text, reason: error.message)
        }
    }
}
