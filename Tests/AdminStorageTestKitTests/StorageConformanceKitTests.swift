import AdminCore
import AdminStorageTestKit
import Foundation
import Synchronization
import Testing

/// Keeps one store per directory, so "reopening" a directory finds what was written before.
final class Disks: Sendable {
    private let disks = Mutex<[URL: FlawedMemoryStorage.Disk]>([:])
    private let memories = Mutex<[URL: InMemoryStorage]>([:])

    func disk(_ directory: URL) -> FlawedMemoryStorage.Disk {
        disks.withLock { all in
            if let disk = all[directory] { return disk }
            let disk = FlawedMemoryStorage.Disk()
            all[directory] = disk
            return disk
        }
    }

    func inMemory(_ setup: StorageConformanceSetup) -> InMemoryStorage {
        memories.withLock { all in
            if let storage = all[setup.directory] { return storage }
            let storage = InMemoryStorage(changeLogRetention: setup.changeLogRetention)
            all[setup.directory] = storage
            return storage
        }
    }
}

/// An ``InMemoryStorage`` whose `close()` only closes this handle, so the kit can reopen it.
final class ReopenableInMemoryStorage: Storage {
    let base: InMemoryStorage
    let closed = Mutex(false)

    init(base: InMemoryStorage) { self.base = base }

    func read<T: Sendable>(_ body: @Sendable (any StorageReader) throws -> T) async throws -> T {
        guard !closed.withLock({ $0 }) else { throw AdminError(.storage, "closed") }
        return try await base.read(body)
    }
    func write<T: Sendable>(_ body: @Sendable (any StorageWriter) throws -> T) async throws -> T {
        guard !closed.withLock({ $0 }) else { throw AdminError(.storage, "closed") }
        return try await base.write(body)
    }
    func close() async throws { closed.withLock { $0 = true } }
}

@Suite("The storage conformance kit")
struct StorageConformanceKitTests {
    @Test("InMemoryStorage passes every check", arguments: StorageConformance.allCases)
    func inMemoryStoragePasses(_ check: StorageConformance) async throws {
        let disks = Disks()
        try await check.run { setup in ReopenableInMemoryStorage(base: disks.inMemory(setup)) }
    }

    @Test("A correct copy-on-write backend passes every check", arguments: StorageConformance.allCases)
    func correctBackendPasses(_ check: StorageConformance) async throws {
        let disks = Disks()
        try await check.run { setup in
            FlawedMemoryStorage(disk: disks.disk(setup.directory), flaw: .none, changeLogRetention: setup.changeLogRetention)
        }
    }

    @Test("The kit catches a backend that keeps the writes of a body that threw")
    func catchesMissingRollback() async throws {
        try await expectCaught(.noRollback, by: .rollbackOnThrow)
    }

    @Test("The kit catches a backend that loses concurrent updates")
    func catchesLostUpdates() async throws {
        try await expectCaught(.lostUpdate, by: .concurrentWritersNoLostUpdate)
    }

    @Test("The kit catches a backend whose readers see half of a write")
    func catchesDirtyReads() async throws {
        try await expectCaught(.dirtyReads, by: .snapshotIsolation)
    }

    @Test("The kit catches a backend whose reads see a write that is still open")
    func catchesReadUncommitted() async throws {
        try await expectCaught(.readUncommitted, by: .readDuringOpenWrite)
    }

    @Test("The open-write probe tells a backend that reads from the last commit from one whose reads wait")
    func openWriteProbeOutcomes() async throws {
        let snapshotReads = try await OpenWriteProbe.run(on: FlawedMemoryStorage(flaw: .none))
        #expect(snapshotReads.finishedDuringWrite && snapshotReads.versionSeen == 1, "\(snapshotReads)")
        let waitingReads = try await OpenWriteProbe.run(on: InMemoryStorage(), patience: .milliseconds(200))
        #expect(!waitingReads.finishedDuringWrite && waitingReads.versionSeen == 2, "\(waitingReads)")
    }

    @Test("The kit catches a backend that leaves stale identity-index entries")
    func catchesStaleIdentityIndex() async throws {
        try await expectCaught(.staleIdentityIndex, by: .identityIndexMaintenance)
    }

    @Test("The kit catches revision-holder ties ordered by id text instead of id order")
    func catchesTextualTieOrder() async throws {
        try await expectCaught(.textualTieOrder, by: .revisionHoldersOrdering)
    }

    @Test(
        "The kit catches a backend that persists nothing across reopen", arguments: [StorageConformance.persistenceAcrossReopen, .idempotentReopen])
    func catchesNothingPersisted(_ check: StorageConformance) async throws {
        let failure = await #expect(throws: StorageConformanceFailure.self) {
            try await check.run { _ in FlawedMemoryStorage(flaw: .none) }
        }
        #expect(failure?.check == check)
    }

    @Test("The kit catches a change log written outside the transaction")
    func catchesChangeLogOutsideTransaction() async throws {
        try await expectCaught(.changeLogOutsideTransaction, by: .changeLogRollsBack)
    }

    @Test("The kit catches a change log that is never compacted")
    func catchesUnboundedChangeLog() async throws {
        try await expectCaught(.unboundedChangeLog, by: .changeLogCompaction)
    }

    @Test("The kit catches completed invocations counted as pinned")
    func catchesCompletedInvocationsHolding() async throws {
        try await expectCaught(.completedInvocationsHold, by: .pinnedInvocationIndex)
    }

    private func expectCaught(_ flaw: FlawedMemoryStorage.Flaw, by check: StorageConformance) async throws {
        let disks = Disks()
        let failure = await #expect(throws: StorageConformanceFailure.self) {
            try await check.run { setup in
                FlawedMemoryStorage(disk: disks.disk(setup.directory), flaw: flaw, changeLogRetention: setup.changeLogRetention)
            }
        }
        #expect(failure?.check == check)
        #expect(failure?.description.contains("storage conformance check '\(check)' failed") == true)
    }
}
