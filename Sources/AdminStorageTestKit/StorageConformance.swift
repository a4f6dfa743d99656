import AdminCore
import Foundation

/// The storage conformance suite: every behaviour the `Storage` contract promises, as one
/// check per case, runnable against any backend.
///
/// A backend runs all of it in one line, e.g. with Swift Testing:
///
/// ```swift
/// @Test(arguments: StorageConformance.allCases)
/// func conforms(_ check: StorageConformance) async throws {
///     try await check.run { setup in
///         try SQLiteStorage(
///             path: setup.directory.appending(path: "admin.sqlite"),
///             options: .init(changeLogRetention: setup.changeLogRetention)
///         )
///     }
/// }
/// ```
///
/// `run` hands the factory a ``StorageConformanceSetup``: a fresh, empty temporary directory
/// (deleted afterwards) and the change-log retention to configure. Checks that test persistence
/// close the storage and call the factory again with the same setup, so the factory must open
/// whatever the directory already holds. A failed check throws a
/// ``StorageConformanceFailure`` describing what was expected and what was found; the suite needs
/// no test framework.
public enum StorageConformance: String, CaseIterable, Sendable, CustomStringConvertible {
    /// A deployment (HTTP and Lambda, every field set) reads back equal; removal works.
    case deploymentRoundTrip
    /// Latest-revision pointers read back, list, and clear.
    case latestRevisionRoundTrip
    /// Subscriptions read back, list, replace and remove.
    case subscriptionRoundTrip
    /// Service state (binary and empty values) reads back, is replaced whole, and empties away.
    case serviceStateRoundTrip
    /// Invocation records read back, replace and remove.
    case invocationRoundTrip
    /// The count of unfinished invocations pinned to a deployment follows puts, re-pins,
    /// completions, removals and rollbacks, and survives a reopen.
    case pinnedInvocationIndex
    /// The schema version starts at 0 and stores any `UInt64`.
    case schemaVersionRoundTrip
    /// A write sees its own writes, including index changes.
    case readYourOwnWrites
    /// A write whose body throws leaves no trace and rethrows the body's error.
    case rollbackOnThrow
    /// Readers running during many multi-record writes never see half of one.
    case snapshotIsolation
    /// A read issued while a write is open and half done sees the last commit (or, on a backend
    /// whose reads wait for the writer, the state after the commit); never the half. See
    /// ``OpenWriteProbe``.
    case readDuringOpenWrite
    /// Every record type survives close and reopen.
    case persistenceAcrossReopen
    /// Opening an existing store again (migrations included) changes nothing.
    case idempotentReopen
    /// 50 concurrent read-modify-write increments lose no update.
    case concurrentWritersNoLostUpdate
    /// A registry of 10,000 deployments: bulk insert, then lookups by id, identity and service.
    case largeRegistry
    /// `revisionHolders`: highest revision first, ties by greatest id, `limit` honoured, maintained.
    case revisionHoldersOrdering
    /// The identity-key index follows puts, replacements and removals (long keys included).
    case identityIndexMaintenance
    /// A closed storage refuses reads and writes.
    case closedStorageRejectsCalls
    /// Each committed `RegistryChanges` sets the next version and logs its change; the log
    /// reads back in order, survives a reopen, and replays into exactly the stored registry.
    case changeLogRoundTrip
    /// 40 concurrent writers: versions 1…40, each logged once, each entry the change its writer
    /// committed.
    case changeLogWithoutGaps
    /// A write that logs a change and then throws leaves neither its version nor its entry.
    case changeLogRollsBack
    /// With a retention of 8, the log keeps at least the last 8 versions and at most 16, says when
    /// it no longer reaches back, and keeps doing so across a reopen.
    case changeLogCompaction
    /// `allServiceStates` and `allInvocations` list every object with state and every invocation
    /// record, sorted, following replacements, removals and the write's own changes, and across a
    /// reopen.
    case fullListings
    /// `clearChangeLog` empties the log without touching the version, rolls back with its write,
    /// and the log restarts with the next commit (also across a reopen).
    case changeLogClear
    /// A `StorageDump` export restores (`StorageRestore`, with replace) to exactly the same
    /// records and version, and a refused restore changes nothing.
    case dumpRoundTrip

    /// The case name.
    public var description: String { rawValue }

    /// Runs this check against storages made by `makeStorage` in a fresh temporary directory.
    /// - Throws: ``StorageConformanceFailure`` when the backend misbehaves, or the backend's error.
    public func run(_ makeStorage: @escaping @Sendable (StorageConformanceSetup) async throws -> any Storage) async throws {
        try await TemporaryDirectory.with(prefix: "storage-conformance-\(rawValue)") { directory in
            let setup = StorageConformanceSetup(
                directory: directory, changeLogRetention: self == .changeLogCompaction ? 8 : RegistryChange.defaultLogRetention
            )
            try await run(ConformanceHarness(check: self, setup: setup, makeStorage: makeStorage))
        }
    }

    private func run(_ harness: ConformanceHarness) async throws {
        switch self {
        case .deploymentRoundTrip: try await harness.deploymentRoundTrip()
        case .latestRevisionRoundTrip: try await harness.latestRevisionRoundTrip()
        case .subscriptionRoundTrip: try await harness.subscriptionRoundTrip()
        case .serviceStateRoundTrip: try await harness.serviceStateRoundTrip()
        case .invocationRoundTrip: try await harness.invocationRoundTrip()
        case .pinnedInvocationIndex: try await harness.pinnedInvocationIndex()
        case .schemaVersionRoundTrip: try await harness.schemaVersionRoundTrip()
        case .readYourOwnWrites: try await harness.readYourOwnWrites()
        case .rollbackOnThrow: try await harness.rollbackOnThrow()
        case .snapshotIsolation: try await harness.snapshotIsolation()
        case .readDuringOpenWrite: try await harness.readDuringOpenWrite()
        case .persistenceAcrossReopen: try await harness.persistenceAcrossReopen()
        case .idempotentReopen: try await harness.idempotentReopen()
        case .concurrentWritersNoLostUpdate: try await harness.concurrentWritersNoLostUpdate()
        case .largeRegistry: try await harness.largeRegistry()
        case .revisionHoldersOrdering: try await harness.revisionHoldersOrdering()
        case .identityIndexMaintenance: try await harness.identityIndexMaintenance()
        case .closedStorageRejectsCalls: try await harness.closedStorageRejectsCalls()
        case .changeLogRoundTrip: try await harness.changeLogRoundTrip()
        case .changeLogWithoutGaps: try await harness.changeLogWithoutGaps()
        case .changeLogRollsBack: try await harness.changeLogRollsBack()
        case .changeLogCompaction: try await harness.changeLogCompaction()
        case .fullListings: try await harness.fullListings()
        case .changeLogClear: try await harness.changeLogClear()
        case .dumpRoundTrip: try await harness.dumpRoundTrip()
        }
    }
}

/// Where and how a conformance check opens the storage under test.
public struct StorageConformanceSetup: Sendable {
    /// The storage's directory: fresh and empty for each check; opening it again must find what
    /// was written to it.
    public let directory: URL
    /// How many versions the change log must keep (at least; a backend may keep more, up to twice
    /// as many).
    public let changeLogRetention: Int
}

/// A conformance check that failed: which check, and what was expected.
public struct StorageConformanceFailure: Error, Sendable, CustomStringConvertible {
    /// The check that failed.
    public let check: StorageConformance
    /// What was expected and what was found.
    public let message: String

    /// Creates a failure.
    public init(check: StorageConformance, message: String) {
        self.check = check
        self.message = message
    }

    /// `storage conformance check '<check>' failed: <message>`.
    public var description: String { "storage conformance check '\(check)' failed: \(message)" }
}

/// The directory, the factory and the assertion helpers one check runs with.
struct ConformanceHarness: Sendable {
    let check: StorageConformance
    let setup: StorageConformanceSetup
    let makeStorage: @Sendable (StorageConformanceSetup) async throws -> any Storage

    /// The check's directory.
    var directory: URL { setup.directory }

    /// Opens a storage on the check's setup, runs `body`, and closes it (also on failure).
    func withStorage<T>(_ body: (any Storage) async throws -> T) async throws -> T {
        let storage = try await makeStorage(setup)
        do {
            let result = try await body(storage)
            try await storage.close()
            return result
        } catch {
            try? await storage.close()
            throw error
        }
    }

    /// Fails the check with `message` unless `condition` holds.
    func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw failure(message()) }
    }

    /// Fails the check unless `actual == expected`.
    func expectEqual<T: Equatable>(_ actual: T, _ expected: T, _ what: @autoclosure () -> String) throws {
        if actual != expected { throw failure("\(what()): expected \(expected), got \(actual)") }
    }

    func failure(_ message: String) -> StorageConformanceFailure {
        StorageConformanceFailure(check: check, message: message)
    }
}
