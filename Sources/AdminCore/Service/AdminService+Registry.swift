/// The in-memory registry and its change stream.
extension AdminService {
    /// The registry as of now, from memory.
    ///
    /// Before answering, the stored version is probed (``Storage/registryVersion()``); when the
    /// storage is ahead of memory (another process wrote, or one of this process's commits is not
    /// applied yet) the snapshot first catches up from the change log, or is loaded whole when the
    /// log no longer reaches back. So a read never shows a version older than one already
    /// acknowledged to anyone.
    @discardableResult
    public func snapshot() async throws -> RegistrySnapshot {
        let stored = try await storage.registryVersion()
        if let current = registry.current, current.version >= stored { return current }
        return try await catchUp()
    }

    /// The schema reads of the Admin API at the current registry version (see ``snapshot()``).
    public func view() async throws -> RegistryView {
        RegistryView(snapshot: try await snapshot(), configuration: configuration)
    }

    /// Keeps the in-memory registry, and so the change stream (``changes(after:bufferCapacity:pollInterval:)``),
    /// current with the commits that other processes sharing the storage announce
    /// (``Storage/commitAnnouncements()``): each announcement of a version newer than memory
    /// catches the registry up from the change log, and subscribers receive those changes at once
    /// instead of at their next poll. Runs until the storage closes its announcements or the task
    /// is cancelled; a catch-up that fails is logged and retried at the next announcement (reads
    /// still probe the stored version, so nothing is missed meanwhile). Useful only on a shared
    /// storage (`PostgresStorage`); `restate-admin serve` runs it.
    public func followStorageCommits() async {
        for await version in storage.commitAnnouncements() {
            if let current = registry.current, current.version >= version { continue }
            do {
                try await catchUp()
            } catch {
                logger.warning("cannot catch up with the storage", metadata: ["announced": "\(version)", "error": "\(error)"])
            }
        }
    }

    /// Loads the in-memory registry once, before the first write, so that the rules read decoded
    /// records from it (``SnapshotBackedReader``) from the first write on, not only after the
    /// first read. Later writes keep it current by recording their changes.
    func loadRegistryIfNeeded() async throws {
        if registry.current == nil { try await catchUp() }
    }

    /// Brings the in-memory registry up to the stored version and returns it.
    @discardableResult
    func catchUp() async throws -> RegistrySnapshot {
        let base = registry.current
        let update = try await storage.read { reader -> CatchUp in
            let version = try reader.schemaVersion()
            if let base, base.version <= version {
                let missing = version - base.version
                if missing == 0 { return .upToDate }
                if let changes = try reader.changes(after: base.version, limit: Int(clamping: missing)), changes.count == missing {
                    return .changes(changes)
                }
            }
            return .reload(try RegistrySnapshot(loading: reader))
        }
        switch update {
        case .upToDate: break
        case .changes(let changes): registry.advance(with: changes)
        case .reload(let snapshot): registry.install(snapshot)
        }
        guard let current = registry.current else { throw AdminError(.internal, "the in-memory registry could not be loaded") }
        return current
    }

    /// The registry's changes as they are committed, in version order, without gaps.
    ///
    /// - Without `version`, or with one the change log no longer holds, the stream starts with a
    ///   ``RegistryEvent/snapshot(_:)`` of the registry, then yields every change after it.
    /// - With a version the log still holds, it resumes exactly after it (also after a restart of
    ///   the process), with the logged changes first.
    /// - Each subscriber has a bounded buffer (`bufferCapacity` events). One that falls that far
    ///   behind gets a ``RegistryEvent/resync(_:)`` of the latest snapshot when it reads next,
    ///   then the changes after it: memory stays bounded and no gap goes unannounced.
    /// - Commits of other processes on the same storage reach the stream when this process next
    ///   reads the registry, or at the latest after `pollInterval`.
    /// - Ending the iteration (or cancelling its task) frees the subscriber.
    public func changes(
        after version: UInt64? = nil, bufferCapacity: Int = 1_024, pollInterval: Duration = .seconds(1)
    ) -> RegistryChangeStream {
        RegistryChangeStream(service: self, after: version, bufferCapacity: bufferCapacity, pollInterval: pollInterval)
    }

    /// Registers `subscription` and returns the events that come before the live ones.
    func start(_ subscription: RegistrySubscription, after version: UInt64?) async throws -> [RegistryEvent] {
        try await snapshot()
        guard let start = registry.subscribe(subscription) else { return [] }
        guard let version, version <= start.version else { return [.snapshot(start)] }
        guard version < start.version else { return [] }
        let logged = try await storage.read { reader in
            try reader.changes(after: version, limit: Int(clamping: start.version - version))
        }
        guard let logged, logged.last?.version == start.version else { return [.snapshot(start)] }
        return logged.map(RegistryEvent.change)
    }
}

/// How the in-memory registry catches up with the storage.
enum CatchUp: Sendable {
    case upToDate
    case changes([RegistryChange])
    case reload(RegistrySnapshot)
}

/// The registry's change stream (``AdminService/changes(after:bufferCapacity:pollInterval:)``).
public struct RegistryChangeStream: AsyncSequence, Sendable {
    /// The events.
    public typealias Element = RegistryEvent

    let service: AdminService
    let after: UInt64?
    let bufferCapacity: Int
    let pollInterval: Duration

    /// Starts a subscription; it is registered when the first event is asked for.
    public func makeAsyncIterator() -> Iterator {
        Iterator(stream: self, subscription: RegistrySubscription(capacity: bufferCapacity))
    }

    /// Reads one subscriber's events.
    public struct Iterator: AsyncIteratorProtocol {
        let stream: RegistryChangeStream
        let subscription: RegistrySubscription
        private let lifetime: Lifetime
        private var started = false

        init(stream: RegistryChangeStream, subscription: RegistrySubscription) {
            self.stream = stream
            self.subscription = subscription
            lifetime = Lifetime(subscription: subscription, model: stream.service.registry)
        }

        /// The next event, or `nil` once the task is cancelled.
        /// - Throws: the storage's error when the stream cannot start or catch up.
        public mutating func next() async throws -> RegistryEvent? {
            if !started {
                started = true
                subscription.prepend(try await stream.service.start(subscription, after: stream.after))
            }
            while !Task.isCancelled {
                let (event, needsResync) = subscription.take()
                if let event { return event }
                if needsResync, let snapshot = stream.service.registry.resync(subscription) { return .resync(snapshot) }
                if await !subscription.waitForDelivery(timeout: stream.pollInterval), !Task.isCancelled {
                    // Nothing arrived: see whether another process committed.
                    try await stream.service.snapshot()
                }
            }
            lifetime.end()
            return nil
        }
    }

    /// Unsubscribes when the iterator is gone.
    final class Lifetime: Sendable {
        let subscription: RegistrySubscription
        let model: RegistryModel

        init(subscription: RegistrySubscription, model: RegistryModel) {
            self.subscription = subscription
            self.model = model
        }

        func end() {
            subscription.cancel()
            model.unsubscribe(subscription)
        }

        deinit { end() }
    }
}
