extension RegistryDump {
    /// Checks the references a registry needs to hold, before anything is written.
    ///
    /// Refused, naming the first offender:
    /// - two deployments, subscriptions, invocation records or objects' states with the same id
    ///   (or service and key);
    /// - a deployment whose service map files a revision under another name;
    /// - a latest pointer to a deployment the dump lacks, to one that does not hold the service,
    ///   or to a revision number other than the one that deployment holds;
    /// - a service some deployment holds without a latest pointer (every write keeps one);
    /// - an object state without entries (a storage lists only objects that have state).
    ///
    /// Not checked, because a consistent registry can lack them: an invocation pinned to a
    /// deployment that is gone (a forced removal leaves its invocations pinned, as in Restate),
    /// a subscription whose sink is no longer registered, the state of a service that is gone,
    /// and a deployment that is the latest for no service (drained).
    /// - Throws: ``AdminError`` `.invalidArgument`.
    public func checkReferences() throws(AdminError) {
        var byID: [DeploymentID: Deployment] = [:]
        for deployment in deployments {
            guard byID.updateValue(deployment, forKey: deployment.id) == nil else { throw broken("deployment \(deployment.id) appears twice") }
            for (name, revision) in deployment.services where revision.name != name {
                throw broken("deployment \(deployment.id) files service '\(revision.name)' under '\(name)'")
            }
        }
        try unique(subscriptions.map(\.id.description), "subscription")
        try unique(invocations.map(\.id.description), "invocation")
        try unique(states.map { "\($0.service)/\($0.key)" }, "state of object")
        for (service, pointer) in latest.sorted(by: { $0.key < $1.key }) {
            guard let deployment = byID[pointer.deploymentID] else {
                throw broken("the latest revision of '\(service)' points to deployment \(pointer.deploymentID), which the dump does not hold")
            }
            guard let held = deployment.services[service] else {
                throw broken("the latest revision of '\(service)' points to deployment \(pointer.deploymentID), which does not hold '\(service)'")
            }
            guard held.revision == pointer.revision else {
                throw broken(
                    "the latest revision of '\(service)' is \(pointer.revision) in deployment \(pointer.deploymentID), which holds revision \(held.revision)"
                )
            }
        }
        for deployment in deployments.sorted(by: { $0.id < $1.id }) {
            for service in deployment.services.keys.sorted() where latest[service] == nil {
                throw broken("deployment \(deployment.id) holds '\(service)', which has no latest revision pointer")
            }
        }
        if let empty = states.first(where: { $0.entries.isEmpty }) {
            throw broken("the state of \(empty.service)/\(empty.key) has no entries")
        }
    }

    /// Refuses a repeated identifier of `what`.
    private func unique(_ identifiers: [String], _ what: String) throws(AdminError) {
        var seen: Set<String> = []
        for identifier in identifiers where !seen.insert(identifier).inserted {
            throw broken("\(what) \(identifier) appears twice")
        }
    }

    /// The error for a broken reference.
    private func broken(_ what: String) -> AdminError {
        AdminError(.invalidArgument, "invalid registry dump: \(what)")
    }
}
