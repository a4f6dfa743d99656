import AdminPostgres
import AdminPostgresTestSupport
import Foundation
import Testing

extension PostgresNodeTests {
    @Test("A node killed with SIGKILL mid-registration loses nothing acknowledged")
    func killedNodeLosesNothingAcknowledged() async throws {
        // Each discovery takes 20 ms, so that registrations are surely in flight when node A dies.
        try await Self.withNodes("killed-node", discoveryDelay: .milliseconds(20)) { nodes, deployment, client in
            let a = try await nodes.start("A")
            let b = try await nodes.start("B")
            let tally = RegistrationTally()
            var inFlightAtKill = 0
            try await withThrowingTaskGroup(of: Void.self) { group in
                for stream in 0..<4 {
                    group.addTask { await tally.register(on: a.baseURL, prefix: "\(deployment.baseURL)/killed/\(stream)", client: client) }
                }
                do {
                    try await RegistrationTally.wait("10 registrations acknowledged by node A", timeout: .seconds(60)) {
                        tally.acknowledged.count >= 10 || !tally.unexpected.isEmpty
                    }
                    try #require(tally.unexpected.isEmpty, "before the kill: \(tally.unexpected)\n\(nodes.logs)")
                    try await RegistrationTally.wait("a discovery of node A in progress", timeout: .seconds(10)) {
                        deployment.discoveriesInProgress.value > 0
                    }
                    tally.nodeWillBeKilled()
                    inFlightAtKill = tally.inFlight
                    await a.killNow()
                    try await RegistrationTally.wait("the streams to end", timeout: .seconds(60)) { tally.inFlight == 0 }
                    tally.finish()
                    try await group.waitForAll()
                } catch {
                    tally.finish()
                    await a.killNow()
                    try? await group.waitForAll()
                    throw error
                }
            }
            #expect(!a.isRunning)
            #expect(tally.unexpected.isEmpty, "\(tally.unexpected)\n\(nodes.logs)")
            let acknowledged = tally.acknowledged
            nodes.log("node A killed with \(inFlightAtKill) registrations in flight, after \(acknowledged.count) were acknowledged")

            for registration in acknowledged {
                let answer = try await client.get(b.baseURL + "/deployments/\(registration.id)")
                #expect(answer.status == 200, "acknowledged \(registration.uri) (\(registration.id)) on node B: \(answer)")
            }
            let version = try await Self.expectGapFreeVersions(in: nodes.database)
            let stored = try await TestDatabase.values("SELECT COUNT(*) FROM deployments", as: Int64.self, in: nodes.database).first
            #expect(stored == version, "\(stored ?? -1) deployments stored for registry version \(version)")
            let listedOnB = try await Self.deploymentIDs(of: b, client: client)
            #expect(Set(acknowledged.map(\.id)).isSubset(of: listedOnB))
            #expect(listedOnB.count == Int(version))

            let restarted = try await nodes.start("A (restarted)")
            #expect(try await Self.deploymentIDs(of: restarted, client: client) == listedOnB)
            let greeterOnA = try await client.get(restarted.baseURL + "/services/Greeter")
            let greeterOnB = try await client.get(b.baseURL + "/services/Greeter")
            #expect(greeterOnA.status == 200 && greeterOnA.body == greeterOnB.body, "A \(greeterOnA)\nB \(greeterOnB)")
            #expect(try greeterOnB.decode(AdminAnswers.Service.self).revision == Int(version))
        }
    }
}
