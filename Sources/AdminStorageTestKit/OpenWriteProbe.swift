import AdminCore
import Dispatch

/// What a read issued in the middle of an open write observed.
///
/// The probe commits version 1 of a multi-record write, then opens the write of version 2, does
/// half of it, and issues a read from another task while that write is held open. A backend that
/// serves reads from the last committed snapshot (SQLite in WAL mode, LMDB) finishes the read
/// during the write and shows version 1; a backend whose reads wait for the writer (such as
/// `InMemoryStorage`) finishes it after the commit. Either way the read must never see half.
public struct OpenWriteProbe: Sendable, Equatable {
    /// Whether the read finished while the write was still open.
    public let finishedDuringWrite: Bool
    /// The schema version the read saw: 1 is the state before the open write, 2 the state after.
    public let versionSeen: UInt64

    /// Runs the probe on `storage`, which must be empty, holding the write open for at most
    /// `patience` while the read runs.
    /// - Throws: ``StorageConformanceFailure`` (check ``StorageConformance/readDuringOpenWrite``)
    ///   when the read sees half of a write, or the backend's error.
    public static func run(on storage: any Storage, patience: Duration = .seconds(5)) async throws -> OpenWriteProbe {
        try await storage.write { tx in try ConsistentWrite.apply(tx, version: 1) }
        let executor = ThreadTaskExecutor(label: "restate-admin.open-write-probe")
        let (read, finishedDuringWrite) = try await storage.write { tx in
            try ConsistentWrite.applyFirstHalf(tx, version: 2)
            let finished = DispatchSemaphore(value: 0)
            let read = Task(executorPreference: executor) {
                defer { finished.signal() }
                return try await storage.read { reader in try ConsistentWrite.check(reader, for: .readDuringOpenWrite) }
            }
            let (seconds, attoseconds) = patience.components
            let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
            let inTime = finished.wait(timeout: .now() + .nanoseconds(nanoseconds)) == .success
            try ConsistentWrite.applySecondHalf(tx, version: 2)
            return (read, inTime)
        }
        let versionSeen = try await read.value
        // The read's jobs ran on `executor`: keep it alive until the read is over.
        withExtendedLifetime(executor) {}
        return OpenWriteProbe(finishedDuringWrite: finishedDuringWrite, versionSeen: versionSeen)
    }
}
