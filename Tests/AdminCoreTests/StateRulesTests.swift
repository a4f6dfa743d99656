import AdminCore
import Testing

struct StateRulesTests {
    @Test func versionsMatchRestate() {
        #expect(StateRules.version(of: [:]) == "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU")
        #expect(StateRules.version(of: ["name": Array("bob".utf8)]) == "tDqA04Lj3_qJ-PgNPTecXDGZgpwy6jm2Ni2BYqJIthM")
    }

    @Test func checks() throws {
        #expect(throws: AdminError.self) { try StateRules.checkTarget(service: "S", type: .service, newState: [:]) }
        #expect(throws: AdminError.self) { try StateRules.checkTarget(service: "Gone", type: nil, newState: ["a": [1]]) }
        try StateRules.checkTarget(service: "Gone", type: nil, newState: [:])
        try StateRules.checkTarget(service: "O", type: .virtualObject, newState: ["a": [1]])
        try StateRules.checkTarget(service: "W", type: .workflow, newState: ["a": [1]])
        try StateRules.checkVersion(nil, current: ["a": [1]])
        try StateRules.checkVersion(StateRules.version(of: [:]), current: [:])
        do {
            try StateRules.checkVersion("stale", current: ["a": [1]])
            Issue.record("expected a precondition failure")
        } catch {
            #expect(error.kind == .staleVersion && error.code == nil && error.message.hasPrefix("Conflict: "))
        }
    }
}

struct SubscriptionRulesTests {
    static let configuration = AdminConfiguration(kafkaClusters: [KafkaCluster(name: "c", brokers: [], properties: ["client.id": "mine"])])

    @Test func completesOptionsAndCanonicalizes() throws {
        let id = SubscriptionID.generate()
        let subscription = try SubscriptionRules.validate(
            id: id, source: "kafka://c/orders?x=1", sink: "service://Counter/count", options: [:], configuration: Self.configuration
        ) { _, _ in true }
        #expect(subscription.source == "kafka://c/orders" && subscription.sink == "service://Counter/count")
        #expect(subscription.options == ["group.id": id.description])
    }

    @Test(
        arguments: [
            ("http://c/orders", "service://A/b", "META0009"),
            ("kafka:orders", "service://A/b", "META0009"),
            ("kafka://other/orders", "service://A/b", nil),
            ("kafka://c/orders", "svc://A/b", "META0009"),
            ("kafka://c/orders", "service://A/missing", "META0009"),
        ] as [(String, String, String?)])
    func rejects(_ source: String, _ sink: String, _ code: String?) {
        do {
            _ = try SubscriptionRules.validate(
                id: .generate(), source: source, sink: sink, options: [:], configuration: Self.configuration
            ) { _, handler in handler == "b" }
            Issue.record("expected a rejection")
        } catch let error as AdminError {
            #expect(error.kind == .invalidArgument && error.code?.rawValue == code)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}

struct InvocationRulesTests {
    static func record(_ status: InvocationStatus) -> InvocationRecord {
        InvocationRecord(
            id: InvocationID(partitionKey: 1, invocationUUID: 2), target: "S/h", status: status, pinnedProtocolVersion: 6, journalLength: 2)
    }

    static let target = InvocationRules.DeploymentTarget(id: DeploymentID(ulid: ULID(rawValue: 7)), range: 5...6)

    @Test func restartPinsTheChosenDeploymentAndChecksItsProtocolRange() throws {
        #expect(
            try InvocationRules.restartAsNew(record: Self.record(.completed), from: 0, deployment: .latest, target: Self.target) == Self.target.id)
        let old = InvocationRules.DeploymentTarget(id: Self.target.id, range: 1...5)
        #expect {
            try InvocationRules.restartAsNew(record: Self.record(.completed), from: 0, deployment: .latest, target: old)
        } throws: { ($0 as? AdminError)?.kind == .invalidArgument && ($0 as? AdminError)?.message.contains("supports the range 1..=5") == true }
        #expect {
            try InvocationRules.restartAsNew(record: Self.record(.completed), from: 0, deployment: .latest, target: nil)
        } throws: { ($0 as? AdminError)?.message.contains("was not found") == true }
    }

    /// BEHAVIOR.md §5.5: what each operation does in each state: `done` (200), `accepted` (202),
    /// or the kind of the refusal.
    struct OperationCase: Sendable, CustomStringConvertible {
        let operation: InvocationRules.Operation
        let status: InvocationStatus
        let expected: String
        var description: String { "\(operation) on \(status) → \(expected)" }
    }

    static let operationTable: [OperationCase] = {
        let table: [(InvocationRules.Operation, [InvocationStatus: String])] = [
            (
                .cancel,
                [
                    .scheduled: "done", .inboxed: "done", .invoked: "accepted", .suspended: "accepted", .paused: "accepted",
                    .completed: "alreadyCompleted",
                ]
            ),
            (
                .kill,
                [
                    .scheduled: "done", .inboxed: "done", .invoked: "done", .suspended: "done", .paused: "done",
                    .completed: "alreadyCompleted",
                ]
            ),
            (
                .purge,
                [
                    .scheduled: "notCompleted", .inboxed: "notCompleted", .invoked: "notCompleted", .suspended: "notCompleted",
                    .paused: "notCompleted", .completed: "done",
                ]
            ),
            (
                .purgeJournal,
                [
                    .scheduled: "notCompleted", .inboxed: "notCompleted", .invoked: "notCompleted",
                    .suspended: "notCompleted", .paused: "notCompleted", .completed: "done",
                ]
            ),
            (
                .pause,
                [
                    .scheduled: "notRunning", .inboxed: "notRunning", .invoked: "accepted", .suspended: "done", .paused: "done",
                    .completed: "notRunning",
                ]
            ),
            (
                .resume,
                [
                    .scheduled: "notReady", .inboxed: "notReady", .invoked: "done", .suspended: "done", .paused: "done",
                    .completed: "alreadyCompleted",
                ]
            ),
        ]
        return table.flatMap { operation, outcomes in
            InvocationStatus.allCases.map { OperationCase(operation: operation, status: $0, expected: outcomes[$0] ?? "missing") }
        }
    }()

    @Test("Every operation in every state", arguments: operationTable)
    func operation(_ scenario: OperationCase) {
        let result = Result { () throws(AdminError) in try InvocationRules.decide(scenario.operation, record: Self.record(scenario.status)) }
        switch result {
        case .success(let (outcome, _)): #expect((outcome == .done ? "done" : "accepted") == scenario.expected)
        case .failure(let error): #expect(error.kind.description == scenario.expected, "\(error.message)")
        }
    }

    @Test func resumeAndRestart() throws {
        #expect(throws: AdminError.self) { try InvocationRules.decide(.resume, record: Self.record(.inboxed)) }
        #expect(try InvocationRules.decide(.resume, record: Self.record(.paused)).0 == .done)
        #expect(try InvocationRules.decide(.pause, record: Self.record(.invoked)).0 == .accepted)
        try InvocationRules.restartAsNew(record: Self.record(.completed), from: 1, deployment: .latest, target: Self.target)
        var purged = Self.record(.completed)
        purged.journalLength = 0
        do {
            try InvocationRules.restartAsNew(record: purged, from: 0, deployment: .latest, target: Self.target)
            Issue.record("expected dataGone")
        } catch {
            #expect(error.kind == .dataGone)
        }
    }
}
