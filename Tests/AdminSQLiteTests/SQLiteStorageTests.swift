import AdminCore
import AdminStorageTestKit
import AdminTestSupport
import Foundation
import Synchronization
import Testing

@testable import AdminSQLite

@Suite("SQLiteStorage", .capturingLogs)
struct SQLiteStorageTests {
    @Test("A registration reads and writes the same rows with 10 and with 10,000 deployments")
    func registrationCostDoesNotGrowWithTheRegistry() async throws {
        var costs: [Int: StorageStatistics] = [:]
        for size in [10, 10_000] {
            costs[size] = try await TemporaryDirectory.with(prefix: "admin-sqlite") { directory in
                let storage = try SQLiteStorage(path: directory.appending(path: "admin.sqlite"))
                try await RegistrationCost.populate(storage, deployments: size)
                let cost = try await RegistrationCost.measure(storage)
                try await storage.close()
                return cost
            }
        }
        let small = try #require(costs[10])
        let large = try #require(costs[10_000])
        TestLogging.logger().info("SQLite registration cost: 10 deployments: \(small); 10,000 deployments: \(large)")
        #expect(small.recordsRead == large.recordsRead)
        #expect(small.recordsWritten == large.recordsWritten)
        #expect(small.engineSteps == large.engineSteps)
        #expect(large.fullScanSteps == 0)
        #expect(large.transactions == 1)
    }

    @Test("A file that is not a database is refused at open, named, and left untouched")
    func foreignFileIsRefused() async throws {
        try await TemporaryDirectory.with(prefix: "admin-sqlite") { directory in
            let path = directory.appending(path: "admin.sqlite")
            for content in [
                Data("this is not a database\n".utf8), Data("SQLite format 3\0".utf8) + Data((0..<8_192).map { UInt8(truncatingIfNeeded: $0 &* 31) }),
            ] {
                try content.write(to: path)
                let error = #expect(throws: AdminError.self) { try SQLiteStorage(path: path) }
                #expect(error?.kind == .storage)
                #expect(error?.message.contains(path.path) == true, "\(error?.message ?? "")")
                #expect(try Data(contentsOf: path) == content)
                #expect(!FileManager.default.fileExists(atPath: path.path + "-wal"))
            }
        }
    }

    @Test("A directory at the database path is refused")
    func directoryIsRefused() async throws {
        try await TemporaryDirectory.with(prefix: "admin-sqlite") { directory in
            let error = #expect(throws: AdminError.self) { try SQLiteStorage(path: directory) }
            #expect(error?.message.contains(directory.path) == true)
        }
    }

    @Test("A SQLite database made by another program is refused")
    func foreignDatabaseIsRefused() async throws {
        try await TemporaryDirectory.with(prefix: "admin-sqlite") { directory in
            let path = directory.appending(path: "other.sqlite")
            let connection = try SQLiteConnection(path: path.path, busyTimeoutMilliseconds: 100)
            try connection.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)", operation: "test setup")
            connection.close()
            let error = #expect(throws: AdminError.self) { try SQLiteStorage(path: path) }
            #expect(error?.message.contains("is not a restate-admin database") == true)
            #expect(error?.message.contains(path.path) == true)
        }
    }

    @Test("A database whose on-disk format is newer than this build is refused")
    func newerFormatIsRefused() async throws {
        try await TemporaryDirectory.with(prefix: "admin-sqlite") { directory in
            let path = directory.appending(path: "admin.sqlite")
            try await SQLiteStorage(path: path).close()
            let connection = try SQLiteConnection(path: path.path, busyTimeoutMilliseconds: 100)
            try connection.execute("UPDATE admin_meta SET value = 99 WHERE key = 'format_version'", operation: "test setup")
            connection.close()
            let error = #expect(throws: AdminError.self) { try SQLiteStorage(path: path) }
            #expect(error?.message.contains("format version 99") == true, "\(error?.message ?? "")")
            #expect(error?.message.contains(path.path) == true)
        }
    }

    @Test("Opening runs each migration once and records it")
    func migrationsAreIdempotent() async throws {
        try await TemporaryDirectory.with(prefix: "admin-sqlite") { directory in
            let path = directory.appending(path: "admin.sqlite")
            for _ in 0..<3 { try await SQLiteStorage(path: path).close() }
            let connection = try SQLiteConnection(path: path.path, busyTimeoutMilliseconds: 100)
            defer { connection.close() }
            #expect(
                try connection.strings("SELECT identifier FROM admin_migrations", operation: "test") == SQLiteMigrator.migrations.map(\.identifier))
            #expect(try connection.strings("PRAGMA journal_mode", operation: "test") == ["wal"])
        }
    }

    @Test("Connections opening one fresh file at the same moment all succeed (50 rounds of 6 threads)")
    func concurrentFirstOpens() async throws {
        try await TemporaryDirectory.with(prefix: "admin-sqlite") { directory in
            for round in 0..<50 {
                let failures = await Self.openAtOnce(directory.appending(path: "admin-\(round).sqlite"), threads: 6)
                #expect(failures.isEmpty, "round \(round): \(failures)")
            }
        }
    }

    /// Opens (and drops) one storage per thread, all released at the same moment; returns the errors.
    private static func openAtOnce(_ path: URL, threads: Int) async -> [String] {
        let failures = Mutex<[String]>([])
        let done = DispatchGroup()
        let start = DispatchSemaphore(value: 0)
        for _ in 0..<threads {
            done.enter()
            Thread.detachNewThread {
                start.wait()
                do {
                    _ = try SQLiteStorage(path: path)
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
                done.leave()
            }
        }
        for _ in 0..<threads { start.signal() }
        // Waits without blocking a thread of the cooperative pool.
        await withCheckedContinuation { continuation in done.notify(queue: .global()) { continuation.resume() } }
        return failures.withLock { $0 }
    }

    @Test("A full database (max_page_count) fails with a clear error and keeps the previous state")
    func fullDatabaseKeepsPreviousState() async throws {
        try await TemporaryDirectory.with(prefix: "admin-sqlite") { directory in
            let path = directory.appending(path: "admin.sqlite")
            let storage = try SQLiteStorage(path: path, options: .init(maximumPageCount: 60))
            let (stored, refusal) = try await CrashTrials.registerUntilRefused(storage, limit: 1_000)
            let error = try #require(refusal)
            #expect(error.kind == .storage)
            #expect(error.message.contains("full"), "\(error.message)")
            #expect(error.message.contains(path.path))
            #expect(try await storage.schemaVersion() == UInt64(stored))
            #expect(try await storage.read { try $0.allDeployments().count } == stored)
            try await storage.checkIntegrity()
            try await storage.close()
        }
    }

    @Test("Each durability setting is the one the writer runs with, and it writes", arguments: SQLiteStorage.Options.Synchronous.allCases)
    func synchronousModes(_ mode: SQLiteStorage.Options.Synchronous) async throws {
        try await TemporaryDirectory.with(prefix: "admin-sqlite") { directory in
            let storage = try SQLiteStorage(path: directory.appending(path: "admin.sqlite"), options: .init(synchronous: mode))
            let expected =
                switch mode {
                case .full: "2"
                case .normal: "1"
                }
            #expect(try await storage.synchronousSetting() == expected)
            try await CrashTrials.register(storage)
            #expect(try await storage.schemaVersion() == 1)
            try await storage.close()
        }
    }

    @Test("A read issued while a write is open finishes without waiting for it and sees the last commit")
    func readsDoNotWaitForTheWriter() async throws {
        try await TemporaryDirectory.with(prefix: "admin-sqlite") { directory in
            let storage = try SQLiteStorage(path: directory.appending(path: "admin.sqlite"))
            let probe = try await OpenWriteProbe.run(on: storage)
            #expect(probe.finishedDuringWrite)
            #expect(probe.versionSeen == 1)
            try await storage.close()
        }
    }

    @Test("A database of format 1 migrates to the change log, which starts empty at the version it had")
    func formatOneMigratesToTheChangeLog() async throws {
        try await TemporaryDirectory.with(prefix: "admin-sqlite") { directory in
            let path = directory.appending(path: "admin.sqlite")
            let old = try SQLiteConnection(path: path.path, busyTimeoutMilliseconds: 1_000)
            try old.execute("BEGIN IMMEDIATE", operation: "test")
            try old.execute(SQLiteMigrator.migrations[0].sql, operation: "test")
            try old.execute(
                """
                CREATE TABLE admin_migrations (identifier TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID;
                INSERT INTO admin_migrations (identifier) VALUES ('\(SQLiteMigrator.migrations[0].identifier)');
                INSERT INTO admin_meta (key, value) VALUES ('format_version', 1), ('schema_version', 7);
                PRAGMA application_id = \(SQLiteMigrator.applicationID);
                COMMIT
                """, operation: "test")
            old.close()
            let storage = try SQLiteStorage(path: path)
            let (version, after7, after6) = try await storage.read { reader in
                (try reader.schemaVersion(), try reader.changes(after: 7, limit: 10), try reader.changes(after: 6, limit: 10))
            }
            #expect(version == 7)
            #expect(after7 == [])
            #expect(after6 == nil, "the log holds nothing before the migration")
            let change = try await storage.write { writer in
                var changes = RegistryChanges()
                changes.latest["Greeter"] = .some(LatestRevision(deploymentID: DeploymentID.generate(), revision: 1))
                return try changes.apply(to: writer)
            }
            #expect(change?.version == 8)
            #expect(try await storage.read { try $0.changes(after: 7, limit: 10) } == [change].compactMap { $0 })
            try await storage.close()
        }
    }

    @Test("A database of format 2 migrates to the pinned-invocation index, filled from the stored invocations")
    func formatTwoIndexesThePinnedInvocations() async throws {
        try await TemporaryDirectory.with(prefix: "admin-sqlite") { directory in
            let path = directory.appending(path: "admin.sqlite")
            let (a, b) = (DeploymentID.generate(), DeploymentID.generate())
            let written = StorageFixtures.pinnedInvocationMix(first: a, second: b)
            let storage = try SQLiteStorage(path: path)
            try await storage.write { tx in for record in written { try tx.putInvocation(record) } }
            try await storage.close()
            // Take the database back to format 2, as a build before the index left it: the same
            // records (written by this build's encoder), no column, no index, no migration record.
            let old = try SQLiteConnection(path: path.path, busyTimeoutMilliseconds: 1_000)
            try old.execute(
                """
                BEGIN IMMEDIATE;
                DROP INDEX invocations_by_holding_deployment;
                ALTER TABLE invocations DROP COLUMN holding_deployment;
                DELETE FROM admin_migrations WHERE identifier = '\(SQLiteMigrator.migrations[2].identifier)';
                UPDATE admin_meta SET value = 2 WHERE key = 'format_version';
                COMMIT
                """, operation: "test")
            old.close()

            let reopened = try SQLiteStorage(path: path)
            let counts = try await reopened.read { reader in
                [try reader.pinnedInvocationCount(a), try reader.pinnedInvocationCount(b), try reader.pinnedInvocationCount(DeploymentID.generate())]
            }
            #expect(counts == [InvocationStatus.allCases.count - 1, 1, 0], "every unfinished pinned record, and no completed or unpinned one")
            try await reopened.close()
            let check = try SQLiteConnection(path: path.path, busyTimeoutMilliseconds: 1_000)
            #expect(try check.strings("SELECT identifier FROM admin_migrations", operation: "test") == SQLiteMigrator.migrations.map(\.identifier))
            check.close()
        }
    }
}
