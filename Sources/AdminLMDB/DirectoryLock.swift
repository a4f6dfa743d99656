import AdminCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive `flock` on `admin.lock` in the data directory: a second process (or a second
/// ``LMDBStorage`` in this process) opening the same directory gets a clear error instead of
/// sharing the environment. The kernel releases the lock when the process dies.
final class DirectoryLock {
    private let descriptor: Int32

    init(directory: String) throws(AdminError) {
        let path = directory + "/admin.lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw AdminError(.storage, "\(String(cString: strerror(errno))) (open lock file, \(path))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(fd)
            if code == EWOULDBLOCK {
                throw AdminError(
                    .storage, "the LMDB data directory \(directory) is in use by another process or storage instance (lock held on \(path))")
            }
            throw AdminError(.storage, "\(String(cString: strerror(code))) (lock, \(path))")
        }
        descriptor = fd
    }

    /// Releases the lock.
    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
