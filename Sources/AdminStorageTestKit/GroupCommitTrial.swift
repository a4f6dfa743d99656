import AdminCore
import Dispatch

/// Drives a backend's group commit from a test: holds the writer inside one transaction, queues
/// writes behind it, releases the writer, and reports what the queued writes did.
///
/// Write `i` sets the state of object `Group/k<i>` to `["v": "<i>"]`. It then throws
/// ``Refused`` when `i` is in `throwing`; when `i` is in `abandoning` it first calls `abandon`
/// (a backend-specific way to make the engine give up the shared transaction) and throws.
public enum GroupCommitTrial {
    /// The error a refusing write throws.
    public struct Refused: Error, Equatable {}

    /// The queued writes did not all reach the backend's queue within 30 seconds.
    public struct Stalled: Error, CustomStringConvertible {
        /// How many were waiting, and how many were expected.
        public let waiting: Int, expected: Int
        /// A sentence saying so.
        public var description: String { "only \(waiting) of \(expected) writes queued up behind the held write" }
    }

    /// What the queued writes did.
    public struct Outcome: Sendable {
        /// Whether write `i` returned (`true`) or threw (`false`).
        public var succeeded: [Int: Bool]
        /// The errors of the writes that threw something other than ``Refused``.
        public var errors: [Int: String]
        /// How many transactions the queued writes took (the held one not counted).
        public var transactions: Int
    }

    /// Runs the trial.
    /// - Parameters:
    ///   - storage: an open, empty storage.
    ///   - waiting: how many writes wait for the next transaction (the backend's own counter).
    ///   - count: how many writes to queue.
    ///   - throwing: the writes that throw after writing.
    ///   - abandoning: the writes that call `abandon`, then throw.
    ///   - abandon: makes the engine give up the transaction `writer` belongs to.
    public static func run(
        _ storage: some StorageStatisticsReporting, waiting: @escaping @Sendable () -> Int, count: Int,
        throwing: Set<Int> = [], abandoning: Set<Int> = [], abandon: @escaping @Sendable (any StorageWriter) throws -> Void = { _ in }
    ) async throws -> Outcome {
        let release = DispatchSemaphore(value: 0)
        let inside = DispatchSemaphore(value: 0)
        async let holder: Void = storage.write { tx in
            try tx.setServiceState(service: "Group", key: "holder", state: ["v": [1]])
            inside.signal()
            release.wait()
        }
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                inside.wait()
                continuation.resume()
            }
        }
        let before = storage.statistics.transactions
        let results = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
            // However this ends, the held writer is let go (or the storage would never close).
            defer { release.signal() }
            for i in 0..<count {
                group.addTask {
                    do {
                        try await storage.write { tx in
                            try tx.setServiceState(service: "Group", key: "k\(i)", state: ["v": Array("\(i)".utf8)])
                            if abandoning.contains(i) {
                                try abandon(tx)
                                throw Refused()
                            }
                            if throwing.contains(i) { throw Refused() }
                        }
                        return (i, nil)
                    } catch is Refused {
                        return (i, "Refused")
                    } catch {
                        return (i, "\(error)")
                    }
                }
            }
            let deadline = ContinuousClock.now + .seconds(30)
            while waiting() < count {
                guard ContinuousClock.now < deadline else { throw Stalled(waiting: waiting(), expected: count) }
                try await Task.sleep(for: .milliseconds(1))
            }
            release.signal()
            var results: [Int: String?] = [:]
            for try await (i, error) in group { results[i] = error }
            return results
        }
        try await holder
        return Outcome(
            succeeded: results.mapValues { $0 == nil },
            errors: results.compactMapValues { $0 }.filter { $0.value != "Refused" },
            transactions: storage.statistics.transactions - before - 1
        )
    }

    /// The state write `i` leaves behind when it succeeded.
    public static func state(of i: Int) -> [String: [UInt8]] { ["v": Array("\(i)".utf8)] }

    /// Compares what the writes of `outcome` left in `storage` with what they should have: every
    /// write not in `failing` returned and its state is there; every write in `failing` threw and
    /// left nothing. Returns one line per write that differs (empty when all is well).
    public static func mismatches(in storage: any Storage, outcome: Outcome, count: Int, failing: Set<Int>) async throws -> [String] {
        try await storage.read { reader in
            try (0..<count).compactMap { i -> String? in
                let shouldSucceed = !failing.contains(i)
                let state = try reader.serviceState(service: "Group", key: "k\(i)")
                let expected = shouldSucceed ? Self.state(of: i) : [:]
                if outcome.succeeded[i] == shouldSucceed, state == expected { return nil }
                return "write \(i): returned \(outcome.succeeded[i].map(String.init) ?? "nothing"), state \(state); expected "
                    + (shouldSucceed ? "success and its state" : "Refused and no state")
            }
        }
    }
}
