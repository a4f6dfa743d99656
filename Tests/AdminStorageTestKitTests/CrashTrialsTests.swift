import AdminCore
import AdminStorageTestKit
import Testing

/// The crash-trial checks must fail when acknowledged data is missing or torn, or the crash tests
/// of both backends would prove nothing.
@Suite("Crash-trial verification")
struct CrashTrialsTests {
    /// A way to damage a registry of acknowledged registrations.
    enum Damage: String, CaseIterable, Sendable {
        case none
        case deploymentMissing
        case subscriptionMissing
        case stateMissing
        case invocationMissing
        case latestPointerStale
    }

    @Test("verify accepts an intact registry and names every kind of damage", arguments: Damage.allCases)
    func verifyCatchesDamage(_ damage: Damage) async throws {
        let storage = InMemoryStorage()
        var acknowledged: [(index: Int, id: DeploymentID)] = []
        for _ in 0..<3 { acknowledged.append(try await CrashTrials.register(storage)) }
        let victim = acknowledged[2]
        let previous = acknowledged[1]
        try await storage.write { tx in
            switch damage {
            case .none: break
            case .deploymentMissing: try tx.removeDeployment(victim.id)
            case .subscriptionMissing: try tx.removeSubscription(SubscriptionID(ulid: victim.id.ulid))
            case .stateMissing: try tx.setServiceState(service: "Counter", key: "key-\(victim.index)", state: [:])
            case .invocationMissing:
                try tx.removeInvocation(InvocationID(partitionKey: UInt64(victim.index), invocationUUID: victim.id.ulid.rawValue))
            case .latestPointerStale:
                try tx.setLatestRevision(LatestRevision(deploymentID: previous.id, revision: 2), of: StorageFixtures.services[0])
            }
        }
        if damage == .none {
            try await CrashTrials.verify(storage, acknowledged: acknowledged)
        } else {
            let failure = await #expect(throws: CrashTrialFailure.self) {
                try await CrashTrials.verify(storage, acknowledged: acknowledged)
            }
            #expect(failure?.description.hasPrefix("crash trial: ") == true)
        }
    }

    @Test("A probe line that is not an acknowledgement is refused")
    func malformedAcknowledgement() throws {
        let id = DeploymentID.generate()
        let parsed = try CrashTrials.acknowledged([CrashTrials.acknowledgement(index: 4, id: id)])
        #expect(parsed.count == 1 && parsed[0].index == 4 && parsed[0].id == id)
        #expect(throws: CrashTrialFailure.self) { try CrashTrials.acknowledged(["ack four \(id)"]) }
    }
}
