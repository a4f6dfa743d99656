import AdminCore

/// The registration loop of a crash-safety trial and the checks after it.
///
/// A child process calls ``register(_:)`` in a loop and prints ``acknowledgement(index:id:)`` after
/// each write returned; the parent kills it at a random moment, reopens the storage, and calls
/// ``verify(_:acknowledged:)``.
public enum CrashTrials {
    /// One registration: deployment `version` (fixture), the latest pointers of its 3 services, a
    /// subscription, an object's state and an invocation record derived from it, version + 1 and
    /// its change-log entry, in one write. Returns the deployment's index and id.
    @discardableResult
    public static func register(_ storage: any Storage) async throws -> (index: Int, id: DeploymentID) {
        let id = DeploymentID.generate()
        let index = try await storage.write { tx in
            let version = try tx.schemaVersion()
            var changes = RegistryChanges()
            changes.upserts[id] = StorageFixtures.registryDeployment(index: Int(version), id: id, revision: UInt32(version + 1))
            for service in StorageFixtures.services {
                changes.latest[service] = .some(LatestRevision(deploymentID: id, revision: UInt32(version + 1)))
            }
            let records = companions(index: Int(version), id: id)
            changes.subscriptions[records.subscription.id] = records.subscription
            try tx.setServiceState(service: "Counter", key: records.stateKey, state: records.state)
            try tx.putInvocation(records.invocation)
            try changes.apply(to: tx)
            return Int(version)
        }
        return (index, id)
    }

    /// The other records written with registration `index`, derived from its id so that a check
    /// after a crash knows exactly what must be there.
    static func companions(
        index: Int, id: DeploymentID
    ) -> (
        subscription: Subscription, stateKey: String, state: [String: [UInt8]], invocation: InvocationRecord
    ) {
        let subscription = Subscription(
            id: SubscriptionID(ulid: id.ulid), source: "kafka://cluster/topic-\(index)", sink: "service://Counter/add",
            options: ["group.id": "\(id)", "client.id": "restate"]
        )
        let state: [String: [UInt8]] = ["count": Array("\(index)".utf8), "owner": Array("\(id)".utf8)]
        let invocation = InvocationRecord(
            id: InvocationID(partitionKey: UInt64(index), invocationUUID: id.ulid.rawValue), target: "Counter/key-\(index)/add",
            serviceType: .virtualObject, status: index.isMultiple(of: 2) ? .completed : .invoked, pinnedDeployment: id,
            pinnedProtocolVersion: 6, journalLength: UInt32(index), createdAtMilliseconds: Int64(index)
        )
        return (subscription, "key-\(index)", state, invocation)
    }

    /// Runs `trials` crash trials on one data location. Each starts `probe` with `arguments` (a
    /// child that calls ``register(_:)`` in a loop and prints each acknowledgement), kills it with
    /// SIGKILL 50 to 300 ms (at random) after its first acknowledgement, then opens the storage
    /// with `open`, runs `checkIntegrity` on it, verifies every registration acknowledged so far
    /// with ``verify(_:acknowledged:)``, and closes it.
    /// - Throws: ``CrashTrialFailure`` when the child ended on its own or acknowledged nothing, or
    ///   when acknowledged data is missing or torn; the backend's error when it cannot reopen.
    public static func run<S: Storage>(
        trials: Int, probe: ChildProcess, arguments: [String], open: () throws -> S, checkIntegrity: (S) async throws -> Void
    ) async throws {
        var acknowledged: [(index: Int, id: DeploymentID)] = []
        for trial in 1...trials {
            let outcome = try await probe.run(arguments, killAfter: .milliseconds(Int.random(in: 50...300)))
            guard outcome.killed else { throw CrashTrialFailure("trial \(trial): the probe ended on its own: \(outcome.standardError)") }
            let acks = try Self.acknowledged(outcome.lines)
            guard !acks.isEmpty else { throw CrashTrialFailure("trial \(trial): the probe acknowledged nothing: \(outcome.standardError)") }
            acknowledged += acks
            let storage = try open()
            do {
                try await checkIntegrity(storage)
                try await verify(storage, acknowledged: acknowledged)
            } catch {
                try? await storage.close()
                throw error
            }
            try await storage.close()
        }
    }

    /// Kills a registering child twice (like ``run(trials:probe:arguments:open:checkIntegrity:)``),
    /// takes the registry version after the first crash, and checks that after the second one an
    /// `AdminService` on the reopened storage resumes the change stream exactly after that
    /// version: every version up to the stored one, as a change, with no gap.
    /// - Throws: ``CrashTrialFailure`` when the stream skips, repeats or starts over; the backend's
    ///   error when it cannot reopen.
    public static func resumeAfterCrash<S: Storage>(probe: ChildProcess, arguments: [String], open: () throws -> S) async throws {
        var taken: UInt64?
        for round in 1...2 {
            let outcome = try await probe.run(arguments, killAfter: .milliseconds(Int.random(in: 50...150)))
            guard outcome.killed else { throw CrashTrialFailure("round \(round): the probe ended on its own: \(outcome.standardError)") }
            let storage = try open()
            do {
                let admin = AdminService(storage: storage, discovery: StubDiscoveryClient())
                if let version = taken {
                    let stored = try await storage.registryVersion()
                    guard stored > version else { throw CrashTrialFailure("the second run committed nothing after version \(version)") }
                    var iterator = admin.changes(after: version).makeAsyncIterator()
                    for expected in (version + 1)...stored {
                        let event = try await iterator.next()
                        guard case .change(let change)? = event, change.version == expected else {
                            throw CrashTrialFailure(
                                "resuming after version \(version): expected the change of version \(expected), got \(String(describing: event))")
                        }
                    }
                } else {
                    taken = try await admin.snapshot().version
                }
            } catch {
                try? await storage.close()
                throw error
            }
            try await storage.close()
        }
    }

    /// Calls ``register(_:)`` until the storage refuses a write (a full disk or map) or `limit`
    /// writes succeeded; returns how many succeeded and the refusal.
    public static func registerUntilRefused(_ storage: any Storage, limit: Int) async throws -> (stored: Int, refusal: AdminError?) {
        var stored = 0
        while stored < limit {
            do {
                try await register(storage)
                stored += 1
            } catch let error as AdminError {
                return (stored, error)
            }
        }
        return (stored, nil)
    }

    /// The line a child prints after ``register(_:)`` returned.
    public static func acknowledgement(index: Int, id: DeploymentID) -> String { "ack \(index) \(id)" }

    /// Parses the acknowledgement lines of a child's output.
    /// - Throws: ``CrashTrialFailure`` for a line that is not an acknowledgement.
    public static func acknowledged(_ lines: [String]) throws -> [(index: Int, id: DeploymentID)] {
        try lines.map { line in
            let parts = line.split(separator: " ")
            guard parts.count == 3, parts[0] == "ack", let index = Int(parts[1]) else {
                throw CrashTrialFailure("unexpected probe output line '\(line)'")
            }
            return (index, try DeploymentID(parsing: String(parts[2])))
        }
    }

    /// Checks that every acknowledged registration is present and whole, that the registry is
    /// consistent (one deployment per version, the latest pointers on the newest), that the change
    /// log and the data agree (the log holds every version, and replaying it gives exactly the
    /// stored registry), and that the next registration works.
    /// - Throws: ``CrashTrialFailure`` naming what is missing or torn, or the backend's error.
    public static func verify(_ storage: any Storage, acknowledged: [(index: Int, id: DeploymentID)]) async throws {
        let acknowledged = acknowledged.map { ($0.index, $0.id) }
        try await storage.read { reader in
            for (index, id) in acknowledged {
                let expected = StorageFixtures.registryDeployment(index: index, id: id, revision: UInt32(index + 1))
                guard let found = try reader.deployment(id) else { throw CrashTrialFailure("acknowledged deployment #\(index) \(id) is missing") }
                guard found == expected else { throw CrashTrialFailure("acknowledged deployment #\(index) \(id) is not whole: \(found)") }
                let records = companions(index: index, id: id)
                guard try reader.subscription(records.subscription.id) == records.subscription else {
                    throw CrashTrialFailure("the subscription of acknowledged registration #\(index) is missing or not whole")
                }
                guard try reader.serviceState(service: "Counter", key: records.stateKey) == records.state else {
                    throw CrashTrialFailure("the state of acknowledged registration #\(index) is missing or not whole")
                }
                guard try reader.invocation(records.invocation.id) == records.invocation else {
                    throw CrashTrialFailure("the invocation of acknowledged registration #\(index) is missing or not whole")
                }
            }
            let version = try reader.schemaVersion()
            let all = try reader.allDeployments()
            guard all.count == Int(version), try reader.allSubscriptions().count == Int(version) else {
                throw CrashTrialFailure("\(all.count) deployments at version \(version): a write was applied in part")
            }
            guard version >= UInt64(acknowledged.count) else {
                throw CrashTrialFailure("version \(version) is below the \(acknowledged.count) acknowledged writes")
            }
            if let logged = try reader.changes(after: 0, limit: Int(version)),
                logged.map(\.version) == Array(stride(from: 1, through: version, by: 1))
            {
                let replayed = logged.reduce(RegistrySnapshot()) { $0.applying($1) }
                guard replayed.hasSameRecords(as: try RegistrySnapshot(loading: reader)) else {
                    throw CrashTrialFailure("replaying the change log does not give the stored registry at version \(version)")
                }
            } else if version <= UInt64(RegistryChange.defaultLogRetention) {
                throw CrashTrialFailure("the change log does not hold versions 1…\(version)")
            }
            if version > 0 {
                let newest = try StorageFixtures.services.map { try reader.latestRevision(of: $0) }
                guard newest.allSatisfy({ $0?.revision == UInt32(version) && $0?.deploymentID == newest[0]?.deploymentID }),
                    let id = newest[0]?.deploymentID, try reader.deployment(id) != nil
                else { throw CrashTrialFailure("the latest pointers \(newest) do not name the newest deployment at version \(version)") }
            }
        }
        let before = try await storage.schemaVersion()
        try await register(storage)
        guard try await storage.schemaVersion() == before + 1 else { throw CrashTrialFailure("the registration after reopening did not apply") }
    }
}
