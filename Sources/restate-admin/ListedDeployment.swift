import Foundation

/// One deployment of `GET /deployments`, with its lifecycle status when the server reports it
/// (`?include=status`, BEHAVIOR.md §5.8); a server without the lifecycle leaves those `nil`.
struct ListedDeployment: Equatable, Sendable {
    /// A service the deployment holds, at the revision it holds.
    struct Service: Equatable, Sendable {
        /// The service's name.
        let name: String
        /// Its revision, as the server wrote it (`?` when missing).
        let revision: String
    }

    /// The deployment id (`?` when missing).
    let id: String
    /// The URI or Lambda ARN (`?` when missing).
    let address: String
    /// The services it holds, in the server's order.
    let services: [Service]
    /// `active`, `draining` or `drained`; `nil` when the server does not report it.
    let status: String?
    /// The invocations that have not completed pinned to it; `nil` when not reported.
    let pinnedInvocations: Int?
    /// The services whose latest revision it holds; `nil` when not reported.
    let latestFor: [String]?

    /// Reads one deployment object of the list.
    init(json object: [String: Any]) {
        id = object["id"] as? String ?? "?"
        address = (object["uri"] as? String) ?? (object["arn"] as? String) ?? "?"
        services = (object["services"] as? [[String: Any]] ?? []).map { service in
            Service(name: service["name"] as? String ?? "?", revision: Self.text(service["revision"]))
        }
        status = object["status"] as? String
        pinnedInvocations = (object["pinned_invocations"] as? NSNumber)?.intValue
        latestFor = object["latest_for"] as? [String]
    }

    /// Every deployment of a `GET /deployments` body, in the server's order.
    static func all(in json: Any?) -> [ListedDeployment] {
        (((json as? [String: Any])?["deployments"] as? [[String: Any]]) ?? []).map(ListedDeployment.init(json:))
    }

    /// Whether the deployment carries the lifecycle keys (`status`, `pinned_invocations`,
    /// `latest_for`): the server has the deployment lifecycle.
    var reportsStatus: Bool { status != nil && pinnedInvocations != nil && latestFor != nil }

    /// Whether the server reported it as drained: the latest for no service and no invocation
    /// that has not completed pinned to it.
    var isDrained: Bool { status == "drained" }

    /// A number or string as text, `?` otherwise.
    private static func text(_ value: Any?) -> String {
        switch value {
        case let number as NSNumber: number.stringValue
        case let text as String: text
        default: "?"
        }
    }
}
