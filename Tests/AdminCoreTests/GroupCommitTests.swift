import Dispatch
import Synchronization
import Testing

@testable import AdminCore

/// The group-commit algorithm, once, against a scripted engine that fails at every step.
///
/// Each trial holds the writer in one transaction, queues `count` writes behind it (so they form
/// one batch), releases the writer, and checks what the writes did against what the engine
/// committed. Write `i` reads the counter `Group/counter`, increments it and stores the new value
/// under `Group/k<i>`: the committed values of the successful writes must then be 1, 2, 3, … in
/// arrival order, which shows that each write saw exactly the writes kept before it and that
/// nothing of a failed write reached the commit.
@Suite("GroupCommit algorithm", .serialized, .timeLimit(.minutes(1)))
struct GroupCommitTests {
    struct Refused: Error {}

    /// What the queued writes of one trial did.
    struct Trial {
        /// Write `i`'s error, or `nil` when it succeeded.
        var errors: [Int: (any Error)?] = [:]
        /// Writes answered with success while their write was not committed yet.
        var answeredEarly: [Int] = []
        /// The engine after the trial.
        let engine: ScriptedCommitEngine

        func succeeded(_ i: Int) -> Bool { errors[i].map { $0 == nil } ?? false }
        var failing: Set<Int> { Set(errors.filter { $0.value != nil }.keys) }
        func errorText(_ i: Int) -> String? { errors[i].flatMap { $0.map { "\($0)" } } }
    }

    static func key(_ i: Int) -> String { InMemoryRegistry.stateKey("Group", "k\(i)") }

    /// Runs one trial.
    static func trial(count: Int, throwing: Set<Int> = [], engine: ScriptedCommitEngine) async throws -> Trial {
        let commit = GroupCommit(label: "test.group-commit", engine: engine)
        let release = DispatchSemaphore(value: 0)
        let inside = DispatchSemaphore(value: 0)
        async let holder: Void = commit.submit { tx in
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
        var trial = Trial(engine: engine)
        let results = await withTaskGroup(of: (Int, (any Error)?, Bool).self) { group in
            for i in 0..<count {
                // One at a time, so that the writes arrive in the order of their numbers.
                while commit.waiting < i { try? await Task.sleep(for: .milliseconds(1)) }
                group.addTask {
                    do {
                        try await commit.submit { tx in
                            let counter = try tx.serviceState(service: "Group", key: "counter")["n"]?.first ?? 0
                            try tx.setServiceState(service: "Group", key: "counter", state: ["n": [counter + 1]])
                            try tx.setServiceState(service: "Group", key: "k\(i)", state: ["n": [counter + 1]])
                            if throwing.contains(i) { throw Refused() }
                        }
                        return (i, nil, engine.committed[key(i)] == nil)
                    } catch {
                        return (i, error, false)
                    }
                }
            }
            while commit.waiting < count { try? await Task.sleep(for: .milliseconds(1)) }
            release.signal()
            var results: [(Int, (any Error)?, Bool)] = []
            for await result in group { results.append(result) }
            return results
        }
        try await holder
        for (i, error, early) in results {
            trial.errors[i] = error
            if early { trial.answeredEarly.append(i) }
        }
        return trial
    }

    /// The promises every trial must keep, whatever failed; one line per broken promise.
    static func brokenPromises(_ trial: Trial, count: Int, throwing: Set<Int>) -> [String] {
        var problems: [String] = []
        let committed = trial.engine.committed
        for i in 0..<count {
            guard trial.errors.keys.contains(i) else {
                problems.append("write \(i) was never answered")
                continue
            }
            let stored = committed[key(i)] != nil
            if trial.succeeded(i) != stored {
                problems.append("write \(i): \(trial.succeeded(i) ? "succeeded" : "failed") but is \(stored ? "" : "not ")committed")
            }
            if throwing.contains(i), trial.succeeded(i) {
                problems.append("write \(i) threw Refused but was answered with success")
            }
        }
        if !trial.answeredEarly.isEmpty { problems.append("answered before their commit: \(trial.answeredEarly.sorted())") }
        let values = (0..<count).filter(trial.succeeded).map { committed[key($0)]?["n"]?.first.map(Int.init) ?? -1 }
        if values != (0..<values.count).map({ $0 + 1 }) {
            problems.append("the successful writes committed the values \(values), not 1, 2, 3, … in arrival order")
        }
        let counter = committed[InMemoryRegistry.stateKey("Group", "counter")]?["n"]?.first.map(Int.init) ?? 0
        if counter != values.count { problems.append("the counter is \(counter) after \(values.count) successful writes") }
        let counts = trial.engine.counts
        if counts.begun != counts.closed || trial.engine.isOpen {
            problems.append("\(counts.begun) transactions begun, \(counts.closed) closed")
        }
        return problems
    }

    // MARK: - Every single failure at every step

    struct FaultCase: Sendable, CustomStringConvertible {
        let faults: Set<ScriptedCommitEngine.Fault>
        let throwing: Set<Int>
        var description: String {
            let names = faults.map(\.description).sorted().joined(separator: " + ")
            return throwing.isEmpty ? names : "\(names), writes \(throwing.sorted()) throw"
        }
    }

    static let count = 4

    static let singleFaults: [ScriptedCommitEngine.Fault] = ScriptedCommitEngine.Point.allCases.flatMap { point in
        (1...3).flatMap { attempt in
            (point.isPerStep ? Array(0..<count) : [0]).map { ScriptedCommitEngine.Fault(attempt: attempt, step: $0, point: point) }
        }
    }

    static let singleCases: [FaultCase] = singleFaults.flatMap { fault in
        [FaultCase(faults: [fault], throwing: []), FaultCase(faults: [fault], throwing: [1])]
    }

    /// Pairs of failures, drawn with a fixed seed so that every run tries the same ones.
    static let pairCases: [FaultCase] = {
        var generator = SplitMix64(seed: 0x6772_6f75_7063)
        return (0..<150).map { n in
            let a = singleFaults[Int(generator.next() % UInt64(singleFaults.count))]
            let b = singleFaults[Int(generator.next() % UInt64(singleFaults.count))]
            return FaultCase(faults: [a, b], throwing: n.isMultiple(of: 3) ? [2] : [])
        }
    }()

    @Test("Every promise holds when one step fails", arguments: singleCases)
    func singleFailure(_ scenario: FaultCase) async throws {
        let trial = try await Self.trial(
            count: Self.count, throwing: scenario.throwing, engine: ScriptedCommitEngine(faults: scenario.faults)
        )
        #expect(Self.brokenPromises(trial, count: Self.count, throwing: scenario.throwing) == [])
    }

    @Test("Every promise holds when two steps fail", arguments: pairCases)
    func twoFailures(_ scenario: FaultCase) async throws {
        let trial = try await Self.trial(
            count: Self.count, throwing: scenario.throwing, engine: ScriptedCommitEngine(faults: scenario.faults)
        )
        #expect(Self.brokenPromises(trial, count: Self.count, throwing: scenario.throwing) == [])
    }

    // MARK: - Exact outcomes

    struct Scenario: Sendable, CustomStringConvertible {
        let name: String
        var count = 6
        var throwing: Set<Int> = []
        var faults: Set<ScriptedCommitEngine.Fault> = []
        var neverFits: Set<Int> = []
        /// The writes that fail, with the text of their error (`Refused` for their own).
        let failing: [Int: String]
        /// Transactions the batch begins and commits (the holder's not counted).
        let begun: Int
        let commits: Int
        var description: String { name }
    }

    static func fault(_ point: ScriptedCommitEngine.Point, _ attempt: Int, _ step: Int = 0) -> ScriptedCommitEngine.Fault {
        .init(attempt: attempt, step: step, point: point)
    }

    static let scenarios: [Scenario] = [
        Scenario(name: "no failure: one transaction, one commit", failing: [:], begun: 1, commits: 1),
        Scenario(name: "bodies that throw roll back alone", throwing: [0, 3], failing: [0: "Refused", 3: "Refused"], begun: 1, commits: 1),
        Scenario(
            name: "a throwing body that loses the transaction: the others run again", throwing: [2], faults: [fault(.lose, 1, 2)],
            failing: [2: "Refused"], begun: 2, commits: 1
        ),
        Scenario(
            name: "a lost transaction after a successful body: that write fails, the others run again", faults: [fault(.lose, 1, 2)],
            failing: [2: "injected lose@1.2"], begun: 2, commits: 1
        ),
        Scenario(
            name: "a step that cannot end: its write fails, nothing of it is committed", faults: [fault(.endStep, 1, 1)],
            failing: [1: "injected endStep@1.1"], begun: 2, commits: 1
        ),
        Scenario(
            name: "a step that cannot begin: its write fails", faults: [fault(.beginStep, 1, 3)],
            failing: [3: "injected beginStep@1.3"], begun: 2, commits: 1
        ),
        Scenario(
            name: "no transaction can begin: every write fails with that error", count: 3, faults: [fault(.beginTransaction, 1)],
            failing: [0: "injected beginTransaction@1", 1: "injected beginTransaction@1", 2: "injected beginTransaction@1"],
            begun: 0, commits: 0
        ),
        Scenario(
            name: "the commit fails: every kept write fails with it", count: 3, throwing: [1], faults: [fault(.commit, 1)],
            failing: [0: "injected commit@1", 1: "Refused", 2: "injected commit@1"], begun: 1, commits: 0
        ),
        Scenario(
            name: "out of space: the store grows and the whole batch runs again", throwing: [4],
            faults: [fault(.outOfSpaceQuiet, 1, 2)], failing: [4: "Refused"], begun: 2, commits: 1
        ),
        Scenario(
            name: "out of space when a step ends: the store grows and the batch runs again",
            faults: [fault(.outOfSpaceThrowing, 1, 0)], failing: [:], begun: 2, commits: 1
        ),
        Scenario(
            name: "out of space at the commit: the store grows and the batch runs again",
            faults: [fault(.commitOutOfSpace, 1)], failing: [:], begun: 2, commits: 1
        ),
        Scenario(
            name: "the store cannot grow: the writes run one by one", count: 4,
            faults: [fault(.outOfSpaceQuiet, 1, 1), fault(.grow, 1)], failing: [:], begun: 5, commits: 4
        ),
        Scenario(
            name: "a write that never fits fails alone", count: 4, neverFits: [2],
            failing: [2: "injected grow@4"], begun: 5, commits: 3
        ),
    ]

    @Test("Exact outcomes", arguments: scenarios)
    func exactOutcome(_ scenario: Scenario) async throws {
        let engine = ScriptedCommitEngine(faults: scenario.faults, neverFits: Set(scenario.neverFits.map(Self.key)))
        let trial = try await Self.trial(count: scenario.count, throwing: scenario.throwing, engine: engine)
        #expect(Self.brokenPromises(trial, count: scenario.count, throwing: scenario.throwing) == [])
        let failing = Dictionary(
            uniqueKeysWithValues: trial.failing.map { i in
                (i, trial.errors[i].flatMap { $0 } is Refused ? "Refused" : trial.errorText(i) ?? "")
            })
        #expect(failing == scenario.failing)
        let counts = engine.counts
        #expect(counts.begun - 1 == scenario.begun, "transactions begun")
        #expect(counts.commits - 1 == scenario.commits, "commits")
    }

    @Test("Closing: later writes are refused, earlier ones run first, the engine closes last")
    func closing() async throws {
        let engine = ScriptedCommitEngine()
        let commit = GroupCommit(label: "test.group-commit.close", engine: engine)
        try await commit.submit { try $0.setServiceState(service: "Group", key: "before", state: ["v": [1]]) }
        let refusal = AdminError(.storage, "closed for the test")
        #expect(commit.refuseNewWrites(with: refusal))
        #expect(!commit.refuseNewWrites(with: refusal), "a store closes once")
        #expect(commit.refusesWrites)
        let error = await #expect(throws: AdminError.self) {
            try await commit.submit { try $0.setServiceState(service: "Group", key: "after", state: ["v": [1]]) }
        }
        #expect(error == refusal)
        let committed = Mutex(0)
        try await commit.close { committed.withLock { $0 = engine.counts.commits } }
        #expect(committed.withLock { $0 } == 1, "the engine closed after the write queued before it committed")
        #expect(engine.committed[Self.key(0).replacingOccurrences(of: "k0", with: "before")] != nil)
        #expect(engine.committed[InMemoryRegistry.stateKey("Group", "after")] == nil)
    }
}
