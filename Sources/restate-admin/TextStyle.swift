import Foundation

/// ANSI styling for human-readable output: on only when the output is a terminal and `NO_COLOR`
/// is not set (https://no-color.org), so pipes, files and `--json` never carry escape codes.
struct TextStyle: Sendable {
    /// Whether escape codes are written.
    let enabled: Bool

    /// No styling.
    static let plain = TextStyle(enabled: false)

    /// The style for a stream: enabled when `isTerminal` and `NO_COLOR` is absent (any value,
    /// even empty, turns colour off).
    static func forStream(isTerminal: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) -> TextStyle {
        TextStyle(enabled: isTerminal && environment["NO_COLOR"] == nil)
    }

    /// The style for standard output.
    static var standardOutput: TextStyle { forStream(isTerminal: isatty(STDOUT_FILENO) == 1) }
    /// The style for standard error.
    static var standardError: TextStyle { forStream(isTerminal: isatty(STDERR_FILENO) == 1) }

    /// Bold text.
    func bold(_ text: String) -> String { wrap(text, "1") }
    /// Dimmed text.
    func dim(_ text: String) -> String { wrap(text, "2") }
    /// Red text (errors, breaking changes).
    func red(_ text: String) -> String { wrap(text, "31") }
    /// Green text (success, additions).
    func green(_ text: String) -> String { wrap(text, "32") }
    /// Yellow text (warnings, draining).
    func yellow(_ text: String) -> String { wrap(text, "33") }

    private func wrap(_ text: String, _ code: String) -> String {
        enabled && !text.isEmpty ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
