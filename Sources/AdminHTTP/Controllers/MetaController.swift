import AdminCore
import Hummingbird

/// `GET /health`, `GET /version`, `GET /cluster-health` and `POST /query` (BEHAVIOR.md §5.1, §5.7).
struct MetaController {
    let service: AdminService
    let configuration: AdminHTTPConfiguration

    private struct VersionDTO: Encodable {
        let version: String
        let min_admin_api_version: Int
        let max_admin_api_version: Int
        let ingress_endpoint: String
    }

    private struct ClusterHealthDTO: Encodable {
        struct Members: Encodable { let members: [Int] }
        let cluster_name: String
        let metadata_cluster_health: Members?

        func encode(to encoder: any Encoder) throws {
            enum Keys: String, CodingKey { case cluster_name, metadata_cluster_health }
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(cluster_name, forKey: .cluster_name)
            try c.encode(metadata_cluster_health, forKey: .metadata_cluster_health)
        }
    }

    var routes: [AdminRoute] {
        let clusterName = service.configuration.clusterName
        let ingress = configuration.ingressEndpoint
        return [
            AdminRoute(.get, "/health", operationID: "health", tag: "health", summary: "Health check") { _, _ in
                .empty(.ok)
            },
            AdminRoute(
                .get, "/version", operationID: "version", tag: "version", summary: "Admin version information",
                documentation: .init(response: .versionInformation)
            ) { _, _ in
                .json(VersionDTO(version: "1.6.2", min_admin_api_version: 2, max_admin_api_version: 3, ingress_endpoint: ingress))
            },
            AdminRoute(
                .get, "/cluster-health", operationID: "cluster_health", tag: "cluster_health", summary: "Cluster health (deprecated)",
                documentation: .init(response: .clusterHealthResponse)
            ) { _, _ in
                .json(ClusterHealthDTO(cluster_name: clusterName, metadata_cluster_health: nil))
            },
            AdminRoute(
                .post, "/query", operationID: "query", tag: "introspection", summary: "Query the system tables (not implemented)",
                successStatuses: [],
                addition: "Not implemented by this server: every request is answered 501 with the JSON error body, without reading it.",
                documentation: .init(
                    body: .init(schema: .queryRequest, decoded: false), errors: [501: "SQL introspection is not implemented."])
            ) { _, _ in
                throw HTTPRejection.queryNotImplemented
            },
        ]
    }
}
