import Foundation

/// How the client subcommands render the Admin API's answers: pure functions from JSON to text.
enum ClientOutput {
    /// `GET /deployments` as a table: id, address (URI or Lambda ARN), lifecycle status, pinned
    /// invocations, services with revisions (`latest` marks those whose latest revision the
    /// deployment holds). A server that does not report the status gets `-` in those columns.
    static func deployments(_ json: Any?) -> String {
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
        return table(["ID", "ADDRESS", "STATUS", "PINNED", "SERVICES"], rows: rows, empty: "No deployments.")
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

    /// The answer of `POST /deployments`: `201` is a new deployment; `200` is the same endpoint
    /// found again, overwritten when `force` was given and left unchanged otherwise (a dry run
    /// says what would happen).
    static func registration(_ json: Any?, status: Int, force: Bool, dryRun: Bool) -> String {
        let object = json as? [String: Any] ?? [:]
        let id = object["id"] as? String ?? "?"
        let services = (object["services"] as? [[String: Any]] ?? []).map { service in
            "  \(service["name"] as? String ?? "?")  revision \(integer(service["revision"]))"
        }
        let headline =
            switch (status == 201, force, dryRun) {
            case (true, _, false): "Registered \(id) with:"
            case (true, _, true): "Dry run: \(id) would be registered with:"
            case (false, true, false): "Overwrote \(id) with:"
            case (false, true, true): "Dry run: \(id) would be overwritten with:"
            case (false, false, false): "Already registered, unchanged: \(id) with:"
            case (false, false, true): "Dry run: already registered, would stay unchanged: \(id) with:"
            }
        return ([headline] + (services.isEmpty ? ["  no services"] : services)).joined(separator: "\n")
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

    /// A non-2xx answer: the JSON error's code and message and every breaking change it lists, or
    /// the status and plain-text body of a framework rejection.
    static func failure(status: Int, body: Data, contentType: String?) -> String {
        if contentType?.hasPrefix("application/json") == true,
            let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any], let message = object["message"] as? String
        {
            var lines = ["error (HTTP \(status)): \(message)"]
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

    /// `1 thing`, `2 things`.
    private static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }

    private static func integer(_ value: Any?) -> String {
        switch value {
        case let number as NSNumber: number.stringValue
        case let text as String: text
        default: "?"
        }
    }

    /// Left-aligned columns separated by two spaces.
    private static func table(_ header: [String], rows: [[String]], empty: String) -> String {
        guard !rows.isEmpty else { return empty }
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.indices.map { column in
                column == row.count - 1 ? row[column] : row[column].padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
