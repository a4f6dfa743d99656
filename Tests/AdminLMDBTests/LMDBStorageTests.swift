import AdminCore
import AdminStorageTestKit
import AdminTestSupport
import Foundation
import Testing

@testable import AdminLMDB

@Suite("LMDBStorage", .capturingLogs)
struct LMDBStorageTests {
    @Test("A registration reads and writes the same keys with 10 and with 10,000 deployments")
    func registrationCostDoesNotGrowWithTheRegistry() async throws {
        var costs: [Int: StorageStatistics] = [:]
        for size in [10, 10_000] {
            costs[size] = try await TemporaryDirectory.with(prefix: "admin-lmdb") { directory in
                let storage = try LMDBStorage(directory: directory)
                try await RegistrationCost.populate(storage, deployments: size)
                let cost = try await RegistrationCost.measure(storage)
                try await storage.close()
                return cost
            }
        }
        let small = try #require(costs[10])
        let large = try #require(costs[10_000])
        TestLogging.logger().info("LMDB registration cost: 10 deployments: \(small); 10,000 deployments: \(large)")
        #expect(small.recordsRead == large.recordsRead)
        #expect(small.recordsWritten == large.recordsWritten)
        #expect(small.engineSteps == large.engineSteps)
        #expect(large.transactions == 1)
    }

    @Test("A foreign or corrupt data.mdb is refused at open, named, and left untouched")
    func foreignFileIsRefused() async throws {
        try await TemporaryDirectory.with(prefix: "admin-lmdb") { directory in
            let file = directory.appending(path: "data.mdb")
            for content in [Data("not an lmdb file\n".utf8), Data((0..<16_384).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) })] {
                try content.write(to: file)
                let error = #expect(throws: AdminError.self) { try LMDBStorage(directory: directory) }
                #expect(error?.kind == .storage)
                #expect(error?.message.contains(file.path) == true, "\(error?.message ?? "")")
                #expect(try Data(contentsOf: file) == content)
            }
        }
    }

    @Test("A regular file where the data directory should be is refused")
    func fileInsteadOfDirectoryIsRefused() async throws {
        try await TemporaryDirectory.with(prefix: "admin-lmdb") { directory in
            let file = directory.appending(path: "data")
            try Data("x".utf8).write(to: file)
            let error = #expect(throws: AdminError.self) { try LMDBStorage(directory: file) }
            #expect(error?.message.contains(file.path) == true)
        }
    }

    @Test("An LMDB environment made by another program is refused")
    func foreignEnvironmentIsRefused() async throws {
        try await TemporaryDirectory.with(prefix: "admin-lmdb") { directory in
            let environment = try LMDBEnvironment(directory: directory.path, mapSize: 1 << 20, maxReaders: 8, noSync: false, noMetaSync: false)
            try environment.putIntoMainDatabase(Array("someone-else".utf8), [1])
            environment.close()
            let error = #expect(throws: AdminError.self) { try LMDBStorage(directory: directory) }
            #expect(error?.message.contains("did not create") == true, "\(error?.message ?? "")")
            #expect(error?.message.contains(directory.path) == true)
        }
    }

    @Test("An environment whose on-disk format is newer than this build is refused")
    func newerFormatIsRefused() async throws {
        try await TemporaryDirectory.with(prefix: "admin-lmdb") { directory in
            try await LMDBStorage(directory: directory).close()
            let environment = try LMDBEnvironment(directory: directory.path, mapSize: 1 << 20, maxReaders: 8, noSync: false, noMetaSync: false)
            try environment.openTables()
            let txn = try environment.begin(readOnly: false)
            try txn.put(.meta, LMDBKeys.formatVersion, LMDBKeys.bigEndian(UInt32(99)))
            try txn.commit()
            environment.close()
            let error = #expect(throws: AdminError.self) { try LMDBStorage(directory: directory) }
            #expect(error?.message.contains("format version 99") == true, "\(error?.message ?? "")")
        }
    }

    @Test("The map doubles when full and the writes that filled it succeed")
    func mapGrows() async throws {
        try await TemporaryDirectory.with(prefix: "admin-lmdb") { directory in
            let storage = try LMDBStorage(directory: directory, options: .init(initialMapSize: 64 << 10, maximumMapSize: 64 << 20))
            let initial = storage.mapSize
            for _ in 0..<200 { try await CrashTrials.register(storage) }
            #expect(storage.mapSize > initial)
            #expect(try await storage.schemaVersion() == 200)
            try await storage.checkIntegrity()
            try await storage.close()
        }
    }

    @Test("Readers running while the map grows all finish, each on a whole snapshot")
    func readersDuringMapGrowth() async throws {
        try await TemporaryDirectory.with(prefix: "admin-lmdb") { directory in
            let storage = try LMDBStorage(directory: directory, options: .init(initialMapSize: 64 << 10, maximumMapSize: 64 << 20))
            let initial = storage.mapSize
            let reads = try await withThrowingTaskGroup(of: Int.self) { group in
                group.addTask {
                    for _ in 0..<200 { try await CrashTrials.register(storage) }
                    return 0
                }
                for _ in 0..<4 {
                    group.addTask {
                        var reads = 0
                        // A failing writer cancels the group, which ends the readers too.
                        while !Task.isCancelled, try await storage.schemaVersion() < 200 {
                            let (version, deployments) = try await storage.read { (try $0.schemaVersion(), try $0.allDeployments().count) }
                            #expect(deployments == Int(version), "a reader saw \(deployments) deployments at version \(version)")
                            reads += 1
                        }
                        return reads
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(storage.mapSize > initial)
            #expect(reads > 0)
            try await storage.checkIntegrity()
            try await storage.close()
        }
    }

    @Test("A full map at the configured maximum fails with a clear error and keeps the previous state")
    func fullMapKeepsPreviousState() async throws {
        try await TemporaryDirectory.with(prefix: "admin-lmdb") { directory in
            let storage = try LMDBStorage(directory: directory, options: .init(initialMapSize: 64 << 10, maximumMapSize: 256 << 10))
            let (stored, refusal) = try await CrashTrials.registerUntilRefused(storage, limit: 5_000)
            let error = try #require(refusal)
            #expect(error.kind == .storage)
            #expect(error.message.contains("maximum"), "\(error.message)")
            #expect(error.message.contains(directory.path))
            #expect(try await storage.schemaVersion() == UInt64(stored))
            #expect(try await storage.read { try $0.allDeployments().count } == stored)
            try await storage.checkIntegrity()
            try await storage.close()
            let reopened = try LMDBStorage(directory: directory, options: .init(maximumMapSize: 256 << 10))
            #expect(try await reopened.schemaVersion() == UInt64(stored))
            try await reopened.close()
        }
    }

    @Test("Each durability setting is the one the environment runs with, and it writes", arguments: LMDBStorage.Options.Durability.allCases)
    func durabilityModes(_ durability: LMDBStorage.Options.Durability) async throws {
        try await TemporaryDirectory.with(prefix: "admin-lmdb") { directory in
            let storage = try LMDBStorage(directory: directory, options: .init(durability: durability))
            let flags = try await storage.environmentSyncFlags()
            #expect(flags.noSync == (durability == .noSync))
            #expect(flags.noMetaSync == (durability == .noMetaSync))
            try await CrashTrials.register(storage)
            try await storage.close()
            let reopened = try LMDBStorage(directory: directory)
            #expect(try await reopened.schemaVersion() == 1)
            try await reopened.close()
        }
    }

    @Test("A second storage on the same directory in this process gets a clear error")
    func secondInstanceIsRefused() async throws {
        try await TemporaryDirectory.with(prefix: "admin-lmdb") { directory in
            let storage = try LMDBStorage(directory: directory)
            let error = #expect(throws: AdminError.self) { try LMDBStorage(directory: directory) }
            #expect(error?.message.contains("in use") == true)
            try await storage.close()
            try await LMDBStorage(directory: directory).close()
        }
    }

    @Test("A read issued while a write is open finishes without waiting for it and sees the last commit")
    func readsDoNotWaitForTheWriter() async throws {
        try await TemporaryDirectory.with(prefix: "admin-lmdb") { directory in
            let storage = try LMDBStorage(directory: directory)
            let probe = try await OpenWriteProbe.run(on: storage)
            #expect(probe.finishedDuringWrite)
            #expect(probe.versionSeen == 1)
            try await storage.close()
        }
    }

    @Test("An environment of format 1 opens as format 2; its change log starts empty at the version it had")
    func formatOneMigratesToTheChangeLog() async throws {
        try await TemporaryDirectory.with(prefix: "admin-lmdb") { directory in
            let storage = try LMDBStorage(directory: directory)
            try await storage.write { try $0.setSchemaVersion(5) }
            try await storage.close()
            // Mark the environment as an older build left it.
            let environment = try LMDBEnvironment(directory: directory.path, mapSize: 16 << 20, maxReaders: 8, noSync: false, noMetaSync: false)
            try environment.openTables()
            let txn = try environment.begin(readOnly: false)
            try txn.put(.meta, LMDBKeys.formatVersion, LMDBKeys.bigEndian(UInt32(1)))
            try txn.commit()
            environment.close()
            let reopened = try LMDBStorage(directory: directory)
            let (version, after5, after4) = try await reopened.read { reader in
                (try reader.schemaVersion(), try reader.changes(after: 5, limit: 10), try reader.changes(after: 4, limit: 10))
            }
            #expect(version == 5)
            #expect(after5 == [])
            #expect(after4 == nil, "the log holds nothing before the migration")
            try await reopened.close()
            let check = try LMDBEnvironment(directory: directory.path, mapSize: 16 << 20, maxReaders: 8, noSync: false, noMetaSync: false)
            try check.openTables()
            let read = try check.begin(readOnly: true)
            #expect(try read.get(.meta, LMDBKeys.formatVersion).flatMap { LMDBKeys.integer(UInt32.self, $0) } == LMDBStorage.formatVersion)
            read.abort()
            check.close()
        }
    }

    @Test("An environment of format 2 opens as format 3 with the pinned-invocation index filled from the stored invocations")
    func formatTwoIndexesThePinnedInvocations() async throws {
        try await TemporaryDirectory.with(prefix: "admin-lmdb") { directory in
            let (a, b) = (DeploymentID.generate(), DeploymentID.generate())
            let written = StorageFixtures.pinnedInvocationMix(first: a, second: b)
            let storage = try LMDBStorage(directory: directory)
            try await storage.write { tx in for record in written { try tx.putInvocation(record) } }
            try await storage.close()
            // Take the environment back to format 2, as a build before the index left it.
            let environment = try LMDBEnvironment(directory: directory.path, mapSize: 16 << 20, maxReaders: 8, noSync: false, noMetaSync: false)
            try environment.openTables()
            let txn = try environment.begin(readOnly: false)
            var indexed: [[UInt8]] = []
            try txn.scan(.pinned, prefix: []) { key, _ in
                indexed.append(key)
                return true
            }
            #expect(indexed.count == InvocationStatus.allCases.count, "the index before it is emptied")
            for key in indexed { try txn.delete(.pinned, key) }
            try txn.put(.meta, LMDBKeys.formatVersion, LMDBKeys.bigEndian(UInt32(2)))
            try txn.commit()
            environment.close()

            let reopened = try LMDBStorage(directory: directory)
            let counts = try await reopened.read { reader in
                [try reader.pinnedInvocationCount(a), try reader.pinnedInvocationCount(b), try reader.pinnedInvocationCount(DeploymentID.generate())]
            }
            #expect(counts == [InvocationStatus.allCases.count - 1, 1, 0], "every unfinished pinned record, and no completed or unpinned one")
            try await reopened.close()
        }
    }
}
