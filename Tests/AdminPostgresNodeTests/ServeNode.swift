import AdminPostgres
import AdminPostgresTestSupport
import AdminStorageTestKit
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One `restate-admin serve --storage postgres` child process on a port of 127.0.0.1; what it
/// writes to standard error goes to a file (``standardError``).
final class ServeNode: Sendable {
    /// The node's name in messages ("A", "B", …).
    let name: String
    /// The port it listens on.
    let port: Int
    /// Its process id.
    let pid: Int32
    private let process: Mutex<Process>
    private let log: URL

    /// `http://127.0.0.1:<port>`.
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts `restate-admin serve` on `database`, listening on a free port; its log goes to a
    /// file in `directory`.
    /// - Throws: when the binary is missing (build it first) or cannot be started.
    init(name: String, database: PostgresURL, logDirectory directory: URL) throws {
        let binary = try ChildProcess.sibling(named: "restate-admin")
        let port = try Self.freePort()
        let log = directory.appending(path: "node-\(name)-\(port).log")
        guard FileManager.default.createFile(atPath: log.path, contents: nil) else { throw NodeTestFailure("cannot create \(log.path)") }
        let output = try FileHandle(forWritingTo: log)
        defer { try? output.close() }
        let process = Process()
        process.executableURL = binary.executable
        process.arguments = [
            "serve", "--bind", "127.0.0.1:\(port)", "--storage", "postgres", "--postgres-url", database.connectionString,
            "--data-dir", directory.appending(path: "data-\(name)").path, "--log-level", "info",
        ]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = output
        try process.run()
        self.name = name
        self.port = port
        self.log = log
        pid = process.processIdentifier
        self.process = Mutex(process)
    }

    deinit { if process.withLock({ $0.isRunning }) { kill(pid, SIGKILL) } }

    /// Whether the process is still running.
    var isRunning: Bool { process.withLock { $0.isRunning } }

    /// What the process wrote so far (standard error and standard output).
    var standardError: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// Sends SIGKILL and waits until the process is gone (at most 10 s).
    func killNow() async {
        kill(pid, SIGKILL)
        _ = await waitUntilExited(timeout: .seconds(10))
    }

    /// Sends SIGTERM and waits for a graceful exit (at most `timeout`), then SIGKILL; in a
    /// cancelled task (a time limit ran out), SIGKILL at once.
    /// - Returns: whether it exited by itself.
    @discardableResult
    func stop(timeout: Duration = .seconds(10)) async -> Bool {
        guard isRunning else { return true }
        if !Task.isCancelled {
            kill(pid, SIGTERM)
            if await waitUntilExited(timeout: timeout) { return true }
        }
        await killNow()
        return false
    }

    /// Waits until the process has exited, at most `timeout` (also in a cancelled task); returns
    /// whether it has.
    func waitUntilExited(timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while isRunning {
            if ContinuousClock.now > deadline { return false }
            do { try await Task.sleep(for: .milliseconds(10)) } catch { usleep(10_000) }
        }
        return true
    }

    /// A TCP port of 127.0.0.1 that nothing listens on now (bound to port 0, then released).
    private static func freePort() throws -> Int {
        #if canImport(Glibc)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw NodeTestFailure("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard bound == 0, named == 0 else { throw NodeTestFailure("cannot bind a port of 127.0.0.1") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
