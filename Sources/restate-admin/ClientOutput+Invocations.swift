import AdminCore

extension ClientOutput {
    /// The result of an invocation operation whose answer is empty, from its status (BEHAVIOR.md
    /// §5.5): `cancelled` (200) or `cancel-requested` (202), `killed`, `purged`, `journal-purged`,
    /// `pause-requested` (202) or `already-paused` (200: paused or suspended already), `resumed`.
    static func invocationResult(_ operation: InvocationRules.Operation, status: Int) -> String {
        switch operation {
        case .cancel: status == 202 ? "cancel-requested" : "cancelled"
        case .kill: "killed"
        case .purge: "purged"
        case .purgeJournal: "journal-purged"
        case .pause: status == 202 ? "pause-requested" : "already-paused"
        case .resume: "resumed"
        }
    }

    /// The confirmation of an invocation operation: one line, or with `json` the object
    /// `{"id", "result", "status"}` (plus `"deployment"` when `--deployment` was given to resume).
    static func invocation(
        _ operation: InvocationRules.Operation, id: String, status: Int, deployment: String? = nil, json asJSON: Bool
    ) -> String {
        if asJSON {
            var object: [String: Any] = ["id": id, "result": invocationResult(operation, status: status), "status": status]
            if let deployment { object["deployment"] = deployment }
            return json(object)
        }
        return switch operation {
        case .cancel where status == 202: "Cancel requested for \(id): it has started, its handler runs the cancellation."
        case .cancel: "Cancelled \(id) (it had not started)."
        case .kill: "Killed \(id)."
        case .purge: "Purged \(id)."
        case .purgeJournal: "Purged the journal of \(id)."
        case .pause where status == 202: "Pause requested for \(id)."
        case .pause: "\(id) is already paused or suspended."
        case .resume: "Resumed \(id)" + (deployment.map { " on deployment \($0)." } ?? ".")
        }
    }

    /// The answer of `PATCH /invocations/{id}/restart-as-new`: `Restarted <id> as <new id>.`, or
    /// with `json` the server's `{"new_invocation_id": …}`.
    static func restart(_ answer: Any?, id: String, json asJSON: Bool) -> String {
        if asJSON { return json(answer) }
        let newID = (answer as? [String: Any])?["new_invocation_id"] as? String ?? "?"
        return "Restarted \(id) as \(newID)."
    }
}
