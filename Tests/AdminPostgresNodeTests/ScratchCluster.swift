import AdminPostgres
import AdminPostgresTestSupport
import AdminStorageTestKit
import Foundation
import Testing

/// A second, throwaway PostgreSQL server that a test may stop and start (`.ci/postgres` on port
/// 15433, its data in a folder of its own), so that the server of the other tests is not
/// disturbed.
struct ScratchCluster: Sendable {
    /// The port of the scratch server.
    static let port = 15433

    /// The `restate_admin` database of the scratch server.
    let database: PostgresURL

    /// Starts a fresh scratch server (data left by an earlier run is deleted first), runs `body`
    /// with it, then stops it and deletes its data (also when `body` throws).
    ///
    /// When `.ci/postgres` cannot start it (it needs PostgreSQL's server binaries, and root to run
    /// them as the `postgres` user), the test is cancelled with the reason outside CI, and fails in
    /// CI (`CI=true`).
    static func with<T>(_ body: (ScratchCluster) async throws -> T) async throws -> T {
        _ = try? await script("stop")
        let started: ChildProcess.Outcome
        do {
            started = try await script("start")
        } catch {
            try await unavailable("running .ci/postgres failed: \(error)")
        }
        guard started.status == 0, !started.killed, let url = started.lines.last else {
            _ = try? await script("stop")
            try await unavailable(
                "`ADMIN_PG_PORT=\(port) .ci/postgres start` exited with \(started.status):\n\(started.standardError)")
        }
        let cluster = ScratchCluster(database: try PostgresURL(parsing: url))
        do {
            let result = try await body(cluster)
            _ = try await script("stop")
            return result
        } catch {
            _ = try? await script("stop")
            throw error
        }
    }

    /// Stops the server and keeps its data (`.ci/postgres halt`).
    func halt() async throws { try await Self.check(Self.script("halt"), "halt") }

    /// Starts the server again on the same data (`.ci/postgres start`).
    func resume() async throws { try await Self.check(Self.script("start"), "start") }

    private static func check(_ outcome: ChildProcess.Outcome, _ command: String) throws {
        guard outcome.status == 0, !outcome.killed else {
            throw NodeTestFailure("`.ci/postgres \(command)` exited with \(outcome.status):\n\(outcome.standardError)")
        }
    }

    /// Runs `.ci/postgres <command>` with `ADMIN_PG_PORT` set to ``port``.
    private static func script(_ command: String) async throws -> ChildProcess.Outcome {
        let script = NodeTestEnvironment.repositoryRoot.appending(path: ".ci/postgres").path
        return try await ChildProcess(executable: URL(filePath: "/usr/bin/env"))
            .run(["ADMIN_PG_PORT=\(port)", script, command], timeout: .seconds(120))
    }

    /// Cancels the test (fails it in CI) because the scratch server cannot be started.
    private static func unavailable(_ reason: String) async throws -> Never {
        let message = "cannot start a second PostgreSQL server on port \(port) with .ci/postgres: \(reason)"
        if TestDatabase.isCI { throw NodeTestFailure(message) }
        try Test.cancel(Comment(rawValue: message))
    }
}
