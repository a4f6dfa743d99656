import AdminPostgres
import AdminPostgresTestSupport
import AdminStorageTestKit
import Foundation
import Logging
import Synchronization

/// The serve processes of one test: started on one database, and all stopped when the test ends,
/// also when it fails or throws. What each one logged goes to the test's logger then (shown
/// with a failure, see `TestLogging`).
final class ServeNodes: Sendable {
    /// The database every node serves.
    let database: PostgresURL
    /// The client the health checks use.
    let client: NodeClient
    private let directory: URL
    private let logger: Logger
    private let started = Mutex<[ServeNode]>([])

    private init(database: PostgresURL, client: NodeClient, directory: URL, logger: Logger) {
        self.database = database
        self.client = client
        self.directory = directory
        self.logger = logger
    }

    /// Runs `body` with an empty group; every node it starts is stopped afterwards.
    static func with<T>(
        database: PostgresURL, client: NodeClient, logger: Logger, _ body: (ServeNodes) async throws -> T
    ) async throws -> T {
        try await TemporaryDirectory.with(prefix: "admin-postgres-nodes") { directory in
            let nodes = ServeNodes(database: database, client: client, directory: directory, logger: logger)
            do {
                let result = try await body(nodes)
                await nodes.stopAll()
                return result
            } catch {
                await nodes.stopAll()
                throw error
            }
        }
    }

    /// Starts a node and waits until its `GET /health` answers 200 (at most `timeout`).
    /// - Throws: ``NodeTestFailure`` with the node's log when it exits or is not healthy in time.
    func start(_ name: String, timeout: Duration = .seconds(30)) async throws -> ServeNode {
        let node = try ServeNode(name: name, database: database, logDirectory: directory)
        started.withLock { $0.append(node) }
        try await waitUntilHealthy(node, timeout: timeout)
        return node
    }

    /// Polls `GET /health` of `node` until it answers 200, at most `timeout`.
    /// - Throws: ``NodeTestFailure`` with the node's log when it exits or is not healthy in time.
    func waitUntilHealthy(_ node: ServeNode, timeout: Duration) async throws {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        var last = "no answer"
        while ContinuousClock.now < deadline {
            guard node.isRunning else { throw NodeTestFailure("node \(node.name) exited before it was healthy:\n\(node.standardError)") }
            do {
                let answer = try await client.get(node.baseURL + "/health")
                if answer.status == 200 { return }
                last = "\(answer)"
            } catch {
                last = "\(error)"
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw NodeTestFailure("node \(node.name) was not healthy within \(timeout) (last: \(last)):\n\(node.standardError)")
    }

    /// Logs `message` to the test's logger (shown with a failure).
    func log(_ message: String) { logger.info("\(message)") }

    /// The last 100 lines each node has logged so far, for failure messages.
    var logs: String {
        started.withLock { $0 }.map { node in
            let lines = node.standardError.split(separator: "\n", omittingEmptySubsequences: false).suffix(100)
            return "node \(node.name) (port \(node.port)) logged:\n" + lines.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// Stops every node (SIGTERM, then SIGKILL after 10 s) and logs what each one wrote.
    private func stopAll() async {
        for node in started.withLock({ $0 }) {
            let graceful = await node.stop()
            logger.info(
                "node \(node.name) (port \(node.port)) \(graceful ? "stopped" : "did not stop on SIGTERM within 10 s: killed"); its log:\n\(node.standardError)"
            )
        }
    }
}
