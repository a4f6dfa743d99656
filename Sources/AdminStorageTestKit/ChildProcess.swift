import Foundation
import Synchronization

/// Runs helper executables (such as `storage-crash-probe`) for crash and multi-process tests.
public struct ChildProcess: Sendable {
    /// What a finished or killed child wrote and how it ended.
    public struct Outcome: Sendable {
        /// The complete lines written to stdout (a line cut off by a kill is dropped).
        public var lines: [String]
        /// Everything written to stderr.
        public var standardError: String
        /// The exit status, or the signal number when killed.
        public var status: Int32
        /// Whether the child was ended by a signal.
        public var killed: Bool
    }

    /// The executable.
    public let executable: URL

    /// Finds `name` next to the running test binary (SwiftPM puts every product in one folder).
    /// - Throws: ``CrashTrialFailure`` when no such executable exists (build the package's products first).
    public static func sibling(named name: String) throws -> ChildProcess {
        var directory = URL(filePath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            directory = URL(filePath: exe).deletingLastPathComponent()
        }
        for _ in 0..<5 {
            let candidate = directory.appending(path: name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return ChildProcess(executable: candidate) }
            directory = directory.deletingLastPathComponent()
        }
        throw CrashTrialFailure("cannot find the executable '\(name)' next to the test binary; run `swift build` first")
    }

    /// Creates a runner for `executable`.
    public init(executable: URL) { self.executable = executable }

    /// Starts the child; once it has written `afterLines` complete lines, waits `delay`, then
    /// sends SIGKILL (or, with `killAfter` `nil`, waits for it to exit, at most `timeout`).
    public func run(
        _ arguments: [String], killAfter delay: Duration? = nil, afterLines: Int = 1, timeout: Duration = .seconds(60)
    ) async throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let collected = Mutex<(out: Data, err: Data)>((Data(), Data()))
        try process.run()
        // One thread per pipe reads with plain blocking reads until end of file (the parent's copy
        // of each write end is closed by `run()`). `readabilityHandler` is not used: its dispatch
        // sources could outlive the pipe's file descriptor and crash libdispatch's event loop.
        let readers = DispatchGroup()
        for (handle, isStandardOutput) in [(out.fileHandleForReading, true), (err.fileHandleForReading, false)] {
            readers.enter()
            Thread.detachNewThread {
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    collected.withLock { isStandardOutput ? $0.out.append(chunk) : $0.err.append(chunk) }
                }
                readers.leave()
            }
        }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        if let delay {
            while process.isRunning, collected.withLock({ $0.out.count(where: { $0 == 10 }) }) < afterLines, clock.now < deadline {
                try await Task.sleep(for: .milliseconds(2))
            }
            try await Task.sleep(for: delay)
            kill(process.processIdentifier, SIGKILL)
        }
        while process.isRunning {
            if clock.now > deadline { kill(process.processIdentifier, SIGKILL) }
            try await Task.sleep(for: .milliseconds(5))
        }
        await withCheckedContinuation { continuation in readers.notify(queue: .global()) { continuation.resume() } }
        let (stdout, stderr) = collected.withLock { ($0.out, $0.err) }
        var text = String(decoding: stdout, as: UTF8.self)
        if !text.hasSuffix("\n"), let last = text.lastIndex(of: "\n") { text = String(text[...last]) } else if !text.hasSuffix("\n") { text = "" }
        return Outcome(
            lines: text.split(separator: "\n").map(String.init),
            standardError: String(decoding: stderr, as: UTF8.self),
            status: process.terminationStatus,
            killed: process.terminationReason == .uncaughtSignal
        )
    }
}
