import Foundation

/// What these tests need: a PostgreSQL server whose role may create databases
/// (`ADMIN_TEST_POSTGRES_URL`; `.ci/postgres start` starts a throwaway one and prints its URL) and
/// the built `restate-admin` binary. Without the server the tests are skipped.
enum NodeTestEnvironment {
    /// The server's URL, if one is configured.
    static let serverURL: String? = ProcessInfo.processInfo.environment["ADMIN_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }

    /// Whether the tests that need a server run.
    static var isConfigured: Bool { serverURL != nil }

    /// Whether this run is CI's (`CI=true`), where a missing prerequisite is a failure, not a skip.
    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// The repository's root folder (for `.ci/postgres`).
    static let repositoryRoot = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

/// A setup step or a wait of these tests that did not succeed.
struct NodeTestFailure: Error, CustomStringConvertible {
    /// What went wrong.
    let description: String

    init(_ description: String) { self.description = description }
}
