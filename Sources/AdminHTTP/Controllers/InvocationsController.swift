import AdminCore
import Hummingbird

/// The `/invocations` routes (BEHAVIOR.md §5.5): commands forwarded to the host runtime's
/// ``InvocationController`` after Restate's preconditions on the invocation record.
struct InvocationsController {
    let service: AdminService

    var routes: [AdminRoute] {
        var routes = [
            AdminRoute(
                .delete, "/invocations/{invocation_id}", operationID: "delete_invocation", tag: "invocation",
                summary: "Delete an invocation (deprecated)", successStatuses: [202], queryParameters: ["mode"], handler: delete)
        ]
        let operations: [(InvocationRules.Operation, String, String, [Int])] = [
            (.cancel, "cancel_invocation", "Cancel an invocation", [200, 202]),
            (.kill, "kill_invocation", "Kill an invocation", [200]),
            (.pause, "pause_invocation", "Pause an invocation", [200, 202]),
            (.purge, "purge_invocation", "Purge an invocation", [200]),
            (.purgeJournal, "purge_journal", "Purge an invocation's journal", [200]),
            (.resume, "resume_invocation", "Resume an invocation", [200]),
        ]
        for (operation, id, summary, statuses) in operations {
            routes.append(
                AdminRoute(
                    .patch, "/invocations/{invocation_id}/\(operation.rawValue)", operationID: id, tag: "invocation", summary: summary,
                    successStatuses: statuses, queryParameters: operation == .resume ? ["deployment"] : []
                ) { request, context in
                    try await operate(operation, request: request, context: context)
                })
        }
        routes.append(
            AdminRoute(
                .patch, "/invocations/{invocation_id}/restart-as-new", operationID: "restart_as_new_invocation", tag: "invocation",
                summary: "Restart an invocation as new", queryParameters: ["from", "deployment"], handler: restart
            ))
        return routes
    }

    private struct RestartDTO: Encodable { let new_invocation_id: String }

    func operate(_ operation: InvocationRules.Operation, request: Request, context: AdminRequestContext) async throws -> Response {
        let id = try Self.invocationID(context)
        // Only resume takes `?deployment=` (BEHAVIOR.md §5.5); the other operations ignore it.
        let deployment: InvocationRules.DeploymentChoice =
            if operation == .resume { try Self.deploymentChoice(request, default: .keep) } else { .keep }
        switch try await service.operate(operation, on: id, deployment: deployment) {
        case .done: return .empty(.ok)
        case .accepted: return .empty(.accepted)
        }
    }

    @Sendable func restart(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let id = try Self.invocationID(context)
        let query = request.queryParameters
        var from: UInt32 = 0
        if let text = query["from"] {
            guard let value = UInt32(text) else { throw HTTPRejection.invalidQuery("from: invalid digit found in string") }
            from = value
        }
        let deployment = try Self.deploymentChoice(request, default: .latest)
        let newID = try await service.restartAsNew(id, from: from, deployment: deployment)
        return .json(RestartDTO(new_invocation_id: newID.description))
    }

    @Sendable func delete(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let id = try Self.invocationID(context)
        let command: InvocationCommand
        switch request.queryParameters["mode"] {
        case nil, "Cancel", "cancel": command = .cancel
        case "Kill", "kill": command = .kill
        case "Purge", "purge": command = .purge
        case let mode?:
            throw HTTPRejection.invalidQuery("mode: unknown variant `\(mode)`, expected one of `Cancel`, `cancel`, `Kill`, `kill`, `Purge`, `purge`")
        }
        try await service.terminate(id, with: command)
        return .empty(.accepted)
    }

    /// The `{invocation_id}` parameter, parsed by the handler (a malformed id is a 400 JSON error).
    static func invocationID(_ context: AdminRequestContext) throws -> InvocationID {
        do {
            return try InvocationID(parsing: context.parameter("invocation_id"))
        } catch {
            throw AdminError.invalidField("invocation_id", reason: error.message)
        }
    }

    /// The `deployment` query parameter of resume and restart-as-new: `keep`, `latest` or a
    /// deployment id.
    static func deploymentChoice(_ request: Request, default value: InvocationRules.DeploymentChoice) throws -> InvocationRules.DeploymentChoice {
        guard let text = request.queryParameters["deployment"] else { return value }
        switch text {
        case "keep", "Keep": return .keep
        case "latest", "Latest": return .latest
        default:
            do {
                return .id(try DeploymentID(parsing: text))
            } catch {
                throw AdminError.invalidQueryParameter("deployment", reason: error.message)
            }
        }
    }
}
