import Foundation

/// Fresh directories for storage tests.
public enum TemporaryDirectory {
    /// Runs `body` with a new, empty directory under the system's temporary folder, named
    /// `<prefix>-<UUID>`, and deletes it afterwards (also when `body` throws).
    public static func with<T>(prefix: String = "restate-admin", _ body: (URL) async throws -> T) async throws -> T {
        let directory = FileManager.default.temporaryDirectory
            .appending(path: "\(prefix)-\(UUID().uuidString)", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        return try await body(directory)
    }
}
