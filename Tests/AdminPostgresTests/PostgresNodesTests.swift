import AdminCore
import AdminPostgres
import AdminPostgresTestSupport
import Foundation
import Testing

/// Several embedded admin nodes on one database, each an `AdminService` over its own
/// `PostgresStorage`: a read on one node sees what another acknowledged, concurrent registrations
/// from both get gap-free versions and revisions, and both nodes' change streams carry the same
/// changes in the same order.
@Suite("PostgreSQL admin nodes", .enabled(if: TestDatabase.isConfigured, "ADMIN_TEST_POSTGRES_URL is not set"))
struct PostgresNodesTests {
    @Test("a registration on node A is read at once on node B", arguments: [false, true])
    func readYourWrites(following: Bool) async throws {
        try await TestDatabase.with("readyourwrites") { url in
            let discovery = try AdminNode.discovery(serving: ["http://a.example:9080/", "http://b.example:9080/"])
            let nodeA = try await AdminNode.open(url, discovery: discovery, following: following)
            let nodeB = try await AdminNode.open(url, discovery: discovery, following: following)
            // Both nodes hold the (empty) registry in memory before the other one writes.
            #expect(try await nodeA.service.snapshot().version == 0)
            #expect(try await nodeB.service.snapshot().version == 0)

            let first = try await nodeA.service.registerDeployment(AdminNode.registration("http://a.example:9080/"))
            #expect(try await nodeB.service.view().deployment(first.deployment.id) == first.deployment)
            #expect(try await nodeB.service.snapshot().version == 1)
            #expect(try await nodeB.service.service("Greeter").revision == 1)

            let second = try await nodeB.service.registerDeployment(AdminNode.registration("http://b.example:9080/"))
            #expect(try await nodeA.service.deployments().map(\.id) == [first.deployment.id, second.deployment.id].sorted())
            #expect(try await nodeA.service.service("Counter").revision == 2)
            try await nodeA.close()
            try await nodeB.close()
        }
    }

    @Test("concurrent registrations on two nodes: versions 1…20 without gaps, revisions 1…20, the same change stream on both")
    func concurrentRegistrations() async throws {
        let perNode = 10
        let total = UInt64(2 * perNode)
        try await TestDatabase.with("concurrentnodes") { url in
            let uris = (0..<perNode).flatMap { ["http://node-a-\($0).example:9080/", "http://node-b-\($0).example:9080/"] }
            let discovery = try AdminNode.discovery(serving: uris)
            let nodes = [try await AdminNode.open(url, discovery: discovery), try await AdminNode.open(url, discovery: discovery)]
            // A subscriber on each node, started before the registrations. The hour-long poll
            // leaves the delivery of the other node's commits to the announcements.
            let streams = nodes.map { node in
                Task {
                    try await BoundedWait.within(.seconds(30), "the change stream to reach version \(total)") {
                        var events: [RegistryEvent] = []
                        for try await event in node.service.changes(after: 0, pollInterval: .seconds(3600)) {
                            events.append(event)
                            if event.version >= total { break }
                        }
                        return events
                    }
                }
            }

            let outcomes = try await withThrowingTaskGroup(of: RegistrationOutcome.self) { group in
                for (index, uri) in uris.enumerated() {
                    let node = nodes[index % 2]
                    group.addTask { try await node.service.registerDeployment(AdminNode.registration(uri)) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.count == uris.count)
            #expect(outcomes.allSatisfy { $0.result == .created })

            // The streams first: until they are read nothing probes the stored version (a
            // registration does not), so they carry only what the announcements and each node's
            // own commits bring.
            var changesByNode: [[RegistryChange]] = []
            for (index, stream) in streams.enumerated() {
                let events = try await stream.value
                let changes = events.compactMap { event -> RegistryChange? in
                    if case .change(let change) = event { return change }
                    return nil
                }
                #expect(changes.count == events.count, "node \(index) got a snapshot or resync: \(events.map(Self.label))")
                #expect(changes.map(\.version) == Array(1...total), "node \(index)")
                // The registration that made version v gave its services revision v.
                for change in changes {
                    #expect(change.deployments.count == 1)
                    #expect(change.deployments.first?.services["Greeter"]?.revision == UInt32(change.version))
                }
                changesByNode.append(changes)
            }
            let identical = changesByNode[0] == changesByNode[1]
            #expect(identical, "the nodes' streams differ: \(changesByNode.map { $0.map(Self.summary) })")
            #expect(try await nodes[0].storage.schemaVersion() == total)
            for node in nodes {
                #expect(try await node.service.service("Greeter").revision == UInt32(total))
                #expect(try await node.service.service("Counter").revision == UInt32(total))
                // Each registration bumped both services' revision: 1…20, one per deployment.
                let deployments = try await node.service.deployments()
                #expect(deployments.compactMap { $0.services["Greeter"]?.revision }.sorted() == Array(1...UInt32(total)))
                #expect(deployments.allSatisfy { $0.services["Greeter"]?.revision == $0.services["Counter"]?.revision })
            }

            for node in nodes { try await node.close() }
        }
    }

    /// A short description of `change` for messages: its version and the addresses of the
    /// deployments it stores.
    static func summary(_ change: RegistryChange) -> String {
        "\(change.version): \(change.deployments.map { "\($0.address)" }.joined(separator: ", "))"
    }

    /// A short name of `event` for messages: `c3` (change), `s3` (snapshot) or `r3` (resync).
    static func label(_ event: RegistryEvent) -> String {
        switch event {
        case .change(let change): "c\(change.version)"
        case .snapshot(let snapshot): "s\(snapshot.version)"
        case .resync(let snapshot): "r\(snapshot.version)"
        }
    }
}

/// One embedded admin node: an `AdminService` over its own `PostgresStorage`, following the
/// commits the other nodes announce (`followStorageCommits()`) in a background task.
struct AdminNode {
    let storage: PostgresStorage
    let service: AdminService
    let follower: Task<Void, Never>?

    /// Opens a node on `url`'s database and loads its registry, as `restate-admin serve` does
    /// before it follows the other nodes: from then on every catch-up reads the change log. (A
    /// first load that races another one can install a newer whole snapshot, which reaches the
    /// change stream's subscribers as a resync instead of changes.)
    static func open(_ url: PostgresURL, discovery: StubDiscoveryClient, following: Bool = true) async throws -> AdminNode {
        // A few connections are enough (writes take turns on the version's row), and the tests
        // share the server's connection limit.
        let storage = try await PostgresStorage(url: url, options: .init(maximumConnections: 4))
        let service = AdminService(storage: storage, discovery: discovery)
        try await service.snapshot()
        return AdminNode(storage: storage, service: service, follower: following ? Task { await service.followStorageCommits() } : nil)
    }

    /// Stops following and closes the storage.
    func close() async throws {
        follower?.cancel()
        try await storage.close()
        await follower?.value
    }

    /// A discovery client that answers at each of `uris` with the same endpoint: a `Greeter`
    /// service and a `Counter` virtual object.
    static func discovery(serving uris: [String]) throws -> StubDiscoveryClient {
        let manifest = """
            {"minProtocolVersion":5,"maxProtocolVersion":6,"protocolMode":"BIDI_STREAM","services":[
              {"name":"Greeter","ty":"SERVICE","handlers":[{"name":"greet"}]},
              {"name":"Counter","ty":"VIRTUAL_OBJECT","handlers":[{"name":"add","ty":"EXCLUSIVE"}]}]}
            """
        let discovery = StubDiscoveryClient()
        for uri in uris {
            discovery.respond(to: .http(try DeploymentURI(parsing: uri), useHTTP11: false), with: .init(body: Data(manifest.utf8)))
        }
        return discovery
    }

    /// The registration of the deployment at `uri`.
    static func registration(_ uri: String) throws -> RegistrationRequest {
        RegistrationRequest(address: .http(try DeploymentURI(parsing: uri), useHTTP11: false))
    }
}
