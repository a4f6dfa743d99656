import Foundation

/// How one service of a registration's (or promotion's) answer differs from the same service as
/// `GET /services` listed it just before: new, at a new revision, or unchanged, with the handlers
/// added and removed.
struct ServiceChange: Equatable, Sendable {
    /// What happened to the service.
    enum Kind: String, Sendable {
        /// The service did not exist before.
        case new
        /// Its latest revision changed (a new revision, or another deployment's).
        case revised
        /// Its latest revision is the one it had.
        case unchanged
    }

    /// The service's name.
    let name: String
    /// What happened to it.
    let kind: Kind
    /// The latest revision before, `nil` for a new service.
    let revisionBefore: Int?
    /// The revision in the answer (`nil` when the answer has none).
    let revisionAfter: Int?
    /// The handlers the answer has and the service before had not, sorted.
    let handlersAdded: [String]
    /// The handlers the service before had and the answer has not, sorted.
    let handlersRemoved: [String]

    /// The changes of every service of `after` (a `RegisterDeploymentResponse`, whose `services`
    /// carry their handlers) against `before` (a `GET /services` body), by service name.
    static func changes(before: Any?, after: Any?) -> [ServiceChange] {
        let previous = Dictionary(
            services(in: before).map { ($0["name"] as? String ?? "?", $0) }, uniquingKeysWith: { first, _ in first })
        return services(in: after).map { service in
            let name = service["name"] as? String ?? "?"
            let revision = (service["revision"] as? NSNumber)?.intValue
            let handlers = Set(handlerNames(service))
            guard let old = previous[name] else {
                return ServiceChange(
                    name: name, kind: .new, revisionBefore: nil, revisionAfter: revision, handlersAdded: handlers.sorted(), handlersRemoved: [])
            }
            let oldRevision = (old["revision"] as? NSNumber)?.intValue
            let oldHandlers = Set(handlerNames(old))
            return ServiceChange(
                name: name, kind: oldRevision == revision ? .unchanged : .revised, revisionBefore: oldRevision, revisionAfter: revision,
                handlersAdded: handlers.subtracting(oldHandlers).sorted(), handlersRemoved: oldHandlers.subtracting(handlers).sorted())
        }.sorted { $0.name < $1.name }
    }

    /// `{"name", "change": "new" | "revised" | "unchanged", "revision_before": Int | null,
    /// "revision_after": Int | null, "handlers_added": [String], "handlers_removed": [String]}`.
    var jsonObject: [String: Any] {
        [
            "name": name, "change": kind.rawValue, "revision_before": revisionBefore.map { $0 as Any } ?? NSNull(),
            "revision_after": revisionAfter.map { $0 as Any } ?? NSNull(), "handlers_added": handlersAdded, "handlers_removed": handlersRemoved,
        ]
    }

    /// The revision column: `1` (new or unchanged) or `1 → 2`.
    var revisionText: String {
        let after = revisionAfter.map(String.init) ?? "?"
        guard kind == .revised else { return after }
        return "\(revisionBefore.map(String.init) ?? "?") → \(after)"
    }

    /// The service objects of a body's `services` array.
    private static func services(in json: Any?) -> [[String: Any]] {
        (json as? [String: Any])?["services"] as? [[String: Any]] ?? []
    }

    /// The names of a service object's handlers.
    private static func handlerNames(_ service: [String: Any]) -> [String] {
        (service["handlers"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
    }
}
