import AdminPostgres
import AdminPostgresTestSupport
import AdminTestSupport
import Foundation
import Logging
import Testing

/// `restate-admin serve --storage postgres` as separate processes sharing one PostgreSQL database:
/// concurrent registrations on two nodes, a node killed with SIGKILL mid-registration, and a
/// PostgreSQL restart under load. Needs `ADMIN_TEST_POSTGRES_URL`; skipped without it.
@Suite(
    "restate-admin serve nodes on one PostgreSQL database", .serialized, .timeLimit(.minutes(3)), .capturingLogs,
    .enabled(if: TestDatabase.isConfigured, "ADMIN_TEST_POSTGRES_URL is not set"))
struct PostgresNodeTests {
    /// Runs `body` with a fresh database, a client, a fake deployment (answering discoveries after
    /// `discoveryDelay`) and an empty group of nodes on that database; everything is stopped and
    /// dropped afterwards.
    static func withNodes(
        _ label: String, discoveryDelay: Duration = .zero,
        _ body: (ServeNodes, FakeDeployment.Endpoint, NodeClient) async throws -> Void
    ) async throws {
        let logger = TestLogging.logger(label)
        try await TestDatabase.with(label) { database in
            try await withNodes(on: database, discoveryDelay: discoveryDelay, logger: logger, body)
        }
    }

    /// Like ``withNodes(_:discoveryDelay:_:)`` on an existing database.
    static func withNodes(
        on database: PostgresURL, discoveryDelay: Duration = .zero, logger: Logger,
        _ body: (ServeNodes, FakeDeployment.Endpoint, NodeClient) async throws -> Void
    ) async throws {
        try await NodeClient.with { client in
            try await FakeDeployment.run(delay: discoveryDelay, logger: logger) { deployment in
                try await ServeNodes.with(database: database, client: client, logger: logger) { nodes in
                    try await body(nodes, deployment, client)
                }
            }
        }
    }

    /// The ids `GET /deployments` of `node` lists, sorted.
    static func deploymentIDs(of node: ServeNode, client: NodeClient) async throws -> [String] {
        let answer = try await client.get(node.baseURL + "/deployments")
        try #require(answer.status == 200, "GET /deployments on node \(node.name): \(answer)")
        return try answer.decode(AdminAnswers.Deployments.self).deployments.map(\.id).sorted()
    }

    /// Expects the change log to hold exactly the versions 1…`admin_meta`'s `schema_version`,
    /// and returns that version.
    @discardableResult
    /// The stored registry version (`admin_meta`'s `schema_version`) and the versions the change
    /// log holds, in order, read from the database directly.
    static func versions(in database: PostgresURL) async throws -> (stored: Int64?, logged: [Int64]) {
        let stored = try await TestDatabase.values("SELECT value FROM admin_meta WHERE key = 'schema_version'", as: Int64.self, in: database)
        return (stored.first, try await TestDatabase.values("SELECT version FROM change_log ORDER BY version", as: Int64.self, in: database))
    }

    static func expectGapFreeVersions(in database: PostgresURL, sourceLocation: SourceLocation = #_sourceLocation) async throws -> Int64 {
        let (stored, logged) = try await Self.versions(in: database)
        let version = try #require(stored, "no schema_version in admin_meta", sourceLocation: sourceLocation)
        #expect(logged == Array(stride(from: 1, through: version, by: 1)), "change_log versions: \(logged)", sourceLocation: sourceLocation)
        return version
    }
}
