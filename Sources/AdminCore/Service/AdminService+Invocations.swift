/// Invocation operations over the invocation record store (BEHAVIOR.md §5.5).
extension AdminService {
    /// Stores (or replaces) an invocation record: how the embedding runtime reports invocations.
    public func recordInvocation(_ record: InvocationRecord) async throws {
        try await storage.write { try $0.putInvocation(record) }
    }

    /// One invocation record, if known.
    public func invocation(_ id: InvocationID) async throws -> InvocationRecord? {
        try await storage.read { try $0.invocation(id) }
    }

    /// Applies an operation to a known invocation.
    /// - Throws: `.notFound` "The requested invocation '…' does not exist", or the rule's error.
    public func operate(
        _ operation: InvocationRules.Operation, on id: InvocationID, deployment: InvocationRules.DeploymentChoice = .keep
    ) async throws -> InvocationRules.Outcome {
        try await storage.write { writer in
            guard let record = try writer.invocation(id) else {
                throw AdminError(.notFound, "The requested invocation '\(id)' does not exist")
            }
            let target = try Self.resolve(deployment, for: record, in: writer)
            let (outcome, effect) = try InvocationRules.decide(operation, record: record, deployment: deployment, targetRange: target?.range)
            switch effect {
            case .none: break
            case .put(let updated): try writer.putInvocation(updated)
            case .remove: try writer.removeInvocation(id)
            }
            return outcome
        }
    }

    /// Restarts a completed invocation as a new one, returning the new id.
    public func restartAsNew(_ id: InvocationID, from: UInt32, deployment: InvocationRules.DeploymentChoice) async throws -> InvocationID {
        try await storage.write { writer in
            guard let record = try writer.invocation(id) else {
                throw AdminError(.notFound, "The requested invocation '\(id)' does not exist")
            }
            let target = try Self.resolve(deployment, for: record, in: writer)
            let pinned = try InvocationRules.restartAsNew(record: record, from: from, deployment: deployment, target: target)
            let newID = InvocationID(partitionKey: id.partitionKey, invocationUUID: ULID.generate().rawValue)
            var restarted = record
            restarted.id = newID
            restarted.status = .inboxed
            restarted.journalLength = 1
            restarted.pinnedDeployment = pinned
            try writer.putInvocation(restarted)
            return newID
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
