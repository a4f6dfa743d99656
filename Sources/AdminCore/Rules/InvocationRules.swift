/// The invocation operations of BEHAVIOR.md §5.5, decided from a stored ``InvocationRecord``.
public enum InvocationRules {
    /// An operation on one invocation.
    public enum Operation: String, Sendable, Hashable, CaseIterable {
        /// `PATCH …/cancel`.
        case cancel
        /// `PATCH …/kill`.
        case kill
        /// `PATCH …/purge`.
        case purge
        /// `PATCH …/purge-journal`.
        case purgeJournal = "purge-journal"
        /// `PATCH …/pause`.
        case pause
        /// `PATCH …/resume`.
        case resume
    }

    /// Which deployment a resume or restart should use.
    public enum DeploymentChoice: Sendable, Hashable {
        /// The pinned deployment.
        case keep
        /// The latest deployment of the service.
        case latest
        /// A given deployment.
        case id(DeploymentID)
    }

    /// A deployment a resume or restart can move an invocation to.
    public struct DeploymentTarget: Sendable, Hashable {
        /// The deployment.
        public var id: DeploymentID
        /// Its supported service-protocol range.
        public var range: ClosedRange<Int32>

        /// Creates a target.
        public init(id: DeploymentID, range: ClosedRange<Int32>) {
            self.id = id
            self.range = range
        }
    }

    /// What an accepted operation did.
    public enum Outcome: Sendable, Hashable {
        /// Done immediately (200).
        case done
        /// Requested asynchronously (202).
        case accepted
    }

    /// What a decision changes in storage.
    public enum Effect: Sendable, Hashable {
        /// Nothing.
        case none
        /// The record is replaced.
        case put(InvocationRecord)
        /// The record is removed.
        case remove
    }

    /// Decides an operation on `record`.
    /// - Parameters:
    ///   - operation: the operation.
    ///   - record: the stored record.
    ///   - deployment: for resume, the requested deployment (`keep` by default).
    ///   - targetRange: for resume with another deployment, that deployment's protocol range, or `nil` if unknown.
    /// - Throws: `.alreadyCompleted`, `.notCompleted`, `.notRunning`, `.notReady`, `.conflict`,
    ///   `.invalidArgument` per the table.
    public static func decide(
        _ operation: Operation, record: InvocationRecord, deployment: DeploymentChoice = .keep,
        targetRange: ClosedRange<Int32>? = nil
    ) throws(AdminError) -> (Outcome, Effect) {
        let id = record.id
        var updated = record
        switch operation {
        case .cancel:
            switch record.status {
            case .scheduled, .inboxed:
                updated.status = .completed
                return (.done, .put(updated))
            case .invoked, .suspended, .paused: return (.accepted, .none)
            case .completed: throw AdminError(.alreadyCompleted, "The invocation '\(id)' was already completed.")
            }
        case .kill:
            guard record.status != .completed else { throw AdminError(.alreadyCompleted, "The invocation '\(id)' was already completed.") }
            updated.status = .completed
            return (.done, .put(updated))
        case .purge:
            guard record.status == .completed else { throw AdminError(.notCompleted, "The invocation '\(id)' is not yet completed.") }
            return (.done, .remove)
        case .purgeJournal:
            guard record.status == .completed else { throw AdminError(.notCompleted, "The invocation '\(id)' is not yet completed.") }
            updated.journalLength = 0
            return (.done, .put(updated))
        case .pause:
            switch record.status {
            case .invoked:
                updated.status = .paused
                return (.accepted, .put(updated))
            case .paused, .suspended: return (.done, .none)
            case .completed, .scheduled, .inboxed:
                throw AdminError(.notRunning, "The invocation '\(id)' is not running, cannot be paused.")
            }
        case .resume:
            switch record.status {
            case .scheduled, .inboxed:
                throw AdminError(.notReady, "The invocation '\(id)' is either inboxed or scheduled, cannot be resumed.")
            case .completed:
                throw AdminError(.alreadyCompleted, "The invocation '\(id)' is completed, cannot be resumed.")
            case .invoked, .suspended, .paused:
                if deployment != .keep {
                    guard record.status != .invoked, record.pinnedDeployment != nil else {
                        throw AdminError(
                            .conflict,
                            "The invocation '\(id)' is still running or the deployment id is not pinned yet, deployment id cannot be changed.")
                    }
                    guard let targetRange else {
                        throw AdminError(.invalidArgument, "The given deployment was not found when trying to resume the invocation '\(id)'.")
                    }
                    if let version = record.pinnedProtocolVersion, !targetRange.contains(version) {
                        throw AdminError(
                            .invalidArgument,
                            "The invocation '\(id)' is running on protocol version '\(version)', while the chosen deployment supports the range \(targetRange.lowerBound)..=\(targetRange.upperBound)."
                        )
                    }
                }
                updated.status = .invoked
                return (.done, record.status == .invoked ? .none : .put(updated))
            }
        }
    }

    /// Decides a restart-as-new of `record` from journal entry `from` on `target`, the deployment
    /// the choice resolved to (`nil` when it does not exist).
    /// - Returns: the deployment the new invocation is pinned to.
    /// - Throws: `.notReady`, `.notCompleted`, `.notSupported`, `.dataGone`, `.conflict`,
    ///   `.invalidArgument` per the table.
    @discardableResult
    public static func restartAsNew(
        record: InvocationRecord, from: UInt32, deployment: DeploymentChoice, target: DeploymentTarget?
    ) throws(AdminError) -> DeploymentID {
        let id = record.id
        switch record.status {
        case .scheduled, .inboxed:
            throw AdminError(.notReady, "The invocation '\(id)' is either inboxed or scheduled, cannot be restarted.")
        case .invoked, .suspended, .paused:
            throw AdminError(.notCompleted, "The invocation '\(id)' is still running.")
        case .completed: break
        }
        if record.serviceType == .workflow {
            throw AdminError(.notSupported, "Restarting the invocation '\(id)' is not supported for workflows.")
        }
        let protocolVersion = record.pinnedProtocolVersion ?? 0
        if from > 0, protocolVersion < 6 {
            throw AdminError(
                .notSupported,
                "Restarting the invocation '\(id)' from a journal index greater than zero requires service protocol version 6 or newer.")
        }
        guard record.journalLength > 0 else {
            throw AdminError(.dataGone, "The input of the invocation '\(id)' is not available anymore.")
        }
        guard from < record.journalLength else {
            throw AdminError(
                .invalidArgument,
                "The journal index \(from) is out of range for the invocation '\(id)', whose journal has \(record.journalLength) entries.")
        }
        if protocolVersion < 4, deployment != .latest {
            throw AdminError(.conflict, "The invocation '\(id)' uses the legacy journal: only the latest deployment can be chosen.")
        }
        guard let target else {
            throw AdminError(.invalidArgument, "The given deployment was not found when trying to restart the invocation '\(id)'.")
        }
        if let version = record.pinnedProtocolVersion, !target.range.contains(version) {
            throw AdminError(
                .invalidArgument,
                "The invocation '\(id)' is running on protocol version '\(version)', while the chosen deployment '\(target.id)' supports the range \(target.range.lowerBound)..=\(target.range.upperBound)."
            )
        }
        return target.id
    }
}
