import Foundation

/// A spinner on standard error while slow work runs (`⠋ Discovering http://…`), redrawn every
/// 100 ms and erased when the work ends, whether it succeeds or fails.
enum ProgressSpinner {
    /// The frames, drawn in turn.
    static let frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]

    /// Runs `body`; when `enabled`, draws `message` with a spinner until it returns or throws.
    static func run<T>(_ message: String, enabled: Bool, _ body: () async throws -> T) async throws -> T {
        guard enabled else { return try await body() }
        let spinner = Task {
            var frame = 0
            while !Task.isCancelled {
                write("\r\u{1B}[2K\(frames[frame % frames.count]) \(message)")
                frame += 1
                try? await Task.sleep(for: .milliseconds(100))
            }
            write("\r\u{1B}[2K")
        }
        let result: Result<T, any Error>
        do {
            result = .success(try await body())
        } catch {
            result = .failure(error)
        }
        spinner.cancel()
        await spinner.value
        return try result.get()
    }

    /// Writes `text` to standard error, unbuffered.
    private static func write(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { Foundation.write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}
