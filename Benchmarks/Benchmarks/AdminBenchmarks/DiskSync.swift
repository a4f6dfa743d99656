#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// A small file on the fixtures' disk, overwritten and synced: the disk's own rate of
/// `fdatasync`, the floor under every durable commit.
///
/// Used by one benchmark task at a time, hence `@unchecked Sendable`.
final class DiskSync: @unchecked Sendable {
    private let descriptor: Int32
    private let block = [UInt8](repeating: 0x5A, count: 64)

    /// Creates (truncating) the file at `path`.
    init(path: String) throws {
        descriptor = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw RawStorageError(description: "open \(path): \(String(cString: strerror(errno)))") }
    }

    /// Writes 64 bytes at offset 0 with `pwrite` and waits for them with `fdatasync`.
    func writeAndSync() throws {
        let written = block.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        guard written == block.count else { throw RawStorageError(description: "pwrite: \(String(cString: strerror(errno)))") }
        guard fdatasync(descriptor) == 0 else { throw RawStorageError(description: "fdatasync: \(String(cString: strerror(errno)))") }
    }

    /// Closes the file.
    func close() { closeDescriptor(descriptor) }
}

/// Closes a file descriptor (at file scope, where `close` is not ``DiskSync/close()``).
private func closeDescriptor(_ descriptor: Int32) { _ = close(descriptor) }
