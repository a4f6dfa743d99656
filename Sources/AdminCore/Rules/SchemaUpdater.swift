/// The versioning rules of VERSIONING.md as pure functions.
///
/// Each operation reads only what its request touches through a ``StorageReader`` (the services
/// it names, the deployments at its address, the latest revision of each) and returns the
/// ``RegistryChanges`` to apply together with its outcome. No I/O, no clock, no randomness: the
/// caller passes the new id and the current time. Applying the changes commits the operation;
/// dropping them is a dry run.
public enum SchemaUpdater {
    /// Registers a discovered deployment (R11, R18–R31).
    /// - Parameters:
    ///   - request: the address, headers, metadata and flags.
    ///   - discovered: what discovery returned (already validated).
    ///   - registry: the current registry.
    ///   - configuration: the settings the rules read.
    ///   - newID: the id to use when a new deployment is created.
    ///   - now: the current time in milliseconds since the Unix epoch.
    /// - Returns: the changes and the outcome. `.unchanged` comes with no changes.
    /// - Throws: META0005 for a reserved name, META0006 listing every breaking change, or the
    ///   first validation error (uncoded).
    public static func register(
        _ request: RegistrationRequest, discovered: DiscoveredEndpoint, in registry: any StorageReader,
        configuration: AdminConfiguration, newID: DeploymentID, now: Int64
    ) throws(AdminError) -> (changes: RegistryChanges, outcome: RegistrationOutcome) {
        let proposed = uniqueServices(discovered.manifest.services)
        try ServiceNameRules.checkNotReserved(discovered.manifest.services.map(\.name))
        var overlay = RegistryOverlay(base: registry)
        let address = request.address.deploymentAddress(discovered: discovered)

        let target = try storage {
            try sameEndpoint(as: request.address, headers: request.additionalHeaders, configuration: configuration) {
                try overlay.deployments(withIdentityKey: $0)
            }
        }
        if let target, request.overwrite == .no {
            return (RegistryChanges(), RegistrationOutcome(result: .unchanged, deployment: target))
        }

        var violations: [BreakingChange] = []
        var firstInvalid: AdminError?
        var services: [String: ServiceRevision] = [:]
        for service in proposed {
            let latest = try storage { try overlay.latestServiceRevision(of: service.name) }
            if let latest {
                let found = BreakingChangeDetector.violations(latest: latest, proposed: service)
                if !found.isEmpty, request.allowBreaking == .no {
                    violations += found
                    continue
                }
            }
            do {
                services[service.name] = try ServiceRevisionBuilder.build(
                    service, revision: latest.map { $0.revision &+ 1 } ?? 1, configuration: configuration, createdAt: now
                )
            } catch {
                if firstInvalid == nil { firstInvalid = error }
            }
        }
        if !violations.isEmpty { throw BreakingChangeDetector.error(for: violations) }
        if let firstInvalid { throw firstInvalid }

        let deployment = Deployment(
            id: target?.id ?? newID,
            address: address,
            additionalHeaders: request.additionalHeaders,
            metadata: request.metadata,
            createdAtMilliseconds: now,
            minProtocolVersion: discovered.minProtocolVersion,
            maxProtocolVersion: discovered.maxProtocolVersion,
            sdkVersion: discovered.sdkVersion,
            services: services
        )
        try storage { try overlay.put(deployment) }
        return (overlay.changes, RegistrationOutcome(result: target == nil ? .created : .overwritten, deployment: deployment))
    }

    /// Updates a deployment in place (R33–R37).
    /// - Parameters:
    ///   - request: the update; absent address fields and headers keep the current ones.
    ///   - discovered: what discovery returned for the resulting address.
    ///   - registry: the current registry.
    ///   - configuration: the settings the rules read.
    ///   - now: the current time in milliseconds since the Unix epoch (the creation time of
    ///     services new to the deployment).
    /// - Returns: the changes and the deployment as stored.
    /// - Throws: not found, META0016 for a different protocol range, and (with overwrite)
    ///   META0005 or the first validation error.
    public static func update(
        _ request: UpdateRequest, discovered: DiscoveredEndpoint, in registry: any StorageReader,
        configuration: AdminConfiguration, now: Int64
    ) throws(AdminError) -> (changes: RegistryChanges, deployment: Deployment) {
        var overlay = RegistryOverlay(base: registry)
        guard let current = try storage({ try overlay.deployment(request.id) }) else {
            throw AdminError(.notFound, "not found in the schema registry: deployment with id '\(request.id)'")
        }
        guard current.minProtocolVersion == discovered.minProtocolVersion, current.maxProtocolVersion == discovered.maxProtocolVersion else {
            throw AdminError(
                .invalidArgument, code: .meta0016,
                "an update deployment operation must provide an endpoint with the same services and handlers. The update tried to change the supported protocol versions from \(current.minProtocolVersion)..=\(current.maxProtocolVersion) to \(discovered.minProtocolVersion)..=\(discovered.maxProtocolVersion)"
            )
        }
        let requested = try request.address?.resolve(against: current) ?? currentRequestedAddress(current)
        var updated = current
        updated.address = requested.deploymentAddress(discovered: discovered)
        updated.additionalHeaders = request.additionalHeaders ?? current.additionalHeaders
        updated.sdkVersion = discovered.sdkVersion

        if request.overwrite == .yes {
            try ServiceNameRules.checkNotReserved(discovered.manifest.services.map(\.name))
            var services: [String: ServiceRevision] = [:]
            for service in uniqueServices(discovered.manifest.services) {
                // A service keeps its revision in this deployment (R36), and with it its creation time.
                let held = current.services[service.name]
                services[service.name] = try ServiceRevisionBuilder.build(
                    service, revision: held?.revision ?? 1, configuration: configuration,
                    createdAt: held.map { $0.createdAt(in: current) } ?? now
                )
            }
            updated.services = services
            updated.minProtocolVersion = discovered.minProtocolVersion
            updated.maxProtocolVersion = discovered.maxProtocolVersion
        }
        try storage { try overlay.put(updated) }
        return (overlay.changes, updated)
    }

    /// Removes a deployment; services whose latest revision it held fall back to the highest
    /// remaining revision elsewhere, or disappear (R38–R39).
    /// - Throws: not found.
    public static func removeDeployment(
        _ id: DeploymentID, in registry: any StorageReader
    ) throws(AdminError) -> RegistryChanges {
        var overlay = RegistryOverlay(base: registry)
        guard try storage({ try overlay.deployment(id) }) != nil else {
            throw AdminError(.notFound, "not found in the schema registry: deployment with id '\(id)'")
        }
        try storage { try overlay.remove(id) }
        return overlay.changes
    }

    /// Changes service-level settings of the latest revision in place, without a revision bump
    /// (R40–R42).
    /// - Returns: the changes (empty for an empty request) and the modified revision with the
    ///   deployment that holds it.
    /// - Throws: not found; the uncoded retention error for a workflow-only field on another
    ///   service type (nothing is applied).
    public static func modifyService(
        _ name: String, changes requested: ServiceChanges, in registry: any StorageReader
    ) throws(AdminError) -> (changes: RegistryChanges, revision: ServiceRevision, deployment: Deployment) {
        var overlay = RegistryOverlay(base: registry)
        guard let latest = try storage({ try overlay.latestRevision(of: name) }),
            let deployment = try storage({ try overlay.deployment(latest.deploymentID) }),
            var revision = deployment.services[name]
        else {
            throw AdminError(.notFound, "not found in the schema registry: service with name '\(name)'")
        }
        guard !requested.isEmpty else { return (RegistryChanges(), revision, deployment) }
        if requested.workflowCompletionRetention != nil, revision.ty != .workflow {
            throw AdminError(.invalidArgument, "modifying retention time for service type \(revision.ty.adminName) is unsupported")
        }
        if let v = requested.isPublic { revision.isPublic = v }
        if let v = requested.idempotencyRetention { revision.idempotencyRetention = v }
        if let v = requested.workflowCompletionRetention { revision.workflowCompletionRetention = v }
        if let v = requested.journalRetention { revision.journalRetention = v }
        if let v = requested.inactivityTimeout { revision.inactivityTimeout = v }
        if let v = requested.abortTimeout { revision.abortTimeout = v }
        try storage { try overlay.replaceService(revision, in: deployment.id) }
        var stored = deployment
        stored.services[name] = revision
        return (overlay.changes, revision, stored)
    }

    /// The deployment that counts as "the same endpoint" as `address` (R18); when several do, the
    /// most recently created one (R20).
    public static func sameEndpoint(
        as address: RequestedAddress, headers: AdditionalHeaders, configuration: AdminConfiguration,
        candidates: (String) throws -> [Deployment]
    ) rethrows -> Deployment? {
        try candidates(address.identityKey).filter {
            $0.isSameEndpoint(as: address, headers: headers, routingHeaders: configuration.deploymentRoutingHeaders)
        }.max { ($0.createdAtMilliseconds, $0.id) < ($1.createdAtMilliseconds, $1.id) }
    }

    /// The request-shaped address of a stored deployment (used when an update keeps it).
    public static func currentRequestedAddress(_ deployment: Deployment) -> RequestedAddress {
        switch deployment.address {
        case .http(let uri, _, let version): return .http(uri, useHTTP11: version == .http11)
        case .lambda(let arn, let role, _): return .lambda(arn, assumeRoleARN: role)
        }
    }

    /// The manifest's services with duplicates collapsed, the last occurrence winning (R17), in
    /// name order so that errors are reported deterministically.
    static func uniqueServices(_ services: [ManifestService]) -> [ManifestService] {
        var byName: [String: ManifestService] = [:]
        for service in services {
            var copy = service
            var handlers: [String: ManifestHandler] = [:]
            var order: [String] = []
            for handler in service.handlers {
                if handlers[handler.name] == nil { order.append(handler.name) }
                handlers[handler.name] = handler
            }
            copy.handlers = order.compactMap { handlers[$0] }
            byName[service.name] = copy
        }
        return byName.values.sorted { $0.name < $1.name }
    }

    /// Runs a storage read inside a rule, turning non-admin errors into storage errors.
    static func storage<T>(_ body: () throws -> T) throws(AdminError) -> T {
        do {
            return try body()
        } catch let error as AdminError {
            throw error
        } catch {
            throw AdminError(.storage, "storage failure: \(error)")
        }
    }
}
