import Foundation

/// A Python server started for one test (the fake Lambda, moto's STS): output in a file, killed by
/// ``stop()`` or when released. Never waits with `waitUntilExit` (see
/// ``PeerEnvironment/start(port:)``).
final class PythonServerProcess: @unchecked Sendable {
    /// What is started, for messages.
    let name: String
    /// Where stdout and stderr go.
    let outputFile: URL
    private let process: Process

    /// Starts `python arguments…` with stdin from /dev/null.
    init(name: String, python: URL, arguments: [String], outputFile: URL) throws {
        self.name = name
        self.outputFile = outputFile
        guard FileManager.default.createFile(atPath: outputFile.path, contents: nil) else {
            throw PythonServerError.cannotCreate(outputFile.path)
        }
        let output = try FileHandle(forWritingTo: outputFile)
        process = Process()
        process.executableURL = python
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = output
        try process.run()
        try? output.close()
    }

    deinit { stop() }

    /// What the process printed so far.
    var output: String { (try? String(contentsOf: outputFile, encoding: .utf8)) ?? "" }

    /// Polls `ready` every 100 ms until it yields a value; fails when the process exits first or
    /// after `limit` (a bound on the wait, not a timing assertion).
    func waitUntilReady<T>(limit: Duration = .seconds(40), _ ready: () async -> T?) async throws -> T {
        let end = ContinuousClock.now + limit
        while ContinuousClock.now < end {
            if let value = await ready() { return value }
            guard process.isRunning else {
                throw PythonServerError.exited(name: name, status: process.terminationStatus, output: output)
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw PythonServerError.notReady(name: name, output: output)
    }

    /// SIGKILL, then a bounded wait for the exit. Not SIGTERM: the child inherits the test
    /// process's blocked-signal mask, SIGTERM included, so it would never see it.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        for _ in 0..<50 where process.isRunning { usleep(100_000) }
    }
}

enum PythonServerError: Error, CustomStringConvertible {
    case exited(name: String, status: Int32, output: String)
    case notReady(name: String, output: String)
    case cannotCreate(String)

    var description: String {
        switch self {
        case .exited(let name, let status, let output): "\(name) exited with status \(status) before it was ready:\n\(output)"
        case .notReady(let name, let output): "\(name) did not become ready:\n\(output)"
        case .cannotCreate(let path): "cannot create \(path)"
        }
    }
}
