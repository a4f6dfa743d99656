import AdminCore
import Testing

struct StateRulesTests {
    @Test func versionsMatchRestate() {
        #expect(StateRules.version(of: [:]) == "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU")
        #expect(StateRules.version(of: ["name": Array("bob".utf8)]) == "tDqA04Lj3_qJ-PgNPTecXDGZgpwy6jm2Ni2BYqJIthM")
    }

    @Test func checks() throws {
        #expect(throws: AdminError.self) {
            try StateRules.check(service: "S", type: .service, newState: [:], expectedVersion: nil, current: [:])
        }
        #expect(throws: AdminError.self) {
            try StateRules.check(service: "Gone", type: nil, newState: ["a": [1]], expectedVersion: nil, current: [:])
        }
        try StateRules.check(service: "Gone", type: nil, newState: [:], expectedVersion: nil, current: [:])
        try StateRules.check(service: "O", type: .virtualObject, newState: ["a": [1]], expectedVersion: StateRules.version(of: [:]), current: [:])
        do {
            try StateRules.check(service: "O", type: .virtualObject, newState: [:], expectedVersion: "stale", current: ["a": [1]])
            Issue.record("expected a precondition failure")
        } catch {
            #expect(error.kind == .precondition && error.code == nil && error.message.hasPrefix("Conflict: "))
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

    @Test(arguments: [
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
        InvocationRecord(id: InvocationID(partitionKey: 1, invocationUUID: 2), target: "S/h", status: status, pinnedProtocolVersion: 6, journalLength: 2)
    }

    static let target = InvocationRules.DeploymentTarget(id: DeploymentID(ulid: ULID(rawValue: 7)), range: 5...6)

    @Test func restartPinsTheChosenDeploymentAndChecksItsProtocolRange() throws {
        #expect(try InvocationRules.restartAsNew(record: Self.record(.completed), from: 0, deployment: .latest, target: Self.target) == Self.target.id)
        let old = InvocationRules.DeploymentTarget(id: Self.target.id, range: 1...5)
        #expect {
            try InvocationRules.restartAsNew(record: Self.record(.completed), from: 0, deployment: .latest, target: old)
        } throws: { ($0 as? AdminError)?.kind == .invalidArgument && ($0 as? AdminError)?.message.contains("supports the range 1..=5") == true }
        #expect {
            try InvocationRules.restartAsNew(record: Self.record(.completed), from: 0, deployment: .latest, target: nil)
        } throws: { ($0 as? AdminError)?.message.contains("was not found") == true }
    }

    @Test(arguments: InvocationStatus.allCases)
    func killAndPurgeFollowCompletion(_ status: InvocationStatus) {
        let kill = Result { () throws(AdminError) in try InvocationRules.decide(.kill, record: Self.record(status)) }
        let purge = Result { () throws(AdminError) in try InvocationRules.decide(.purge, record: Self.record(status)) }
        if status == .completed {
            #expect((try? kill.get()) == nil && (try? purge.get())?.0 == .done)
        } else {
            #expect((try? kill.get())?.0 == .done && (try? purge.get()) == nil)
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
            Issue.record("expected gone")
        } catch {
            #expect(error.kind == .gone)
        }
    }
}
