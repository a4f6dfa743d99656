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
                summary: "Delete an invocation (deprecated)", successStatuses: [202], queryParameters: ["mode"],
                documentation: .init(
                    errors: [
                        400: Self.malformedID,
                        500: "The host runtime refused the command (Failed sending invocation termination command to the cluster), "
                            + "or a storage failure.",
                    ],
                    rejections: [.queryString]),
                handler: delete)
        ]
        let operations: [(InvocationRules.Operation, String, String, [Int], [Int: String])] = [
            (.cancel, "cancel_invocation", "Cancel an invocation", [200, 202], [409: "The invocation is already completed."]),
            (.kill, "kill_invocation", "Kill an invocation", [200], [409: "The invocation is already completed."]),
            (.pause, "pause_invocation", "Pause an invocation", [200, 202], [409: "The invocation is not running."]),
            (.purge, "purge_invocation", "Purge an invocation", [200], [409: "The invocation is not completed."]),
            (.purgeJournal, "purge_journal", "Purge an invocation's journal", [200], [409: "The invocation is not completed."]),
            (
                .resume, "resume_invocation", "Resume an invocation", [200],
                [
                    400: "A malformed id or deployment, an unknown deployment, or one whose protocol range does not fit.",
                    409: "The invocation is completed, or running or unpinned when a deployment change was asked for.",
                    425: "The invocation is inboxed or scheduled.",
                ]
            ),
        ]
        for (operation, id, summary, statuses, errors) in operations {
            routes.append(
                AdminRoute(
                    .patch, "/invocations/{invocation_id}/\(operation.rawValue)", operationID: id, tag: "invocation", summary: summary,
                    successStatuses: statuses, queryParameters: operation == .resume ? ["deployment"] : [],
                    documentation: .init(errors: Self.commonErrors.merging(errors) { $1 })
                ) { request, context in
                    try await operate(operation, request: request, context: context)
                })
        }
        routes.append(
            AdminRoute(
                .patch, "/invocations/{invocation_id}/restart-as-new", operationID: "restart_as_new_invocation", tag: "invocation",
                summary: "Restart an invocation as new", queryParameters: ["from", "deployment"],
                documentation: .init(
                    response: .restartAsNewInvocationResponse,
                    errors: Self.commonErrors.merging([
                        400: "A malformed id or deployment, from out of range or over commands without completions, an unknown "
                            + "deployment, or one whose protocol range does not fit.",
                        409: "The invocation is still running, or its deployment cannot be changed.",
                        410: "The invocation's input is no longer available.",
                        422: "A workflow invocation, or from > 0 on a protocol or journal that cannot copy a prefix.",
                        425: "The invocation is inboxed or scheduled.",
                    ]) { $1 },
                    rejections: [.queryString]),
                handler: restart
            ))
        return routes
    }

    /// The `400` of a malformed `{invocation_id}`.
    static let malformedID = "A malformed invocation id (The request field 'invocation_id' is invalid)."

    /// The errors every operation on one invocation can answer.
    static let commonErrors: [Int: String] = [
        400: malformedID,
        404: "No invocation with this id.",
        500: OperationDocumentation.storageFailure,
        503: "The host runtime could not take the command (Error when routing the request internally).",
    ]

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
