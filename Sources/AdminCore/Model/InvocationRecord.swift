/// What the admin knows of one invocation. The embedding runtime fills these records; the admin
/// API reads them to answer the invocation operations (BEHAVIOR.md §5.5).
public struct InvocationRecord: Hashable, Sendable, Codable {
    /// The invocation id (`inv_…`).
    public var id: InvocationID
    /// `Service/handler` or `Service/key/handler`.
    public var target: String
    /// The service type of the target.
    public var serviceType: ServiceType?
    /// The current status.
    public var status: InvocationStatus
    /// The deployment the invocation is pinned to, once pinned.
    public var pinnedDeployment: DeploymentID?
    /// The service-protocol version it runs on, once pinned.
    public var pinnedProtocolVersion: Int32?
    /// The number of journal entries retained (0 once purged).
    public var journalLength: UInt32
    /// Creation time in milliseconds since the Unix epoch.
    public var createdAtMilliseconds: Int64

    /// The deployment this invocation keeps from being drained: the one it is pinned to, while it
    /// has not completed (an unpinned or completed invocation holds none; BEHAVIOR.md §5.8).
    public var holdingDeployment: DeploymentID? { status == .completed ? nil : pinnedDeployment }

    /// The service part of ``target``.
    public var service: String { String(target.split(separator: "/", maxSplits: 1).first ?? "") }

    /// Creates a record.
    public init(
        id: InvocationID, target: String, serviceType: ServiceType? = nil, status: InvocationStatus,
        pinnedDeployment: DeploymentID? = nil, pinnedProtocolVersion: Int32? = nil, journalLength: UInt32 = 0,
        createdAtMilliseconds: Int64 = 0
    ) {
        self.id = id
        self.target = target
        self.serviceType = serviceType
        self.status = status
        self.pinnedDeployment = pinnedDeployment
        self.pinnedProtocolVersion = pinnedProtocolVersion
        self.journalLength = journalLength
        self.createdAtMilliseconds = createdAtMilliseconds
    }
}

/// The lifecycle states of an invocation (BEHAVIOR.md §5.5).
public enum InvocationStatus: String, Hashable, Sendable, Codable, CaseIterable {
    /// Scheduled for later; not started.
    case scheduled
    /// Waiting in a virtual object's inbox; not started.
    case inboxed
    /// Running.
    case invoked
    /// Suspended, waiting for a completion.
    case suspended
    /// Paused after exhausting retries or by request.
    case paused
    /// Completed (its result may still be retained).
    case completed
}
