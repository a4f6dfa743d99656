/// One element of the registry's change stream (``AdminService/changes(after:bufferCapacity:pollInterval:)``).
public enum RegistryEvent: Sendable {
    /// The whole registry at a version: the first event of a stream that starts without a version
    /// (or with one the change log no longer holds). Changes after it follow.
    case snapshot(RegistrySnapshot)
    /// The change one commit made; versions follow each other without gaps.
    case change(RegistryChange)
    /// The whole registry at a newer version, replacing what the subscriber knew: it fell too far
    /// behind (its buffer filled up), or the registry was reloaded because the change log no
    /// longer reached back. Changes after it follow.
    case resync(RegistrySnapshot)

    /// The registry version the subscriber knows after this event.
    public var version: UInt64 {
        switch self {
        case .snapshot(let snapshot), .resync(let snapshot): return snapshot.version
        case .change(let change): return change.version
        }
    }
}
