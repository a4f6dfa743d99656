/// What `deployments prune` did, or would do, with one drained deployment.
enum PruneOutcome: Equatable, Sendable {
    /// Removed (`DELETE` without force answered 2xx).
    case removed
    /// A dry run: it would be removed.
    case wouldRemove
    /// The server refused to remove it (`409`: it became active or draining since it was
    /// listed) or it was already gone (`404`): the server's message.
    case skipped(String)
}
