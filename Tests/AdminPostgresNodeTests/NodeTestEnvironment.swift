import Foundation

/// Where these tests find the repository (for `.ci/postgres`); the PostgreSQL server comes from
/// `TestDatabase` (`ADMIN_TEST_POSTGRES_URL`), the binary from `ChildProcess.sibling(named:)`.
enum NodeTestEnvironment {
    /// The repository's root folder.
    static let repositoryRoot = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

/// A setup step or a wait of these tests that did not succeed.
struct NodeTestFailure: Error, CustomStringConvertible {
    /// What went wrong.
    let description: String

    init(_ description: String) { self.description = description }
}
