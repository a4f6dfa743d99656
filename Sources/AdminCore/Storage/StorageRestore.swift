/// Restores a ``RegistryDump`` into a ``Storage``.
public enum StorageRestore {
    /// Writes everything `dump` holds into `storage` in one write transaction: deployments with
    /// their service revisions, the latest pointers as dumped, subscriptions, state, invocation
    /// records (the pinned-invocation index follows from them) and the registry version, which is
    /// set as is. The change log is cleared: it starts again at the dump's registry version, so
    /// followers load the registry whole.
    ///
    /// Refusals change nothing: the dump's references are checked
    /// (``RegistryDump/checkReferences()``) before the transaction begins, and a target that is
    /// not empty is refused inside it unless `replace` is set, in which case everything it held
    /// is removed in the same transaction.
    ///
    /// Run it while nothing serves `storage`: an ``AdminService`` keeps the registry it loaded in
    /// memory, and would not notice a restore that lands on the registry version it already has.
    /// - Parameters:
    ///   - dump: the document to restore.
    ///   - storage: the target.
    ///   - replace: whether a target that is not empty is emptied first (otherwise it is refused).
    /// - Throws: ``AdminError`` `.invalidArgument` for a dump whose references do not hold,
    ///   `.notSupported` for a dump newer than this build, `.conflict` for a target that is not
    ///   empty without `replace`; the storage's errors.
    public static func restore(_ dump: RegistryDump, into storage: any Storage, replace: Bool) async throws {
        guard dump.version <= RegistryDump.currentVersion else {
            throw AdminError(
                .notSupported, "the dump has format version \(dump.version), newer than this build reads (\(RegistryDump.currentVersion))")
        }
        try dump.checkReferences()
        try await storage.write { writer in
            let existing = try RegistryDump(reading: writer)
            if !existing.isEmpty || existing.registryVersion != 0 {
                guard replace else { throw notEmpty(existing) }
                try clear(existing, from: writer)
            }
            for deployment in dump.deployments { try writer.putDeployment(deployment) }
            for (service, pointer) in dump.latest.sorted(by: { $0.key < $1.key }) { try writer.setLatestRevision(pointer, of: service) }
            for subscription in dump.subscriptions { try writer.putSubscription(subscription) }
            for state in dump.states { try writer.setServiceState(service: state.service, key: state.key, state: state.entries) }
            for invocation in dump.invocations { try writer.putInvocation(invocation) }
            try writer.setSchemaVersion(dump.registryVersion)
            try writer.clearChangeLog()
        }
    }

    /// Removes every record `existing` lists (and the change log) through `writer`.
    private static func clear(_ existing: RegistryDump, from writer: any StorageWriter) throws {
        for deployment in existing.deployments { try writer.removeDeployment(deployment.id) }
        for service in existing.latest.keys.sorted() { try writer.setLatestRevision(nil, of: service) }
        for subscription in existing.subscriptions { try writer.removeSubscription(subscription.id) }
        for state in existing.states { try writer.setServiceState(service: state.service, key: state.key, state: [:]) }
        for invocation in existing.invocations { try writer.removeInvocation(invocation.id) }
        try writer.clearChangeLog()
    }

    /// The refusal of a target that is not empty.
    private static func notEmpty(_ existing: RegistryDump) -> AdminError {
        AdminError(
            .conflict,
            "the target storage is not empty (registry version \(existing.registryVersion), \(existing.contentsSummary)): "
                + "restore with replace to overwrite it")
    }
}
