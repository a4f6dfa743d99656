/// What a host runtime implements so that the Admin API's invocation commands reach the
/// invocations it runs.
///
/// ``AdminService`` checks Restate's preconditions first (BEHAVIOR.md §5.5, ``InvocationRules``)
/// and calls ``execute(_:invocation:record:)`` only for a command they allow, exactly once. The
/// stored ``InvocationRecord`` changes only after the controller returned: a controller that
/// throws refuses the command, nothing changes, and the caller gets the error (an ``AdminError``
/// as thrown, anything else as Restate's routing failure, `503`).
///
/// The default, ``RecordOnlyInvocationController``, accepts every command and leaves the
/// invocation to whoever reads the records (`restate-admin serve` uses it).
public protocol InvocationController: Sendable {
    /// Carries out `command` on the invocation `invocation`.
    /// - Parameters:
    ///   - command: what to do.
    ///   - invocation: the invocation's id.
    ///   - record: the record the admin knows, or `nil` for the deprecated fire-and-forget
    ///     `DELETE /invocations/{id}`, which Restate sends without looking the invocation up.
    /// - Throws: to refuse the command; nothing is changed then.
    func execute(_ command: InvocationCommand, invocation: InvocationID, record: InvocationRecord?) async throws
}

/// A command for a host runtime (see ``InvocationController``).
public enum InvocationCommand: Sendable, Hashable, CustomStringConvertible {
    /// Cancel: the invocation runs its compensation and completes.
    case cancel
    /// Kill: stop at once (state consistency is not guaranteed).
    case kill
    /// Pause a running invocation.
    case pause
    /// Resume a suspended or paused invocation, on `deployment` (`nil`: the pinned one).
    case resume(deployment: DeploymentID?)
    /// Purge a completed invocation: its status, journal and idempotency entry.
    case purge
    /// Drop a completed invocation's journal, keeping its status.
    case purgeJournal
    /// Start `newID` as a copy of the completed invocation, with its journal up to entry `from`,
    /// pinned to `deployment`.
    case restartAsNew(newID: InvocationID, from: UInt32, deployment: DeploymentID)

    /// The command's name, e.g. `purge-journal`.
    public var description: String {
        switch self {
        case .cancel: return "cancel"
        case .kill: return "kill"
        case .pause: return "pause"
        case .resume: return "resume"
        case .purge: return "purge"
        case .purgeJournal: return "purge-journal"
        case .restartAsNew: return "restart-as-new"
        }
    }
}

/// The controller of an admin without a host runtime: it accepts every command, and the stored
/// records change as Restate's would.
public struct RecordOnlyInvocationController: InvocationController {
    /// Creates the controller.
    public init() {}

    /// Accepts the command.
    public func execute(_ command: InvocationCommand, invocation: InvocationID, record: InvocationRecord?) async throws {}
}
