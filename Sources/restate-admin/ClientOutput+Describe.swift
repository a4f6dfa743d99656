import Foundation

extension ClientOutput {
    /// `GET /deployments/{id}` as text: address, protocol, SDK, creation time, status (when the
    /// server reports it), headers and metadata, then a table of its services.
    static func deployment(_ json: Any?, style: TextStyle = .plain) -> String {
        let object = json as? [String: Any] ?? [:]
        var pairs: [(String, String)] = [
            ("ID", object["id"] as? String ?? "?"),
            ("Address", (object["uri"] as? String) ?? (object["arn"] as? String) ?? "?"),
        ]
        if let role = object["assume_role_arn"] as? String { pairs.append(("Assumed role", role)) }
        if let protocolType = object["protocol_type"] as? String {
            pairs.append(("Protocol", protocolType + ((object["http_version"] as? String).map { " over \($0)" } ?? "")))
        }
        pairs.append(("Service protocol", "\(integer(object["min_protocol_version"]))–\(integer(object["max_protocol_version"]))"))
        if let sdk = object["sdk_version"] as? String { pairs.append(("SDK", sdk)) }
        pairs.append(("Created", object["created_at"] as? String ?? "?"))
        if let status = object["status"] as? String {
            let latest = (object["latest_for"] as? [String] ?? []).joined(separator: ", ")
            pairs.append(
                (
                    "Status",
                    Self.status(status, status, style: style)
                        + ", \(count((object["pinned_invocations"] as? NSNumber)?.intValue ?? 0, "pinned invocation"))"
                        + (latest.isEmpty ? "" : ", latest for \(latest)")
                ))
        }
        for (label, key) in [("Headers", "additional_headers"), ("Metadata", "metadata")] {
            if let map = object[key] as? [String: String], !map.isEmpty {
                pairs.append((label, map.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")))
            }
        }
        let services = (object["services"] as? [[String: Any]] ?? []).map { service -> [String] in
            [service["name"] as? String ?? "?", service["ty"] as? String ?? "?", integer(service["revision"]), handlerList(service)]
        }
        return fields(pairs) + "\nServices:\n"
            + table(["NAME", "TYPE", "REVISION", "HANDLERS"], rows: services.sorted { $0[0] < $1[0] }, empty: "  none", indent: "  ")
    }

    /// `GET /services/{name}` as text: type, revision, deployment, documentation, then its
    /// handlers and its configuration (``serviceConfiguration(_:)``).
    static func service(_ json: Any?) -> String {
        let object = json as? [String: Any] ?? [:]
        var pairs: [(String, String)] = [
            ("Name", object["name"] as? String ?? "?"), ("Type", object["ty"] as? String ?? "?"),
            ("Revision", integer(object["revision"])), ("Deployment", object["deployment_id"] as? String ?? "?"),
        ]
        if let documentation = object["documentation"] as? String { pairs.append(("Documentation", documentation)) }
        let handlers = (object["handlers"] as? [[String: Any]] ?? []).map { handler -> [String] in
            [
                handler["name"] as? String ?? "?", handler["ty"] as? String ?? "-", yesNo(handler["public"]),
                handler["input_description"] as? String ?? "-", handler["output_description"] as? String ?? "-",
            ]
        }
        return fields(pairs) + "\nHandlers:\n"
            + table(["NAME", "TYPE", "PUBLIC", "INPUT", "OUTPUT"], rows: handlers.sorted { $0[0] < $1[0] }, empty: "  none", indent: "  ")
            + "\nConfiguration:\n" + serviceConfiguration(json, indent: "  ")
    }

    /// The keys of a service's settings that `services config` shows and sets, in order;
    /// `workflow_completion_retention` only for workflows.
    static let configurationKeys = [
        "public", "idempotency_retention", "workflow_completion_retention", "journal_retention", "inactivity_timeout", "abort_timeout",
    ]

    /// The settings of a service (``configurationKeys``): `public` as `true`/`false`, durations
    /// as the server prints them, `-` for one it omits.
    static func serviceConfiguration(_ json: Any?, indent: String = "") -> String {
        let object = json as? [String: Any] ?? [:]
        let rows = configurationKeys.compactMap { key -> (String, String)? in
            if key == "workflow_completion_retention", object["ty"] as? String != "Workflow" { return nil }
            switch object[key] {
            case let flag as Bool: return (key, flag ? "true" : "false")
            case let text as String: return (key, text)
            default: return (key, "-")
            }
        }
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { indent + $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }.joined(separator: "\n")
    }

    /// What `services config view --json` prints: the service's ``configurationKeys`` as the
    /// server wrote them (those it omits are absent).
    static func serviceConfigurationJSON(_ json: Any?) -> String {
        let object = json as? [String: Any] ?? [:]
        return Self.json(object.filter { configurationKeys.contains($0.key) })
    }

    /// `GET /services/{name}/revisions` as a table: revision, deployment, creation time, type,
    /// and the changes from the revision before (`+handler`, `-handler`, `type A → B`,
    /// `handler: A → B`; `-` for the first).
    static func history(_ json: Any?, style: TextStyle = .plain) -> String {
        let revisions = (json as? [String: Any])?["revisions"] as? [[String: Any]] ?? []
        let rows = revisions.map { revision -> [String] in
            let changes = (revision["changes"] as? [[String: Any]] ?? []).map(change)
            return [
                integer(revision["revision"]), revision["deployment_id"] as? String ?? "?", revision["created_at"] as? String ?? "?",
                revision["ty"] as? String ?? "?", changes.isEmpty ? "-" : changes.joined(separator: ", "),
            ]
        }
        return table(["REVISION", "DEPLOYMENT", "CREATED", "TYPE", "CHANGES"], rows: rows, empty: "No revisions.") { _, column, text in
            column == 4 && text != "-" ? style.yellow(text) : text
        }
    }

    /// One change of a revision (BEHAVIOR.md §5.8): `+h`, `-h`, `type A → B` or `h: A → B`.
    static func change(_ change: [String: Any]) -> String {
        let handler = change["handler"] as? String ?? "?"
        let before = change["before"] as? String ?? "none"
        let after = change["after"] as? String ?? "none"
        switch change["kind"] as? String {
        case "handler_added": return "+\(handler)"
        case "handler_removed": return "-\(handler)"
        case "service_type_changed": return "type \(before) → \(after)"
        case "handler_type_changed": return "\(handler): \(before) → \(after)"
        default: return change["kind"] as? String ?? "?"
        }
    }

    /// A service's handler names, sorted and joined, `-` for none.
    private static func handlerList(_ service: [String: Any]) -> String {
        let names = (service["handlers"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }.sorted()
        return names.isEmpty ? "-" : names.joined(separator: ", ")
    }

    /// `yes`, `no`, or `?` for a missing Boolean.
    private static func yesNo(_ value: Any?) -> String {
        (value as? Bool).map { $0 ? "yes" : "no" } ?? "?"
    }
}
