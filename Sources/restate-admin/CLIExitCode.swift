import ArgumentParser

/// The exit codes of every `restate-admin` command, the same for all of them.
enum CLIExitCode {
    /// Done.
    static let success: Int32 = 0
    /// The server (or, for `check-compat`, the rules) refused: something breaks, or the Admin API
    /// answered an error, printed with its status, META code and message.
    static let refused: Int32 = 1
    /// Invalid input found locally, before any request: a usage error (ArgumentParser's own usage
    /// code, 64, is mapped to this), a bad duration, an unreadable or invalid file.
    static let invalidInput: Int32 = 2
    /// The server cannot be reached.
    static let unreachable: Int32 = 3

    /// The exit code for an error that ends a command: ArgumentParser's usage errors become
    /// ``invalidInput``; a ``CLIFailure`` carries its own; anything else keeps ArgumentParser's.
    static func code(for error: any Error) -> Int32 {
        if let failure = error as? CLIFailure { return failure.exitCode }
        let parsed = AdminCommand.exitCode(for: error)
        return parsed == .validationFailure ? invalidInput : parsed.rawValue
    }
}

/// Why a command failed: the text to print on standard error, and the exit code.
struct CLIFailure: Error, CustomStringConvertible {
    /// What went wrong, ready to print.
    let description: String
    /// ``CLIExitCode/refused``, ``CLIExitCode/invalidInput`` or ``CLIExitCode/unreachable``.
    let exitCode: Int32

    /// The server refused (exit code 1).
    static func refused(_ text: String) -> CLIFailure { CLIFailure(description: text, exitCode: CLIExitCode.refused) }
    /// Local input is invalid (exit code 2).
    static func invalidInput(_ text: String) -> CLIFailure { CLIFailure(description: text, exitCode: CLIExitCode.invalidInput) }
    /// The server cannot be reached (exit code 3).
    static func unreachable(_ text: String) -> CLIFailure { CLIFailure(description: text, exitCode: CLIExitCode.unreachable) }
}
