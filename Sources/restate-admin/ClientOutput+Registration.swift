import Foundation

extension ClientOutput {
    /// A registration or promotion: the headline (``RegistrationOutcome/headline(id:dryRun:)``),
    /// then a table of the answer's services with what changed (``ServiceChange``): `new`,
    /// `revised` (revision `old → new`) or `unchanged`, and the handlers added (`+name`) and
    /// removed (`-name`); a new service lists all its handlers as added.
    static func registration(_ answer: Any?, before: Any?, outcome: RegistrationOutcome, dryRun: Bool, style: TextStyle = .plain) -> String {
        let id = (answer as? [String: Any])?["id"] as? String ?? "?"
        let changes = ServiceChange.changes(before: before, after: answer)
        let rows = changes.map { change -> [String] in
            let handlers = change.handlersAdded.map { "+\($0)" } + change.handlersRemoved.map { "-\($0)" }
            return [change.name, change.kind.rawValue, change.revisionText, handlers.isEmpty ? "-" : handlers.joined(separator: " ")]
        }
        let services = table(["SERVICE", "CHANGE", "REVISION", "HANDLERS"], rows: rows, empty: "  no services", indent: "  ") { row, column, text in
            switch column {
            case 1:
                switch changes[row].kind {
                case .new: style.green(text)
                case .revised: style.yellow(text)
                case .unchanged: style.dim(text)
                }
            case 3:
                text.split(separator: " ").map {
                    $0.hasPrefix("+") ? style.green(String($0)) : $0.hasPrefix("-") && $0.count > 1 ? style.red(String($0)) : String($0)
                }
                .joined(separator: " ")
            default: text
            }
        }
        return outcome.headline(id: id, dryRun: dryRun) + "\n" + services
    }

    /// What `deployments register --json` and `deployments promote --json` print:
    /// `{"id", "outcome": "created" | "overwritten" | "unchanged" | "promoted", "dry_run",
    /// "services": [ServiceChange.jsonObject…] (sorted by name), "response": <the server's answer>}`.
    static func registrationJSON(_ answer: Any?, before: Any?, outcome: RegistrationOutcome, dryRun: Bool) -> String {
        json(
            [
                "id": (answer as? [String: Any])?["id"] as? String ?? NSNull(), "outcome": outcome.rawValue, "dry_run": dryRun,
                "services": ServiceChange.changes(before: before, after: answer).map(\.jsonObject), "response": answer ?? NSNull(),
            ] as [String: Any])
    }
}
