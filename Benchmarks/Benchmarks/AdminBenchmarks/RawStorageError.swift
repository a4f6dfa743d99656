/// A failed call of a raw benchmark store (``RawSQLite``, ``RawLMDB``, ``DiskSync``).
struct RawStorageError: Error, CustomStringConvertible {
    /// What failed, with the library's message.
    let description: String
}
