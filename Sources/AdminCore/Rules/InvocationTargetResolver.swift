/// How new invocations of a handler are configured (VERSIONING.md R45–R46): visibility and the
/// retention values derived from the latest revision.
public struct InvocationTarget: Hashable, Sendable {
    /// Whether the handler is callable from ingress.
    public var isPublic: Bool
    /// The resolved handler type (`nil` for a plain service).
    public var handlerType: HandlerType?
    /// Completion retention before the per-invocation cap.
    public var completionRetention: RestateDuration
    /// Journal retention before the per-invocation cap (zero = none).
    public var journalRetention: RestateDuration

    /// Resolves `handler` of `revision` under `configuration`, or `nil` if there is no such handler.
    public init?(_ revision: ServiceRevision, handler name: String, configuration: AdminConfiguration) {
        guard let handler = revision.handlers[name] else { return nil }
        isPublic = handler.explicitPublic ?? revision.isPublic
        handlerType = handler.ty
        if handler.ty == .workflow {
            completionRetention =
                handler.workflowCompletionRetention ?? revision.workflowCompletionRetention
                ?? configuration.defaultWorkflowCompletionRetention
        } else {
            completionRetention =
                handler.idempotencyRetention ?? revision.idempotencyRetention
                ?? configuration.defaultIdempotencyRetention
        }
        journalRetention =
            JournalRetention.clamp(
                handler.journalRetention ?? revision.journalRetention ?? JournalRetention.configuredDefault(configuration),
                configuration: configuration
            ).0 ?? .zero
    }

    /// The retention one invocation gets: with an idempotency key (or for a workflow handler) the
    /// completion retention applies and caps the journal; otherwise the journal retention applies
    /// to both, or neither when it is zero.
    public func retention(withIdempotencyKey: Bool) -> (completion: RestateDuration, journal: RestateDuration) {
        if handlerType == .workflow || withIdempotencyKey {
            return (completionRetention, min(journalRetention, completionRetention))
        }
        if journalRetention > .zero { return (journalRetention, journalRetention) }
        return (.zero, .zero)
    }
}

/// The options of one invocation attempt against a specific deployment's copy (R46). Absent
/// values stay absent: the invoker applies its own defaults.
public struct InvocationAttemptOptions: Hashable, Sendable {
    /// Abort timeout: the handler's, else the service's.
    public var abortTimeout: RestateDuration?
    /// Inactivity timeout: the handler's, else the service's.
    public var inactivityTimeout: RestateDuration?
    /// Lazy state: the handler's, else the service's.
    public var enableLazyState: Bool?

    /// Resolves `handler` of `revision`, or `nil` if there is no such handler.
    public init?(_ revision: ServiceRevision, handler name: String) {
        guard let handler = revision.handlers[name] else { return nil }
        abortTimeout = handler.abortTimeout ?? revision.abortTimeout
        inactivityTimeout = handler.inactivityTimeout ?? revision.inactivityTimeout
        enableLazyState = handler.enableLazyState ?? revision.enableLazyState
    }
}
