import AdminTestSupport
import Foundation
import Testing

extension PostgresNodeTests {
    @Test("A PostgreSQL restart under load gives 503s, then recovery without touching the node")
    func postgresRestartUnderLoad() async throws {
        try await ScratchCluster.with { cluster in
            try await Self.withNodes(on: cluster.database, logger: TestLogging.logger("restart")) { nodes, deployment, client in
                let node = try await nodes.start("A")
                let tally = RegistrationTally()
                var outage: (health: NodeClient.Answer, registration: NodeClient.Answer)?
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for stream in 0..<4 {
                        group.addTask { await tally.register(on: node.baseURL, prefix: "\(deployment.baseURL)/restart/\(stream)", client: client) }
                    }
                    do {
                        try await RegistrationTally.wait("5 registrations acknowledged", timeout: .seconds(60)) {
                            tally.acknowledged.count >= 5 || !tally.unexpected.isEmpty
                        }
                        try await cluster.halt()
                        outage = try await Self.unavailableAnswers(of: node, client: client, deployment: deployment)
                        try await cluster.resume()
                        try await nodes.waitUntilHealthy(node, timeout: .seconds(30))
                        let before = tally.acknowledged.count
                        try await RegistrationTally.wait("3 registrations acknowledged after the restart", timeout: .seconds(30)) {
                            tally.acknowledged.count >= before + 3 || !tally.unexpected.isEmpty
                        }
                        tally.finish()
                        try await group.waitForAll()
                    } catch {
                        tally.finish()
                        try? await group.waitForAll()
                        throw error
                    }
                }
                let (health, registration) = try #require(outage)
                #expect(health.status == 503, "GET /health while PostgreSQL is down: \(health)")
                let body = try #require(try JSONSerialization.jsonObject(with: health.body) as? [String: Any], "\(health)")
                #expect((body["message"] as? String)?.contains("PostgreSQL") == true, "\(health)")
                #expect(body.keys.contains("restate_code") && body["restate_code"] is NSNull, "\(health)")
                #expect(registration.status == 503, "POST /deployments while PostgreSQL is down: \(registration)")
                #expect(tally.unexpected.isEmpty, "answers other than 201 and 503: \(tally.unexpected)\n\(nodes.logs)")
                #expect(node.isRunning)
                nodes.log("\(tally.acknowledged.count) registrations acknowledged, \(tally.unavailable) answered 503")

                let acknowledged = tally.acknowledged
                for registration in acknowledged {
                    let answer = try await client.get(node.baseURL + "/deployments/\(registration.id)")
                    #expect(answer.status == 200, "acknowledged \(registration.uri) (\(registration.id)): \(answer)")
                }
                let listed = try await Self.deploymentIDs(of: node, client: client)
                #expect(Set(acknowledged.map(\.id)).isSubset(of: listed))
                let version = try await Self.expectGapFreeVersions(in: nodes.database)
                #expect(listed.count == Int(version))
                let after = try await client.register(on: node.baseURL, uri: "\(deployment.baseURL)/restart/after")
                #expect(after.status == 201, "a registration after the recovery: \(after)")
                let log = nodes.logs
                #expect(await node.stop(), "the node did not exit within 10 s of SIGTERM after the restart\n\(log)")
            }
        }
    }

    /// Polls `GET /health` of `node` (at most 10 s) until it answers 503, then sends one
    /// registration; returns both answers.
    static func unavailableAnswers(
        of node: ServeNode, client: NodeClient, deployment: FakeDeployment.Endpoint
    ) async throws -> (health: NodeClient.Answer, registration: NodeClient.Answer) {
        let deadline = ContinuousClock.now.advanced(by: .seconds(10))
        var health = try await client.get(node.baseURL + "/health")
        while health.status != 503, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            health = try await client.get(node.baseURL + "/health")
        }
        let registration = try await client.register(on: node.baseURL, uri: "\(deployment.baseURL)/restart/outage")
        return (health, registration)
    }
}
