import AdminCore

/// Checks a `GroupCommitEngine`'s primitives on their own, without the group-commit algorithm:
/// a kept step reaches the commit, a discarded step does not, a step sees the steps kept before
/// it, and closing a transaction without committing it rolls back everything in it.
///
/// The algorithm itself is tested once, in AdminCore's tests, against a scripted engine; a backend
/// that passes this check inherits its promises. Run it on a fresh, empty store, with nothing else
/// using the engine, from one thread (an engine may bind a transaction to its thread).
public enum GroupCommitPrimitives {
    /// Runs the check and returns one line per primitive that misbehaved (empty when all is well).
    public static func problems<Engine: GroupCommitEngine>(of engine: Engine) throws -> [String] {
        var problems: [String] = []
        func state(_ key: String, _ writer: any StorageWriter) throws -> Bool {
            try !writer.serviceState(service: "Primitives", key: key).isEmpty
        }
        func set(_ key: String, _ writer: any StorageWriter) throws {
            try writer.setServiceState(service: "Primitives", key: key, state: ["v": [1]])
        }

        // One transaction: keep k1, discard k2, keep k3 (which must see k1 and not k2), commit.
        let first = try engine.beginTransaction()
        var step = try engine.beginStep(in: first)
        try set("k1", engine.writer(for: step, in: first))
        try engine.endStep(step, in: first, keeping: true)
        step = try engine.beginStep(in: first)
        try set("k2", engine.writer(for: step, in: first))
        try engine.endStep(step, in: first, keeping: false)
        step = try engine.beginStep(in: first)
        let third = engine.writer(for: step, in: first)
        if try !state("k1", third) { problems.append("a step does not see the step kept before it") }
        if try state("k2", third) { problems.append("a step sees a discarded step") }
        try set("k3", third)
        try engine.endStep(step, in: first, keeping: true)
        if engine.isLost(first) { problems.append("isLost is true for a healthy transaction") }
        if engine.isOutOfSpace(first) { problems.append("isOutOfSpace is true for a transaction that had room") }
        try engine.commit(first)
        engine.close(first)

        // The next transaction sees the commit; its own write is gone when it closes uncommitted.
        let second = try engine.beginTransaction()
        step = try engine.beginStep(in: second)
        let reader = engine.writer(for: step, in: second)
        if try !state("k1", reader) || !state("k3", reader) { problems.append("a committed step is missing after the commit") }
        if try state("k2", reader) { problems.append("a discarded step reached the commit") }
        try set("k4", reader)
        try engine.endStep(step, in: second, keeping: true)
        engine.close(second)

        let last = try engine.beginTransaction()
        step = try engine.beginStep(in: last)
        if try state("k4", engine.writer(for: step, in: last)) {
            problems.append("closing a transaction without committing it kept its writes")
        }
        try engine.endStep(step, in: last, keeping: false)
        engine.close(last)
        return problems
    }
}
