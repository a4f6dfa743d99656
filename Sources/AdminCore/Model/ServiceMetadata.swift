/// The Admin API's view of one service revision, with defaults resolved and config clamping
/// applied at read time (VERSIONING.md R43).
public struct ServiceMetadata: Hashable, Sendable {
    /// The service name.
    public var name: String
    /// The service type.
    public var ty: ServiceType
    /// The handlers, sorted by name.
    public var handlers: [HandlerMetadata]
    /// Documentation.
    public var documentation: String?
    /// Metadata.
    public var metadata: [String: String]
    /// The deployment serving this revision.
    public var deploymentID: DeploymentID
    /// The revision number.
    public var revision: UInt32
    /// Ingress visibility.
    public var isPublic: Bool
    /// Idempotency retention (always present).
    public var idempotencyRetention: RestateDuration
    /// Workflow completion retention (workflows only).
    public var workflowCompletionRetention: RestateDuration?
    /// Journal retention after defaulting and clamping, if any.
    public var journalRetention: RestateDuration?
    /// Inactivity timeout (zero for request/response deployments).
    public var inactivityTimeout: RestateDuration
    /// Abort timeout.
    public var abortTimeout: RestateDuration
    /// Lazy state.
    public var enableLazyState: Bool
    /// The effective retry policy.
    public var retryPolicy: RetryPolicy
    /// Notes such as RT0021 and RT0022.
    public var info: [Info]

    /// The views of every service revision `deployment` holds, sorted by name.
    public static func all(of deployment: Deployment, configuration: AdminConfiguration) -> [ServiceMetadata] {
        deployment.sortedServices.map { ServiceMetadata($0, in: deployment, configuration: configuration) }
    }

    /// Resolves the view of `revision` as served by `deployment` (its own copy or the latest).
    public init(_ revision: ServiceRevision, in deployment: Deployment, configuration: AdminConfiguration) {
        self.init(revision, deploymentID: deployment.id, protocolType: deployment.address.protocolType, configuration: configuration)
    }

    /// Resolves the view of `revision` as served by deployment `deploymentID` whose protocol type
    /// is `protocolType`, under `configuration`.
    public init(
        _ revision: ServiceRevision, deploymentID: DeploymentID, protocolType: ProtocolType,
        configuration: AdminConfiguration
    ) {
        let requestResponse = protocolType == .requestResponse
        var info: [Info] = []
        if let timeout = revision.inactivityTimeout, requestResponse {
            info.append(
                Info(
                    code: "RT0021",
                    message:
                        "The configured inactivity_timeout \(timeout) will not be applied because the service is exposed in Request/Response mode."))
        }
        let (journal, clamped) = JournalRetention.clamp(
            revision.journalRetention ?? JournalRetention.configuredDefault(configuration), configuration: configuration
        )
        if clamped { info.append(JournalRetention.clampedInfo) }

        name = revision.name
        ty = revision.ty
        handlers = revision.sortedHandlers.map {
            HandlerMetadata($0, servicePublic: revision.isPublic, protocolType: protocolType, configuration: configuration)
        }
        documentation = revision.documentation
        metadata = revision.metadata
        self.deploymentID = deploymentID
        self.revision = revision.revision
        isPublic = revision.isPublic
        idempotencyRetention = revision.idempotencyRetention ?? configuration.defaultIdempotencyRetention
        if revision.ty == .workflow {
            workflowCompletionRetention =
                revision.sortedHandlers.lazy.compactMap(\.workflowCompletionRetention).first
                ?? revision.workflowCompletionRetention ?? configuration.defaultWorkflowCompletionRetention
        } else {
            workflowCompletionRetention = nil
        }
        journalRetention = journal
        inactivityTimeout = requestResponse ? .zero : (revision.inactivityTimeout ?? configuration.inactivityTimeout)
        abortTimeout = revision.abortTimeout ?? configuration.abortTimeout
        enableLazyState = revision.enableLazyState ?? false
        retryPolicy = configuration.defaultRetryPolicy.applying(revision.retryPolicy)
        self.info = info
    }
}

/// The Admin API's view of one handler: handler-level overrides only, plus visibility and the
/// payload descriptions (VERSIONING.md R44).
public struct HandlerMetadata: Hashable, Sendable {
    /// The handler name.
    public var name: String
    /// The handler type; `nil` for a plain service.
    public var ty: HandlerType?
    /// Documentation.
    public var documentation: String?
    /// Metadata.
    public var metadata: [String: String]
    /// Handler-level idempotency retention.
    public var idempotencyRetention: RestateDuration?
    /// Handler-level journal retention, clamped to the configured maximum.
    public var journalRetention: RestateDuration?
    /// Handler-level inactivity timeout (absent for request/response deployments).
    public var inactivityTimeout: RestateDuration?
    /// Handler-level abort timeout.
    public var abortTimeout: RestateDuration?
    /// Handler-level lazy-state flag.
    public var enableLazyState: Bool?
    /// Effective visibility: the handler's override, else the service's.
    public var isPublic: Bool
    /// The handler's own visibility override (`!ingressPrivate`), `nil` when the manifest set none.
    /// The ingress OpenAPI document leaves out only handlers whose override is `false`.
    public var explicitPublic: Bool?
    /// The input descriptor as declared; `nil` when the manifest had none (accepts anything).
    public var input: InputPayload?
    /// The output descriptor as declared; `nil` when the manifest had none (`application/json`).
    public var output: OutputPayload?
    /// What input the handler accepts, e.g. `*/*`, `none`, `JSON 'Title'`.
    public var inputDescription: String { PayloadRules.inputDescription(input) }
    /// What output the handler produces.
    public var outputDescription: String { PayloadRules.outputDescription(output) }
    /// The input JSON schema, when one applies (a descriptor with a content type).
    public var inputJSONSchema: JSONValue? { input?.contentType != nil ? input?.jsonSchema : nil }
    /// The output JSON schema, when one applies (a descriptor with a content type).
    public var outputJSONSchema: JSONValue? { output?.contentType != nil ? output?.jsonSchema : nil }
    /// Handler-level retry-policy overrides.
    public var retryPolicy: RetryPolicyOverrides
    /// Notes such as RT0021 and RT0022.
    public var info: [Info]

    /// Resolves the view of `handler`.
    public init(_ handler: Handler, servicePublic: Bool, protocolType: ProtocolType, configuration: AdminConfiguration) {
        let requestResponse = protocolType == .requestResponse
        var info: [Info] = []
        if let timeout = handler.inactivityTimeout, requestResponse {
            info.append(
                Info(
                    code: "RT0021",
                    message:
                        "The configured inactivity_timeout \(timeout) will not be applied because the handler is exposed in Request/Response mode."))
        }
        let (journal, clamped) = JournalRetention.clamp(handler.journalRetention, configuration: configuration)
        if clamped { info.append(JournalRetention.clampedInfo) }
        name = handler.name
        ty = handler.ty
        documentation = handler.documentation
        metadata = handler.metadata
        idempotencyRetention = handler.idempotencyRetention
        journalRetention = journal
        inactivityTimeout = requestResponse ? nil : handler.inactivityTimeout
        abortTimeout = handler.abortTimeout
        enableLazyState = handler.enableLazyState
        isPublic = handler.explicitPublic ?? servicePublic
        explicitPublic = handler.explicitPublic
        input = handler.input
        output = handler.output
        retryPolicy = handler.retryPolicy
        self.info = info
    }
}

/// Journal-retention clamping against `max-journal-retention` (VERSIONING.md R43, R45).
public enum JournalRetention {
    /// The RT0022 note.
    public static let clampedInfo = Info(code: "RT0022", message: "The configured journal_retention is clamped to the maximum server limit.")

    /// `default-journal-retention`, or `nil` when it is zero ("no journal retention by default").
    public static func configuredDefault(_ configuration: AdminConfiguration) -> RestateDuration? {
        configuration.defaultJournalRetention == .zero ? nil : configuration.defaultJournalRetention
    }

    /// `value` limited to the configured maximum, and whether it was lowered.
    public static func clamp(_ value: RestateDuration?, configuration: AdminConfiguration) -> (RestateDuration?, Bool) {
        guard let value, let limit = configuration.maxJournalRetention else { return (value, false) }
        return value > limit ? (limit, true) : (value, false)
    }
}
