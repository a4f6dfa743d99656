import AdminCore
import AdminTestSupport
import Foundation
import Testing

/// The deployment lifecycle (BEHAVIOR.md §5.8): status, safe removal, promotion and service
/// history, as scenario tables over an in-process registry.
@Suite("Deployment lifecycle", .capturingLogs)
struct DeploymentLifecycleTests {
    static func greeter(_ handlers: [String]) -> [[String: Any]] { [RegistryHarness.service("Greeter", handlers: handlers)] }

    /// Everything stored that a refused or dry-run operation must leave as it was.
    struct Stored: Equatable {
        let version: UInt64
        let deployments: [Deployment]
        let latest: [String: LatestRevision]

        static func read(_ storage: any Storage) async throws -> Stored {
            try await storage.read { reader in
                Stored(version: try reader.schemaVersion(), deployments: try reader.allDeployments(), latest: try reader.allLatestRevisions())
            }
        }
    }

    /// Two generations of Greeter: `old` {greet} is superseded by `new` {greet, wave}.
    static func twoGenerations(_ harness: RegistryHarness) async throws -> (old: DeploymentID, new: DeploymentID) {
        let old = try await harness.register("http://old:9080/", greeter(["greet"])).deployment.id
        let new = try await harness.register("http://new:9080/", greeter(["greet", "wave"])).deployment.id
        return (old, new)
    }

    // MARK: Status

    struct StatusCase: Sendable, CustomStringConvertible {
        let latest: Bool
        let invocation: InvocationStatus?
        let pinnedHere: Bool
        let expected: DeploymentStatus.State
        let pinnedCount: Int
        var description: String {
            "\(latest ? "latest" : "superseded"), \(invocation.map { "\($0) invocation \(pinnedHere ? "pinned here" : "unpinned")" } ?? "no invocation") → \(expected)"
        }
    }

    /// Every invocation status, pinned to the deployment or not, on an active and a superseded
    /// deployment: a completed invocation never holds one, an unpinned one never does, any other
    /// pinned one does.
    static let statusTable: [StatusCase] = [true, false].flatMap { latest in
        [StatusCase(latest: latest, invocation: nil, pinnedHere: false, expected: latest ? .active : .drained, pinnedCount: 0)]
            + InvocationStatus.allCases.flatMap { status in
                [true, false].map { pinned in
                    let holds = pinned && status != .completed
                    return StatusCase(
                        latest: latest, invocation: status, pinnedHere: pinned, expected: latest ? .active : holds ? .draining : .drained,
                        pinnedCount: holds ? 1 : 0)
                }
            }
    }

    @Test("Status of a deployment", arguments: statusTable)
    func status(_ scenario: StatusCase) async throws {
        let harness = RegistryHarness()
        let (old, new) = try await Self.twoGenerations(harness)
        let subject = scenario.latest ? new : old
        if let status = scenario.invocation {
            try await harness.admin.recordInvocation(
                InvocationRecord(
                    id: InvocationID(partitionKey: 1, invocationUUID: 2), target: "Greeter/greet", serviceType: .service, status: status,
                    pinnedDeployment: scenario.pinnedHere ? subject : nil, pinnedProtocolVersion: 5))
        }
        let (_, status) = try await harness.admin.deploymentStatus(subject)
        #expect(status.state == scenario.expected)
        #expect(status.pinnedInvocations == scenario.pinnedCount)
        #expect(status.latestFor == (scenario.latest ? ["Greeter"] : []))
        let listed = try await harness.admin.deploymentsWithStatus()
        #expect(listed.map(\.deployment.id) == [old, new].sorted())
        #expect(listed.first { $0.deployment.id == subject }?.status == status, "the list agrees with the single read")
    }

    @Test("latest_for lists every service the deployment is latest for, sorted; an unknown id is not found")
    func latestForAndUnknown() async throws {
        let harness = RegistryHarness()
        let both = try await harness.register(
            "http://both:9080/", [RegistryHarness.service("Zeta", handlers: ["z"]), RegistryHarness.service("Alpha", handlers: ["a"])])
        #expect(try await harness.admin.deploymentStatus(both.deployment.id).status.latestFor == ["Alpha", "Zeta"])
        let unknown = await #expect(throws: AdminError.self) { try await harness.admin.deploymentStatus(DeploymentID.generate()) }
        #expect(unknown?.kind == .notFound)
    }

    // MARK: Safe removal

    struct RemovalCase: Sendable, CustomStringConvertible {
        let name: String
        let superseded: Bool
        let pinned: Int
        let removed: Bool
        let messageContains: String
        var description: String { name }
    }

    static let removalTable: [RemovalCase] = [
        RemovalCase(name: "drained is removed", superseded: true, pinned: 0, removed: true, messageContains: ""),
        RemovalCase(name: "active is refused, naming its services", superseded: false, pinned: 0, removed: false, messageContains: "[Greeter]"),
        RemovalCase(
            name: "active with pinned invocations is refused as active", superseded: false, pinned: 2, removed: false, messageContains: "is active"),
        RemovalCase(name: "draining is refused, with the count", superseded: true, pinned: 3, removed: false, messageContains: "3 invocations"),
        RemovalCase(name: "draining with one invocation", superseded: true, pinned: 1, removed: false, messageContains: "1 invocation that has"),
    ]

    @Test("Removal without force", arguments: removalTable)
    func removal(_ scenario: RemovalCase) async throws {
        let harness = RegistryHarness()
        let (old, new) = try await Self.twoGenerations(harness)
        let subject = scenario.superseded ? old : new
        for index in 0..<scenario.pinned {
            try await harness.admin.recordInvocation(
                InvocationRecord(
                    id: InvocationID(partitionKey: UInt64(index), invocationUUID: 9), target: "Greeter/greet", status: .suspended,
                    pinnedDeployment: subject, pinnedProtocolVersion: 5))
        }
        let before = try await Stored.read(harness.storage)
        do {
            try await harness.admin.removeDeployment(subject, force: false)
            #expect(scenario.removed, "the removal should have been refused")
            let after = try await Stored.read(harness.storage)
            #expect(after.version == before.version + 1)
            #expect(after.deployments.map(\.id) == [new])
            #expect(after.latest["Greeter"]?.deploymentID == new)
        } catch let error as AdminError {
            #expect(!scenario.removed, "unexpected refusal: \(error)")
            #expect(error.kind == .conflict && error.code == nil)
            #expect(error.message.contains(scenario.messageContains), "\(error.message)")
            #expect(try await Stored.read(harness.storage) == before, "a refusal changes nothing")
        }
    }

    @Test("Removal of an unknown deployment is not found; force removes an active one")
    func unknownAndForce() async throws {
        let harness = RegistryHarness()
        let (_, new) = try await Self.twoGenerations(harness)
        let unknown = await #expect(throws: AdminError.self) { try await harness.admin.removeDeployment(DeploymentID.generate(), force: false) }
        #expect(unknown?.kind == .notFound)
        try await harness.admin.removeDeployment(new, force: true)
        #expect(try await harness.admin.service("Greeter").revision == 1, "Greeter falls back to the old deployment")
    }

    // MARK: Promotion

    @Test("Promoting a superseded deployment with breaking changes allowed rolls back, as a new revision")
    func promoteRollsBack() async throws {
        let harness = RegistryHarness()
        let (old, new) = try await Self.twoGenerations(harness)
        let promoted = try await harness.admin.promoteDeployment(old, allowBreaking: .yes)
        #expect(promoted.id == old && promoted.services["Greeter"]?.revision == 3)
        let latest = try await harness.admin.service("Greeter")
        #expect(latest.revision == 3 && latest.deploymentID == old && latest.handlers.map(\.name) == ["greet"])
        #expect(try await harness.admin.deploymentStatus(new).status.state == .drained)
        #expect(try await harness.admin.deploymentStatus(old).status.state == .active)
        #expect(try await harness.version() == 3, "one new registry version")
    }

    @Test("A breaking promotion is refused with every violation, also as a dry run, and changes nothing")
    func promoteBreakingRefused() async throws {
        let harness = RegistryHarness()
        let a = try await harness.register(
            "http://a:9080/",
            [
                RegistryHarness.service("Greeter", handlers: ["greet"]),
                RegistryHarness.service("Counter", "VIRTUAL_OBJECT", handlers: [["name": "add", "ty": "EXCLUSIVE"]]),
            ]
        ).deployment.id
        try await harness.register(
            "http://b:9080/",
            [
                RegistryHarness.service("Greeter", handlers: ["greet", "wave", "bye"]),
                RegistryHarness.service("Counter", "WORKFLOW", handlers: [["name": "add", "ty": "WORKFLOW"]]),
            ], breaking: true)
        let before = try await Stored.read(harness.storage)
        for mode in [ApplyMode.apply, .dryRun] {
            let error = await #expect(throws: AdminError.self) { try await harness.admin.promoteDeployment(a, allowBreaking: .no, mode: mode) }
            #expect(error?.code == .meta0006)
            #expect(
                error?.violations.map { "\($0.rule.rawValue) \($0.service) \($0.handler ?? "-")" }
                    == ["R23 Counter -", "R24 Greeter bye", "R24 Greeter wave"])
        }
        #expect(try await Stored.read(harness.storage) == before)
    }

    @Test("A dry run answers what would result and stores nothing")
    func promoteDryRun() async throws {
        let harness = RegistryHarness()
        let (old, _) = try await Self.twoGenerations(harness)
        let before = try await Stored.read(harness.storage)
        let would = try await harness.admin.promoteDeployment(old, allowBreaking: .yes, mode: .dryRun)
        #expect(would.services["Greeter"]?.revision == 3)
        #expect(try await Stored.read(harness.storage) == before)
    }

    @Test("Promoting only moves the services that point elsewhere; promoting the latest changes nothing")
    func promoteScope() async throws {
        let harness = RegistryHarness()
        let a = try await harness.register("http://a:9080/", Self.greeter(["greet"])).deployment.id
        let b = try await harness.register(
            "http://b:9080/", Self.greeter(["greet"]) + [RegistryHarness.service("Other", handlers: ["x"])]
        ).deployment.id
        let before = try await Stored.read(harness.storage)
        let unchanged = try await harness.admin.promoteDeployment(b, allowBreaking: .no)
        #expect(unchanged.services.mapValues(\.revision) == ["Greeter": 2, "Other": 1])
        #expect(try await Stored.read(harness.storage) == before, "promoting the latest changes nothing")

        _ = try await harness.admin.promoteDeployment(a, allowBreaking: .no)
        let greeter = try await harness.admin.service("Greeter")
        let other = try await harness.admin.service("Other")
        #expect(greeter.deploymentID == a && greeter.revision == 3)
        #expect(other.deploymentID == b && other.revision == 1, "a service the promoted deployment lacks stays where it is")
        let unknown = await #expect(throws: AdminError.self) {
            try await harness.admin.promoteDeployment(DeploymentID.generate(), allowBreaking: .yes)
        }
        #expect(unknown?.kind == .notFound)
    }

    @Test("A promoted revision keeps the settings the deployment held")
    func promoteKeepsSettings() async throws {
        let harness = RegistryHarness()
        let (old, _) = try await Self.twoGenerations(harness)
        let held = try #require(try await harness.admin.deployment(old).services["Greeter"])
        let promoted = try await harness.admin.promoteDeployment(old, allowBreaking: .yes)
        var expected = held
        expected.revision = 3
        expected.createdAtMilliseconds = promoted.services["Greeter"]?.createdAtMilliseconds
        #expect(promoted.services["Greeter"] == expected)
        #expect(expected.createdAtMilliseconds ?? 0 > held.createdAtMilliseconds ?? .max, "created at the promotion")
    }

    // MARK: History

    @Test("History after registrations, a promotion and a removal")
    func history() async throws {
        let harness = RegistryHarness()
        let a = try await harness.register(
            "http://a:9080/", [RegistryHarness.service("Counter", "VIRTUAL_OBJECT", handlers: [["name": "add", "ty": "EXCLUSIVE"]])]
        ).deployment
        let b = try await harness.register(
            "http://b:9080/",
            [RegistryHarness.service("Counter", "VIRTUAL_OBJECT", handlers: [["name": "add", "ty": "SHARED"], ["name": "get", "ty": "SHARED"]])]
        ).deployment
        var history = try await harness.admin.serviceHistory("Counter")
        #expect(history.map { "\($0.revision.revision) \($0.deploymentID)" } == ["1 \(a.id)", "2 \(b.id)"])
        #expect(history[0].changes.isEmpty)
        #expect(
            history[1].changes == [
                RevisionChange(kind: .handlerTypeChanged, handler: "add", before: "Exclusive", after: "Shared"),
                RevisionChange(kind: .handlerAdded, handler: "get"),
            ])
        #expect(history.map(\.createdAtMilliseconds) == [a.createdAtMilliseconds, b.createdAtMilliseconds])

        _ = try await harness.admin.promoteDeployment(a.id, allowBreaking: .yes)
        history = try await harness.admin.serviceHistory("Counter")
        #expect(history.map { "\($0.revision.revision) \($0.deploymentID)" } == ["2 \(b.id)", "3 \(a.id)"])
        #expect(
            history[1].changes == [
                RevisionChange(kind: .handlerTypeChanged, handler: "add", before: "Shared", after: "Exclusive"),
                RevisionChange(kind: .handlerRemoved, handler: "get"),
            ])
        #expect(history[1].createdAtMilliseconds > b.createdAtMilliseconds, "the promotion's time, not the deployment's")

        try await harness.admin.removeDeployment(b.id, force: false)
        history = try await harness.admin.serviceHistory("Counter")
        #expect(history.map { "\($0.revision.revision) \($0.deploymentID)" } == ["3 \(a.id)"])
        let unknown = await #expect(throws: AdminError.self) { try await harness.admin.serviceHistory("Nope") }
        #expect(unknown?.kind == .notFound)
    }

    @Test("A service type change is reported before the handler changes")
    func typeChangeFirst() {
        let before = ServiceRevision(name: "S", ty: .virtualObject, revision: 1, handlers: ["a": Handler(name: "a", ty: .exclusive)])
        let after = ServiceRevision(
            name: "S", ty: .workflow, revision: 2, handlers: ["a": Handler(name: "a", ty: .workflow), "b": Handler(name: "b")])
        #expect(
            RevisionChange.between(before, after) == [
                RevisionChange(kind: .serviceTypeChanged, before: "VirtualObject", after: "Workflow"),
                RevisionChange(kind: .handlerTypeChanged, handler: "a", before: "Exclusive", after: "Workflow"),
                RevisionChange(kind: .handlerAdded, handler: "b"),
            ])
        #expect(RevisionChange.between(nil, after).isEmpty)
    }

    @Test("A revision stored before creation times were recorded takes its deployment's")
    func legacyCreationTime() async throws {
        let harness = RegistryHarness()
        var deployment = try await harness.register("http://a:9080/", Self.greeter(["greet"])).deployment
        deployment.services["Greeter"]?.createdAtMilliseconds = nil
        let legacy = deployment
        try await harness.storage.write { try $0.putDeployment(legacy) }
        let history = try await harness.admin.serviceHistory("Greeter")
        #expect(history.map(\.createdAtMilliseconds) == [legacy.createdAtMilliseconds])
    }
}
