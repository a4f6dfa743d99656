import AdminCore

extension ConformanceHarness {
    /// ``StorageReader/pinnedInvocationCount(_:)`` follows every write of invocation records:
    /// only unfinished, pinned invocations count, each for the deployment it is pinned to; a
    /// re-pin moves it, completion or removal drops it, a rolled-back write leaves the count as it
    /// was, and the index survives a reopen.
    func pinnedInvocationIndex() async throws {
        let (a, b, c) = (DeploymentID.generate(), DeploymentID.generate(), DeploymentID.generate())
        @Sendable func record(_ index: Int, _ status: InvocationStatus, _ pinned: DeploymentID?) -> InvocationRecord {
            var record = StorageFixtures.invocation(index: index, status: status)
            record.pinnedDeployment = pinned
            return record
        }
        // Every status pinned to `a`: all but the completed one count. Unpinned ones never count.
        let onA = InvocationStatus.allCases.enumerated().map { record($0.offset + 1, $0.element, a) }
        let unpinned = InvocationStatus.allCases.enumerated().map { record($0.offset + 100, $0.element, nil) }
        let onB = [record(200, .paused, b), record(201, .suspended, b)]
        let counts: @Sendable (any StorageReader) throws -> [Int] = { reader in
            [try reader.pinnedInvocationCount(a), try reader.pinnedInvocationCount(b), try reader.pinnedInvocationCount(c)]
        }
        try await withStorage { storage in
            try expectEqual(try await storage.read(counts), [0, 0, 0], "the counts of an empty store")
            try await storage.write { tx in for r in onA + unpinned + onB { try tx.putInvocation(r) } }
            let unfinished = InvocationStatus.allCases.filter { $0 != .completed }.count
            try expectEqual(try await storage.read(counts), [unfinished, 2, 0], "pinned unfinished invocations per deployment")

            // Moving one from b to c, completing one on a, removing one on b, pinning an unpinned one to c.
            let moved = record(200, .paused, c)
            let finished = record(InvocationStatus.allCases.firstIndex(of: .invoked)! + 1, .completed, a)
            let newlyPinned = record(InvocationStatus.allCases.firstIndex(of: .suspended)! + 100, .suspended, c)
            try await storage.write { tx in
                try tx.putInvocation(moved)
                try tx.putInvocation(finished)
                try tx.removeInvocation(onB[1].id)
                try tx.putInvocation(newlyPinned)
            }
            try expectEqual(try await storage.read(counts), [unfinished - 1, 0, 2], "after a move, a completion, a removal and a pin")

            // Inside a write the index follows the write; a write that throws leaves it as it was.
            struct Abandoned: Error {}
            do {
                try await storage.write { tx in
                    try tx.putInvocation(record(300, .invoked, b))
                    try tx.removeInvocation(moved.id)
                    try expectEqual(try counts(tx), [unfinished - 1, 1, 1], "the counts inside the write")
                    throw Abandoned()
                }
                throw failure("the write that threw was not reported as failed")
            } catch is Abandoned {}
            try expectEqual(try await storage.read(counts), [unfinished - 1, 0, 2], "after a rolled-back write")
        }
        try await withStorage { storage in
            let unfinished = InvocationStatus.allCases.filter { $0 != .completed }.count
            try expectEqual(try await storage.read(counts), [unfinished - 1, 0, 2], "the counts after a reopen")
        }
    }
}
