import AdminCore
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A third-party ``Storage``: the registry in memory, every committed write appended to one log
/// file as a JSON line and synced before the write returns.
///
/// - Reads and writes take one lock, so a read never sees half of a write, and writes are
///   serialized (a read waits for an open write; the storage contract allows it).
/// - A write applies its operations at once (it sees its own writes) and undoes them when its body
///   throws or the line cannot be written; the line is written with one `write` and `fsync`ed.
/// - Opening replays the file. A crash can leave only the last line incomplete (it was never
///   acknowledged): it is cut off. Any other unreadable line is corruption and refuses to open.
/// - Deliberately simple: the file is never compacted, and the lock is held across the sync.
public final class AppendOnlyFileStorage: Storage {
    private struct Open {
        let tables: LogTables
        let descriptor: Int32
    }

    private let state: Mutex<Open?>
    /// The log file.
    public let file: URL

    /// Opens (creating when missing) `directory/registry.log`.
    /// - Parameters:
    ///   - directory: where the log lives.
    ///   - changeLogRetention: how many registry versions the change log keeps.
    public init(directory: URL, changeLogRetention: Int = RegistryChange.defaultLogRetention) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        file = directory.appending(path: "registry.log")
        let tables = LogTables(changeLogRetention: changeLogRetention)
        let contents = FileManager.default.contents(atPath: file.path) ?? Data()
        let kept = try Self.replay(contents, into: tables, file: file.path)
        let descriptor = open(file.path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw AdminError(.storage, "cannot open \(file.path): \(String(cString: strerror(errno)))") }
        // Cut off an incomplete last line, and make the file's existence durable.
        guard ftruncate(descriptor, off_t(kept)) == 0, fsync(descriptor) == 0 else {
            closeDescriptor(descriptor)
            throw AdminError(.storage, "cannot prepare \(file.path): \(String(cString: strerror(errno)))")
        }
        let directoryDescriptor = open(directory.path, O_RDONLY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            _ = fsync(directoryDescriptor)
            closeDescriptor(directoryDescriptor)
        }
        state = Mutex(Open(tables: tables, descriptor: descriptor))
    }

    /// Applies every complete line of `contents`; returns how many bytes they take.
    private static func replay(_ contents: Data, into tables: LogTables, file: String) throws -> Int {
        let decoder = JSONDecoder()
        var offset = 0
        let bytes = [UInt8](contents)
        var lineNumber = 0
        while let end = bytes[offset...].firstIndex(of: UInt8(ascii: "\n")) {
            lineNumber += 1
            let line = Data(bytes[offset..<end])
            do {
                for operation in try decoder.decode([LogOperation].self, from: line) { tables.apply(operation) }
            } catch {
                // Only the last line may be torn by a crash; anything else is damage.
                guard bytes[(end + 1)...].isEmpty else { throw AdminError(.storage, "\(file): line \(lineNumber) is corrupt: \(error)") }
                return offset
            }
            offset = end + 1
        }
        return offset
    }

    /// Runs `body` under the lock.
    public func read<T: Sendable>(_ body: @Sendable (any StorageReader) throws -> T) async throws -> T {
        try state.withLock { open in
            guard let open else { throw AdminError(.storage, "the storage is closed") }
            return try body(LogTransaction(open.tables))
        }
    }

    /// Runs `body` under the lock, then appends its operations as one line and syncs it; undoes
    /// everything when either fails.
    public func write<T: Sendable>(_ body: @Sendable (any StorageWriter) throws -> T) async throws -> T {
        try state.withLock { open in
            guard let open else { throw AdminError(.storage, "the storage is closed") }
            let transaction = LogTransaction(open.tables)
            do {
                let result = try body(transaction)
                if !transaction.operations.isEmpty { try Self.append(transaction.operations, to: open.descriptor, file: file.path) }
                return result
            } catch {
                transaction.rollback()
                throw error
            }
        }
    }

    /// Writes one line with the operations and syncs it; on failure cuts the file back.
    private static func append(_ operations: [LogOperation], to descriptor: Int32, file: String) throws {
        var line = try JSONEncoder().encode(operations)
        line.append(UInt8(ascii: "\n"))
        let start = lseek(descriptor, 0, SEEK_END)
        let written = line.withUnsafeBytes { writeBytes(descriptor, $0.baseAddress, $0.count) }
        guard written == line.count, fsync(descriptor) == 0 else {
            let reason = String(cString: strerror(errno))
            _ = ftruncate(descriptor, start)
            throw AdminError(.storage, "cannot append to \(file): \(reason)")
        }
    }

    /// Closes the file; later calls fail.
    public func close() async throws {
        state.withLock { open in
            if let descriptor = open?.descriptor { closeDescriptor(descriptor) }
            open = nil
        }
    }
}

// The system calls, at file scope where `write` and `close` are not the storage's methods.
private func writeBytes(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int { write(descriptor, bytes, count) }
private func closeDescriptor(_ descriptor: Int32) { _ = close(descriptor) }
