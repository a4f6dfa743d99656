import Foundation
import Testing

extension PostgresNodeTests {
    @Test("Two serve processes on one database: 24 concurrent registrations, one registry")
    func twoNodesOnOneDatabase() async throws {
        try await Self.withNodes("two-nodes") { nodes, deployment, client in
            let a = try await nodes.start("A")
            let b = try await nodes.start("B")
            let count = 24
            let answers = try await withThrowingTaskGroup(of: (String, NodeClient.Answer).self) { group in
                for index in 0..<count {
                    let node = index.isMultiple(of: 2) ? a : b
                    let uri = "\(deployment.baseURL)/two-nodes/\(index)"
                    group.addTask { ("\(uri) on node \(node.name)", try await client.register(on: node.baseURL, uri: uri)) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let refused = answers.filter { $0.1.status != 201 }.map { "\($0.0): \($0.1)" }
            #expect(refused.isEmpty, "registrations not answered 201:\n\(refused.joined(separator: "\n"))\n\(nodes.logs)")
            let registered = try answers.filter { $0.1.status == 201 }.map { try $0.1.decode(AdminAnswers.Deployment.self).id }.sorted()
            #expect(Set(registered).count == registered.count, "an id was answered twice: \(registered)")

            for service in ["Greeter", "Counter"] {
                let onA = try await client.get(a.baseURL + "/services/\(service)")
                let onB = try await client.get(b.baseURL + "/services/\(service)")
                #expect(onA.status == 200 && onB.status == 200, "\(service): A \(onA), B \(onB)")
                #expect(onA.body == onB.body, "GET /services/\(service) differs:\nA \(onA)\nB \(onB)")
                #expect(try onA.decode(AdminAnswers.Service.self).revision == count, "\(onA)")
            }

            let listedOnA = try await Self.deploymentIDs(of: a, client: client)
            let listedOnB = try await Self.deploymentIDs(of: b, client: client)
            #expect(listedOnA == registered)
            #expect(listedOnB == registered)

            for node in [a, b] {
                let answer = try await client.get(node.baseURL + "/services/Greeter/revisions")
                try #require(answer.status == 200, "GET /services/Greeter/revisions on node \(node.name): \(answer)")
                let revisions = try answer.decode(AdminAnswers.Revisions.self).revisions
                #expect(revisions.map(\.revision) == Array(1...count), "node \(node.name): \(revisions.map(\.revision))")
                #expect(revisions.map(\.deployment_id).sorted() == registered)
            }

            let version = try await Self.expectGapFreeVersions(in: nodes.database)
            #expect(version == Int64(count))
        }
    }
}
