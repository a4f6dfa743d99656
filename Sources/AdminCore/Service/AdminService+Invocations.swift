/// Invocations (BEHAVIOR.md §5.5): the records a host runtime keeps up to date, and the commands
/// the Admin API forwards to it through the ``InvocationController``.
extension AdminService {
    /// Stores (or replaces) an invocation record: how the host runtime reports an invocation when
    /// it is created and whenever its status changes.
    public func recordInvocation(_ record: InvocationRecord) async throws {
        try await storage.write { try $0.putInvocation(record) }
    }

    /// Pins a known invocation to the deployment and service-protocol version it runs on (the
    /// host calls it when the invocation first runs).
    /// - Throws: `.notFound` "The requested invocation '…' does not exist".
    public func pinInvocation(_ id: InvocationID, to deployment: DeploymentID, protocolVersion: Int32) async throws {
        try await updateRecord(id) { record in
            record.pinnedDeployment = deployment
            record.pinnedProtocolVersion = protocolVersion
        }
    }

    /// Marks a known invocation completed (its record stays until it is purged).
    /// - Throws: `.notFound` "The requested invocation '…' does not exist".
    public func completeInvocation(_ id: InvocationID) async throws {
        try await updateRecord(id) { $0.status = .completed }
    }

    /// One invocation record, if known.
    public func invocation(_ id: InvocationID) async throws -> InvocationRecord? {
        try await storage.read { try $0.invocation(id) }
    }

    /// Applies an operation to a known invocation: checks Restate's preconditions on its record,
    /// forwards the command to the ``InvocationController``, and only when the controller took it
    /// updates the stored record.
    /// - Throws: `.notFound` "The requested invocation '…' does not exist", the rule's error (no
    ///   command is forwarded then), or the controller's refusal (nothing changes then).
    public func operate(
        _ operation: InvocationRules.Operation, on id: InvocationID, deployment: InvocationRules.DeploymentChoice = .keep
    ) async throws -> InvocationRules.Outcome {
        let (record, target) = try await storage.read { reader in
            guard let record = try reader.invocation(id) else {
                throw AdminError(.notFound, "The requested invocation '\(id)' does not exist")
            }
            return (record, try Self.resolve(deployment, for: record, in: reader))
        }
        let (outcome, effect) = try InvocationRules.decide(operation, record: record, deployment: deployment, targetRange: target?.range)
        try await forward(Self.command(operation, target: deployment == .keep ? nil : target?.id), to: id, record: record)
        try await storage.write { writer in
            // The record as it is now: the host may have reported a new status meanwhile.
            guard let current = try writer.invocation(id), current == record else { return }
            switch effect {
            case .none: break
            case .put(let updated): try writer.putInvocation(updated)
            case .remove: try writer.removeInvocation(id)
            }
        }
        return outcome
    }

    /// Restarts a completed invocation as a new one, returning the new id: checks the
    /// preconditions, forwards the command, and records the new invocation once the controller
    /// took it.
    public func restartAsNew(_ id: InvocationID, from: UInt32, deployment: InvocationRules.DeploymentChoice) async throws -> InvocationID {
        let (record, target) = try await storage.read { reader in
            guard let record = try reader.invocation(id) else {
                throw AdminError(.notFound, "The requested invocation '\(id)' does not exist")
            }
            return (record, try Self.resolve(deployment, for: record, in: reader))
        }
        let pinned = try InvocationRules.restartAsNew(record: record, from: from, deployment: deployment, target: target)
        let newID = InvocationID(partitionKey: id.partitionKey, invocationUUID: ULID.generate().rawValue)
        try await forward(.restartAsNew(newID: newID, from: from, deployment: pinned), to: id, record: record)
        var restarted = record
        restarted.id = newID
        restarted.status = .inboxed
        restarted.journalLength = 1
        restarted.pinnedDeployment = pinned
        try await recordInvocation(restarted)
        return newID
    }

    /// The deprecated `DELETE /invocations/{id}?mode=`: forwards cancel, kill or purge without
    /// looking at the invocation first (fire and forget, as Restate does).
    /// - Throws: the controller's refusal.
    public func terminate(_ id: InvocationID, with command: InvocationCommand) async throws {
        let record = try await invocation(id)
        do {
            try await invocations.execute(command, invocation: id, record: record)
        } catch {
            throw AdminError(.internal, "Internal server error: Failed sending invocation termination command to the cluster.")
        }
    }

    private func forward(_ command: InvocationCommand, to id: InvocationID, record: InvocationRecord) async throws {
        do {
            try await invocations.execute(command, invocation: id, record: record)
        } catch let error as AdminError {
            throw error
        } catch {
            throw AdminError(.unavailable, "Error when routing the request internally. Reason: \(error)")
        }
    }

    private func updateRecord(_ id: InvocationID, _ change: @escaping @Sendable (inout InvocationRecord) -> Void) async throws {
        try await storage.write { writer in
            guard var record = try writer.invocation(id) else {
                throw AdminError(.notFound, "The requested invocation '\(id)' does not exist")
            }
            change(&record)
            try writer.putInvocation(record)
        }
    }

    private static func command(_ operation: InvocationRules.Operation, target: DeploymentID?) -> InvocationCommand {
        switch operation {
        case .cancel: return .cancel
        case .kill: return .kill
        case .pause: return .pause
        case .resume: return .resume(deployment: target)
        case .purge: return .purge
        case .purgeJournal: return .purgeJournal
        }
    }

    /// The deployment a resume or restart would use, with its protocol range, if it exists:
    /// the pinned one (`keep`), the latest of the target's service, or the one named.
    private static func resolve(
        _ choice: InvocationRules.DeploymentChoice, for record: InvocationRecord, in reader: any StorageReader
    ) throws -> InvocationRules.DeploymentTarget? {
        let deployment: Deployment?
        switch choice {
        case .keep: deployment = try record.pinnedDeployment.flatMap { try reader.deployment($0) }
        case .latest: deployment = try reader.latestServiceRevision(of: record.service)?.deployment
        case .id(let id): deployment = try reader.deployment(id)
        }
        return deployment.map { .init(id: $0.id, range: $0.minProtocolVersion...$0.maxProtocolVersion) }
    }
}
