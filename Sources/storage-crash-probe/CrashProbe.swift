import AdminCore
import AdminLMDB
import AdminSQLite
import AdminStorageTestKit
import Foundation

/// A child process for the crash-safety and two-process tests.
///
/// Usage: `storage-crash-probe <sqlite|lmdb> <directory> register` registers deployments in a loop
/// and prints `ack <index> <id>` on stdout (unbuffered) after each write returned;
/// `… register-concurrently <n>` does the same from `n` tasks at once (so writes share commits);
/// `… register-count <n>` registers `n` deployments, closes the storage and prints `done`;
/// `storage-crash-probe <sqlite|lmdb> <directory> increment <n>` increments the schema version `n`
/// times and prints `done`. An error is printed to stderr and exits with status 2.
@main
struct CrashProbe {
    static func main() async {
        let arguments = CommandLine.arguments
        guard arguments.count >= 4 else {
            fail("usage: storage-crash-probe <sqlite|lmdb> <directory> <register|register-concurrently n|register-count n|increment n>")
        }
        do {
            let storage = try open(arguments[1], URL(filePath: arguments[2], directoryHint: .isDirectory))
            switch arguments[3] {
            case "register":
                try await register(storage)
            case "register-concurrently":
                let tasks = arguments.count > 4 ? Int(arguments[4]) ?? 8 : 8
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<tasks { group.addTask { try await register(storage) } }
                    try await group.waitForAll()
                }
            case "register-count":
                let count = arguments.count > 4 ? Int(arguments[4]) ?? 1 : 1
                for _ in 0..<count { try await CrashTrials.register(storage) }
                try await storage.close()
                emit("done\n")
            case "increment":
                let count = arguments.count > 4 ? Int(arguments[4]) ?? 100 : 100
                for _ in 0..<count {
                    try await storage.write { tx in try tx.setSchemaVersion(try tx.schemaVersion() + 1) }
                }
                try await storage.close()
                emit("done\n")
            default:
                fail("unknown mode \(arguments[3])")
            }
        } catch {
            fail("error: \(error)")
        }
    }

    /// Opens the backend named `kind` in `directory` (SQLite uses `admin.sqlite` inside it).
    static func open(_ kind: String, _ directory: URL) throws -> any Storage {
        switch kind {
        case "sqlite": return try SQLiteStorage(path: directory.appending(path: "admin.sqlite"))
        case "lmdb": return try LMDBStorage(directory: directory)
        default: fail("unknown backend \(kind)")
        }
    }

    /// Registers deployment after deployment until killed (see ``CrashTrials/register(_:)``).
    static func register(_ storage: any Storage) async throws {
        while true {
            let (index, id) = try await CrashTrials.register(storage)
            emit(CrashTrials.acknowledgement(index: index, id: id) + "\n")
        }
    }

    /// Writes `text` in one `write(2)` (a line is never interleaved with another task's line).
    static func emit(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        exit(2)
    }
}
