import AdminCore
import Hummingbird

/// The `/deployments` routes (BEHAVIOR.md §5.2).
struct DeploymentsController {
    let service: AdminService
    let cache: SchemaResponseCache

    var routes: [AdminRoute] {
        [
            AdminRoute(
                .get, "/deployments", operationID: "list_deployments", tag: "deployment", summary: "List deployments",
                queryParameters: ["include"], addition: Self.includeStatus,
                documentation: .init(
                    response: .listDeploymentsResponse,
                    errors: [400: OperationDocumentation.badInclude, 500: OperationDocumentation.storageFailure]),
                handler: list),
            AdminRoute(
                .post, "/deployments", operationID: "create_deployment", tag: "deployment", summary: "Create deployment",
                successStatuses: [200, 201],
                documentation: .init(
                    body: .init(schema: .registerDeploymentRequest), response: .registerDeploymentResponse, location: true,
                    errors: [
                        400: "A relative uri or malformed arn (The request field '…' is invalid), a reserved service name (META0005), "
                            + "or a manifest the rules refuse.",
                        409: "Breaking changes without breaking (META0006, every one in violations); under /v2, the deployment "
                            + "exists unchanged.",
                        500: "Discovery failed (META0003, META0012 to META0015), or a storage failure.",
                    ]),
                handler: register),
            AdminRoute(
                .get, "/deployments/{deployment}", operationID: "get_deployment", tag: "deployment", summary: "Get deployment",
                queryParameters: ["include"], addition: Self.includeStatus,
                documentation: .init(
                    response: .detailedDeploymentResponse,
                    errors: [
                        400: OperationDocumentation.badInclude, 404: OperationDocumentation.deploymentNotFound,
                        500: OperationDocumentation.storageFailure,
                    ],
                    rejections: [.pathParameter]),
                handler: get),
            AdminRoute(
                .delete, "/deployments/{deployment}", operationID: "delete_deployment", tag: "deployment", summary: "Delete deployment",
                successStatuses: [202], queryParameters: ["force"],
                addition: "Without force=true, a drained deployment is removed (202) and an active or draining one is refused "
                    + "with 409 naming why (Restate answers 501).",
                documentation: .init(
                    errors: [
                        404: OperationDocumentation.deploymentNotFound,
                        409: "Without force=true, the deployment is active (latest for a service) or draining (pinned invocations).",
                        500: OperationDocumentation.storageFailure,
                    ],
                    rejections: [.pathParameter, .queryString]),
                handler: delete),
            AdminRoute(
                .patch, "/deployments/{deployment}", operationID: "update_deployment", tag: "deployment", summary: "Update deployment",
                documentation: .init(
                    body: .init(schema: .updateDeploymentRequest), response: .detailedDeploymentResponse,
                    errors: [
                        400: "A field is invalid, the address kind differs (HTTP vs Lambda), or the protocol versions do not "
                            + "fit (META0016).",
                        404: OperationDocumentation.deploymentNotFound,
                        409: "The new discovery changes the services without overwrite.",
                        500: "Discovery failed (META0003, META0012 to META0015), or a storage failure.",
                    ]),
                handler: update),
            AdminRoute(
                .put, "/deployments/{deployment}", operationID: "update_deployment_put", tag: "deployment", summary: "Deprecated update",
                documented: false, handler: put),
            AdminRoute(
                .post, "/deployments/{deployment}/promote", operationID: "promote_deployment", tag: "deployment",
                summary: "Promote a deployment",
                addition: "Makes an existing deployment the latest for its services again, without a discovery: each of its "
                    + "services that points elsewhere gets a new revision (the highest + 1) copied from the one it holds. "
                    + "Optional body {\"breaking\": bool, \"dry_run\": bool}. Answers 200 with the registration response's "
                    + "shape; 409 META0006 for breaking changes unless breaking is true.",
                documentation: .init(
                    body: .init(schema: .promoteDeploymentRequest, required: false), response: .registerDeploymentResponse,
                    errors: [
                        400: "A malformed deployment id (JSON, unlike Restate's routes).",
                        404: OperationDocumentation.deploymentNotFound,
                        409: "Breaking changes without breaking (META0006, every one in violations).",
                        500: OperationDocumentation.storageFailure,
                    ]),
                handler: promote),
        ]
    }

    static let includeStatus =
        "include=status adds status (active, draining, drained), pinned_invocations and latest_for to each deployment."

    /// Whether `?include=status` was asked for (any other value is a 400).
    static func includesStatus(_ request: Request) throws -> Bool {
        guard let include = request.queryParameters["include"] else { return false }
        guard include == "status" else {
            throw AdminError(.invalidArgument, "unknown value '\(include)' of the query parameter 'include' (the one known value is 'status')")
        }
        return true
    }

    @Sendable func list(_ request: Request, context: AdminRequestContext) async throws -> Response {
        if try Self.includesStatus(request) {
            let all = try await service.deploymentsWithStatus()
            return .json(DeploymentListDTO(deployments: all.map { DeploymentDTO(deployment: $0.deployment, services: .pairs, status: $0.status) }))
        }
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
        if try Self.includesStatus(request) {
            let (deployment, status) = try await service.deploymentStatus(id)
            return .json(DeploymentDTO(deployment: deployment, services: .detailed(service.services(of: deployment)), status: status))
        }
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

    /// Without `force`, only a drained deployment is removed (this project's safe removal,
    /// BEHAVIOR.md §5.8; Restate answers 501).
    @Sendable func delete(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let id = try Self.deploymentID(context)
        try await service.removeDeployment(id, force: try request.boolQuery("force") ?? false)
        return .empty(.accepted)
    }

    /// A route of this project's: a malformed id is a JSON 400, like its other errors (Restate's
    /// own routes answer it in plain text).
    @Sendable func promote(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let text = context.parameter("deployment")
        let id: DeploymentID
        do { id = try DeploymentID(parsing: text) } catch {
            throw AdminError(.invalidArgument, "Invalid deployment id '\(text)': \(error.message)")
        }
        let body = try await request.decodeOptionalJSON(PromoteDeploymentRequestDTO.self, context: context)
        let deployment = try await service.promoteDeployment(
            id, allowBreaking: body?.breaking == true ? .yes : .no, mode: body?.dry_run == true ? .dryRun : .apply)
        return .json(RegisterDeploymentResponseDTO(deployment: deployment, services: service.services(of: deployment)))
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
