import AdminCore
import Synchronization

/// Where the host routes each handler: `Service/handler` → deployment and address, kept up to
/// date from the admin's change stream and printed whenever it changes.
final class RoutingTable: Sendable {
    /// The version last shown (`nil` before the first), and its routes.
    private let state = Mutex<(version: UInt64?, routes: [String: String])>((nil, [:]))

    /// The routes of `registry`: each handler of each service's latest revision.
    static func routes(of registry: RegistrySnapshot) -> [String: String] {
        var routes: [String: String] = [:]
        for name in registry.serviceNames {
            guard let (deployment, revision) = registry.latestServiceRevision(of: name) else { continue }
            let address: String
            switch deployment.address {
            case .http(let uri, _, _): address = uri.description
            case .lambda(let arn, _, _): address = arn.description
            }
            let visibility = revision.isPublic ? "public" : "private"
            for handler in revision.sortedHandlers {
                routes["\(name)/\(handler.name)"] = "\(deployment.id) \(address) revision \(revision.revision) \(visibility)"
            }
        }
        return routes
    }

    /// Follows `admin`'s change stream until the task is cancelled, printing the table at each
    /// version that changes it.
    func follow(_ admin: AdminService) async {
        var registry = RegistrySnapshot()
        do {
            for try await event in admin.changes(after: nil, pollInterval: .milliseconds(200)) {
                switch event {
                case .snapshot(let snapshot), .resync(let snapshot): registry = snapshot
                case .change(let change): registry = registry.applying(change)
                }
                show(version: registry.version, routes: Self.routes(of: registry))
            }
        } catch is CancellationError {
        } catch {
            print("routing: the change stream failed: \(error)")
        }
    }

    private func show(version: UInt64, routes: [String: String]) {
        let changed = state.withLock { $0.version == nil || $0.routes != routes }
        if changed {
            print("routing table at registry version \(version):" + (routes.isEmpty ? " (empty)" : ""))
            for route in routes.keys.sorted() { print("  \(route) → \(routes[route]!)") }
        }
        // Only after printing, so that whoever waits for this version prints after the table.
        state.withLock { $0 = (version, routes) }
    }

    /// Waits until the table reflects registry version `version` (at most `timeout`).
    func wait(forVersion version: UInt64, timeout: Duration = .seconds(10)) async throws {
        let deadline = ContinuousClock.now + timeout
        while state.withLock({ $0.version }).map({ $0 < version }) ?? true {
            guard ContinuousClock.now < deadline else { throw ScenarioFailure("the routing table never reached version \(version)") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
