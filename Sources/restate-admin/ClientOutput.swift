import Foundation

/// How the client subcommands render the Admin API's answers: pure functions from JSON to text.
/// Styles (``TextStyle``) are applied after columns are padded, so a table lines up the same with
/// and without colour.
enum ClientOutput {
    /// `GET /deployments` as a table: id, address (URI or Lambda ARN), lifecycle status, pinned
    /// invocations, services with revisions (`latest` marks those whose latest revision the
    /// deployment holds). A server that does not report the status gets `-` in those columns.
    static func deployments(_ json: Any?, style: TextStyle = .plain) -> String {
        let rows = ListedDeployment.all(in: json).map { deployment -> [String] in
            let services = deployment.services.map { service in
                let latest = deployment.latestFor?.contains(service.name) == true ? ", latest" : ""
                return "\(service.name) (rev \(service.revision)\(latest))"
            }
            return [
                deployment.id, deployment.address, deployment.status ?? "-", deployment.pinnedInvocations.map(String.init) ?? "-",
                services.isEmpty ? "-" : services.joined(separator: ", "),
            ]
        }
        return table(["ID", "ADDRESS", "STATUS", "PINNED", "SERVICES"], rows: rows, empty: "No deployments.") { row, column, text in
            column == 2 ? status(rows[row][2], text, style: style) : text
        }
    }

    /// `text` (a padded cell) in the colour of the lifecycle `status`: active green, draining
    /// yellow, drained dimmed.
    static func status(_ status: String, _ text: String, style: TextStyle) -> String {
        switch status {
        case "active": style.green(text)
        case "draining": style.yellow(text)
        case "drained": style.dim(text)
        default: text
        }
    }

    /// What `deployments prune` did (or, in a dry run, would do): one line per drained deployment
    /// with its id and address, then a summary line.
    static func prune(_ results: [(deployment: ListedDeployment, outcome: PruneOutcome)], dryRun: Bool) -> String {
        guard !results.isEmpty else { return "No drained deployments: nothing to remove." }
        var lines = results.map { pruneLine($0.deployment, $0.outcome) }
        let removed = results.filter { $0.outcome == .removed }.count
        let skipped = results.count - removed
        if dryRun {
            lines.append("Dry run: \(count(results.count, "drained deployment")) would be removed.")
        } else {
            lines.append("Removed \(count(removed, "drained deployment"))" + (skipped == 0 ? "." : ", skipped \(skipped)."))
        }
        return lines.joined(separator: "\n")
    }

    /// What `deployments prune --json` prints:
    /// `{"dry_run": Bool, "deployments": [{"id", "address", "outcome": "removed" | "would_remove" |
    /// "skipped", "reason"?}], "removed": Int, "skipped": Int}` (`reason` only for a skip).
    static func pruneJSON(_ results: [(deployment: ListedDeployment, outcome: PruneOutcome)], dryRun: Bool) -> String {
        let deployments = results.map { result -> [String: Any] in
            var object: [String: Any] = ["id": result.deployment.id, "address": result.deployment.address]
            switch result.outcome {
            case .removed: object["outcome"] = "removed"
            case .wouldRemove: object["outcome"] = "would_remove"
            case .skipped(let reason):
                object["outcome"] = "skipped"
                object["reason"] = reason
            }
            return object
        }
        let removed = results.filter { $0.outcome == .removed }.count
        let skipped = results.filter { if case .skipped = $0.outcome { true } else { false } }.count
        return json(["dry_run": dryRun, "deployments": deployments, "removed": removed, "skipped": skipped] as [String: Any])
    }

    /// One line of ``prune(_:dryRun:)``.
    static func pruneLine(_ deployment: ListedDeployment, _ outcome: PruneOutcome) -> String {
        switch outcome {
        case .removed: "Removed \(deployment.id)  \(deployment.address)"
        case .wouldRemove: "Would remove \(deployment.id)  \(deployment.address)"
        case .skipped(let reason): "Skipped \(deployment.id)  \(deployment.address): \(reason)"
        }
    }

    /// `GET /services` as a table: name, type, revision, deployment, public.
    static func services(_ json: Any?) -> String {
        let services = ((json as? [String: Any])?["services"] as? [[String: Any]]) ?? []
        let rows = services.map { service -> [String] in
            [
                service["name"] as? String ?? "?", service["ty"] as? String ?? "?", integer(service["revision"]),
                service["deployment_id"] as? String ?? "?", (service["public"] as? Bool).map { $0 ? "yes" : "no" } ?? "?",
            ]
        }
        return table(["NAME", "TYPE", "REVISION", "DEPLOYMENT", "PUBLIC"], rows: rows.sorted { $0[0] < $1[0] }, empty: "No services.")
    }

    /// Any JSON answer, pretty-printed with sorted keys.
    static func json(_ json: Any?) -> String {
        guard let json, JSONSerialization.isValidJSONObject(json),
            let data = try? JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        else { return json.map { "\($0)" } ?? "" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The message of an error answer: the JSON error's `message`, else the trimmed body, else
    /// `HTTP <status>`.
    static func message(status: Int, body: Data, contentType: String?) -> String {
        if contentType?.hasPrefix("application/json") == true,
            let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any], let message = object["message"] as? String
        {
            return message
        }
        let text = String(decoding: body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "HTTP \(status)" : text
    }

    /// A non-2xx answer: `error (HTTP <status>, <restate_code>): <message>` (the code only when
    /// the body carries one, and then without the `[CODE] ` prefixes the message repeats) and
    /// every breaking change it lists, or the status and plain-text body of a framework rejection.
    static func failure(status: Int, body: Data, contentType: String?) -> String {
        if contentType?.hasPrefix("application/json") == true,
            let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any], var message = object["message"] as? String
        {
            let code = object["restate_code"] as? String
            if let code {
                while message.hasPrefix("[\(code)] ") { message.removeFirst(code.count + 3) }
            }
            var lines = ["error (HTTP \(status)\(code.map { ", \($0)" } ?? "")): \(message)"]
            let violations = object["violations"] as? [[String: Any]] ?? []
            if !violations.isEmpty {
                lines.append("breaking changes (\(violations.count)):")
                for violation in violations {
                    let rule = violation["rule"] as? String ?? "?"
                    let service = violation["service"] as? String ?? "?"
                    let handler = (violation["handler"] as? String).map { "/\($0)" } ?? ""
                    var line = "  \(rule) \(service)\(handler)"
                    if let before = violation["before"] as? String { line += ": \(before)" }
                    if let after = violation["after"] as? String { line += " -> \(after)" }
                    lines.append(line)
                }
            }
            return lines.joined(separator: "\n")
        }
        let text = String(decoding: body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return "error (HTTP \(status))" + (text.isEmpty ? "" : ": \(text)")
    }

    /// A failure's text (see ``failure(status:body:contentType:)``) for standard error: the
    /// `error` of each line that starts with it in bold red, and the breaking changes in red.
    static func styledFailure(_ text: String, style: TextStyle) -> String {
        var inViolations = false
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            if line.hasPrefix("error") {
                inViolations = false
                return style.bold(style.red("error")) + line.dropFirst(5)
            }
            if line.hasPrefix("breaking changes (") {
                inViolations = true
                return style.red(String(line))
            }
            return inViolations && line.hasPrefix("  ") ? style.red(String(line)) : String(line)
        }.joined(separator: "\n")
    }

    /// `1 thing`, `2 things`.
    static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }

    /// A JSON number or string as text, `?` otherwise.
    static func integer(_ value: Any?) -> String {
        switch value {
        case let number as NSNumber: number.stringValue
        case let text as String: text
        default: "?"
        }
    }

    /// Left-aligned columns separated by two spaces, each line prefixed with `indent`; `paint`
    /// styles a cell of the body (its row and column, and the text already padded).
    static func table(
        _ header: [String], rows: [[String]], empty: String, indent: String = "",
        paint: (_ row: Int, _ column: Int, _ text: String) -> String = { $2 }
    ) -> String {
        guard !rows.isEmpty else { return empty }
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.enumerated().map { index, row in
            indent
                + row.indices.map { column in
                    let text = column == row.count - 1 ? row[column] : row[column].padding(toLength: widths[column], withPad: " ", startingAt: 0)
                    return index == 0 ? text : paint(index - 1, column, text)
                }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// Aligned `label:  value` lines.
    static func fields(_ pairs: [(String, String)], indent: String = "") -> String {
        let width = (pairs.map { $0.0.count }.max() ?? 0) + 1
        return pairs.map { label, value in indent + (label + ":").padding(toLength: width, withPad: " ", startingAt: 0) + "  " + value }
            .joined(separator: "\n")
    }
}
