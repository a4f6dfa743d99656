import AdminCore
import Foundation

extension LMDBStorage {
    /// The id of another process that has the LMDB environment in `directory` open (a running
    /// server, or any other LMDB program), or `nil` when no other process has.
    ///
    /// It reads the lock liblmdb holds on `lock.mdb` while an environment is open, so it also sees
    /// programs that do not take restate-admin's own `admin.lock`. Call it before opening the
    /// directory in this process: this process's own environments are not reported, and checking
    /// while one is open on the same directory would release its lock.
    /// - Parameter directory: the LMDB data directory (holding `data.mdb` and `lock.mdb`).
    /// - Throws: ``AdminError`` (`.storage`) when `lock.mdb` exists but cannot be read.
    public static func processHoldingEnvironment(in directory: URL) throws(AdminError) -> Int32? {
        try LMDBEnvironment.lockHolder(directory: directory.path)
    }
}
