import Foundation

extension ClientOutput {
    /// `GET /subscriptions` as a table sorted by id: id, source, sink.
    static func subscriptions(_ json: Any?) -> String {
        let subscriptions = ((json as? [String: Any])?["subscriptions"] as? [[String: Any]]) ?? []
        let rows = subscriptions.map { subscription in ["id", "source", "sink"].map { subscription[$0] as? String ?? "?" } }
        return table(["ID", "SOURCE", "SINK"], rows: rows.sorted { $0[0] < $1[0] }, empty: "No subscriptions.")
    }

    /// One subscription (the answer of `GET /subscriptions/{id}`): aligned `id`, `source` and
    /// `sink` fields, then `options:` with one `key:  value` line per option, sorted by key.
    static func subscription(_ json: Any?) -> String {
        subscriptionFields(json as? [String: Any] ?? [:], keys: ["id", "source", "sink"], indent: "")
    }

    /// The answer of `POST /subscriptions`: `Created <id>:`, then its source, sink and the
    /// options the server stored (with the `group.id` and `client.id` it adds), indented.
    static func createdSubscription(_ json: Any?) -> String {
        let object = json as? [String: Any] ?? [:]
        return "Created \(object["id"] as? String ?? "?"):\n" + subscriptionFields(object, keys: ["source", "sink"], indent: "  ")
    }

    /// The confirmation of `DELETE /subscriptions/{id}` (an empty `202`): `Removed <id>.`, or with
    /// `json` the object `{"id": <id>, "result": "removed"}`.
    static func removedSubscription(_ id: String, json asJSON: Bool) -> String {
        asJSON ? json(["id": id, "result": "removed"]) : "Removed \(id)."
    }

    /// The `keys` of a subscription and `options` as aligned fields (`options:  none` when there
    /// are none), each option below on its own `key:  value` line.
    private static func subscriptionFields(_ object: [String: Any], keys: [String], indent: String) -> String {
        let options = (object["options"] as? [String: Any] ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, "\($0.value)") }
        var lines = fields(keys.map { ($0, object[$0] as? String ?? "?") } + [("options", "none")], indent: indent)
            .split(separator: "\n").map(String.init)
        if !options.isEmpty {
            lines[lines.count - 1] = indent + "options:"
            lines.append(fields(options, indent: indent + "  "))
        }
        return lines.joined(separator: "\n")
    }
}
