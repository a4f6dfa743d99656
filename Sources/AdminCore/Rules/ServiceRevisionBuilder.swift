/// Builds a stored ``ServiceRevision`` from a manifest service, applying the per-service and
/// per-handler validation rules (VERSIONING.md R12–R16) and the stored defaults (R30, R43).
public enum ServiceRevisionBuilder {
    /// Builds revision `revision` of `service`, created at `createdAt` (milliseconds since the
    /// Unix epoch, `nil` when unknown).
    /// - Throws: ``AdminError`` (`.invalidArgument`, no code) for the first rule violated, in
    ///   Restate's order per handler: type combination, workflow completion retention,
    ///   idempotency retention, visibility, input payload, output payload.
    public static func build(
        _ service: ManifestService, revision: UInt32, configuration: AdminConfiguration, createdAt: Int64? = nil
    ) throws(AdminError) -> ServiceRevision {
        let isPublic = !(service.ingressPrivate ?? false)
        var handlers: [String: Handler] = [:]
        for handler in service.handlers {
            handlers[handler.name] = try buildHandler(handler, service: service, servicePublic: isPublic)
        }
        return ServiceRevision(
            name: service.name,
            ty: service.ty,
            revision: revision,
            handlers: handlers,
            documentation: service.documentation,
            metadata: service.metadata ?? [:],
            isPublic: isPublic,
            idempotencyRetention: service.idempotencyRetentionMs.map(RestateDuration.milliseconds)
                ?? configuration.defaultIdempotencyRetention,
            workflowCompletionRetention: service.ty == .workflow ? configuration.defaultWorkflowCompletionRetention : nil,
            journalRetention: service.journalRetentionMs.map(RestateDuration.milliseconds),
            inactivityTimeout: service.inactivityTimeoutMs.map(RestateDuration.milliseconds),
            abortTimeout: service.abortTimeoutMs.map(RestateDuration.milliseconds),
            enableLazyState: service.enableLazyState,
            retryPolicy: RetryPolicyOverrides(service.retryPolicy),
            createdAtMilliseconds: createdAt
        )
    }

    /// The resolved handler type for a service type and a declared handler type (R12), or `nil`
    /// for a plain service's handler.
    /// - Throws: the uncoded "invalid combination" error for a disallowed pair.
    public static func resolveHandlerType(service: ServiceType, handler: HandlerType?) throws(AdminError) -> HandlerType? {
        switch (service, handler) {
        case (.service, nil), (.service, .shared?): return nil
        case (.virtualObject, nil), (.virtualObject, .exclusive?): return .exclusive
        case (.virtualObject, .shared?): return .shared
        case (.workflow, nil), (.workflow, .shared?): return .shared
        case (.workflow, .workflow?): return .workflow
        default:
            let declared = handler.map { "Some(\($0.adminName))" } ?? "None"
            throw AdminError(
                .invalidArgument,
                "invalid combination of service type and handler type '(\(service.adminName), \(declared))'"
            )
        }
    }

    private static func buildHandler(
        _ handler: ManifestHandler, service: ManifestService, servicePublic: Bool
    ) throws(AdminError) -> Handler {
        let ty = try resolveHandlerType(service: service.ty, handler: handler.ty)
        // A resolved `.workflow` type only exists in workflow services (R12).
        if handler.workflowCompletionRetentionMs != nil, ty != .workflow {
            throw AdminError(.invalidArgument, "\(handler.name) sets the workflow_completion_retention, but it's not a WORKFLOW handler")
        }
        if handler.idempotencyRetentionMs != nil, ty == .workflow {
            throw AdminError(.invalidArgument, "\(handler.name) sets the idempotency_retention, but it's a WORKFLOW handler")
        }
        if !servicePublic, handler.ingressPrivate == false {
            throw AdminError(
                .invalidArgument,
                "The service \(service.name) is private, but the \(handler.name) is explicitly set as public. This is not supported. Please make the service public, and hide the individual handlers"
            )
        }
        try PayloadRules.validate(service: service.name, handler: handler)
        return Handler(
            name: handler.name,
            ty: ty,
            explicitPublic: handler.ingressPrivate.map { !$0 },
            documentation: handler.documentation,
            metadata: handler.metadata ?? [:],
            idempotencyRetention: handler.idempotencyRetentionMs.map(RestateDuration.milliseconds),
            workflowCompletionRetention: handler.workflowCompletionRetentionMs.map(RestateDuration.milliseconds),
            journalRetention: handler.journalRetentionMs.map(RestateDuration.milliseconds),
            inactivityTimeout: handler.inactivityTimeoutMs.map(RestateDuration.milliseconds),
            abortTimeout: handler.abortTimeoutMs.map(RestateDuration.milliseconds),
            enableLazyState: handler.enableLazyState,
            retryPolicy: RetryPolicyOverrides(handler.retryPolicy),
            input: handler.input,
            output: handler.output
        )
    }
}
