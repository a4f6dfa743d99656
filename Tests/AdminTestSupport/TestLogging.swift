import Foundation
import Logging
import Synchronization
import Testing

/// Logging for tests: what the code under test logs is kept, not printed, and shown only when the
/// test fails (added to every failure it records) or when asked for (`ADMIN_TEST_LOG=1` prints
/// everything as it is logged, at `trace` level).
///
/// A suite opts in with the ``Testing/Trait/capturingLogs`` trait and gives the code under test
/// ``TestLogging/logger(_:)``; a logger made outside such a test prints nothing.
public enum TestLogging {
    /// The records of the test that is running, if it captures logs.
    @TaskLocal static var capture: LogCapture?

    /// Whether the environment asks for every log line (`ADMIN_TEST_LOG=1`).
    static let printsEverything = ProcessInfo.processInfo.environment["ADMIN_TEST_LOG"] == "1"

    /// A logger whose records go to the current test's capture (made in the test, it keeps
    /// logging there from any task or thread).
    public static func logger(_ label: String = "test") -> Logger {
        let capture = Self.capture
        var logger = Logger(label: label) { label in CapturingLogHandler(label: label, capture: capture) }
        logger.logLevel = .trace
        return logger
    }
}

/// The records of one test.
final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])

    func append(_ line: String) { lines.withLock { $0.append(line) } }

    var text: String { lines.withLock { $0.joined(separator: "\n") } }
    var isEmpty: Bool { lines.withLock { $0.isEmpty } }
}

/// Writes records to a ``LogCapture`` (and to standard error when asked for).
struct CapturingLogHandler: LogHandler {
    let label: String
    let capture: LogCapture?
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let line = "\(event.level) \(label): \(event.message)\(fields.isEmpty ? "" : " [\(fields)]")"
        capture?.append(line)
        if TestLogging.printsEverything { FileHandle.standardError.write(Data((line + "\n").utf8)) }
    }
}

/// Captures the logs of each test it applies to (see ``TestLogging``).
public struct CapturingLogsTrait: TestTrait, SuiteTrait, TestScoping {
    /// Applies to every test of a suite.
    public var isRecursive: Bool { true }

    /// Runs `function` with a fresh capture, and adds what was logged to each failure it records.
    public func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        guard testCase != nil || !test.isSuite else { return try await function() }
        let capture = LogCapture()
        let attach = IssueHandlingTrait.compactMapIssues { issue in
            guard issue.isFailure, !capture.isEmpty else { return issue }
            var issue = issue
            issue.comments.append(Comment(rawValue: "what the test logged:\n" + capture.text))
            return issue
        }
        try await TestLogging.$capture.withValue(capture) {
            try await attach.provideScope(for: test, testCase: testCase, performing: function)
        }
    }
}

extension Trait where Self == CapturingLogsTrait {
    /// Keeps what the test logs through ``TestLogging/logger(_:)`` and shows it only with a failure.
    public static var capturingLogs: Self { CapturingLogsTrait() }
}
