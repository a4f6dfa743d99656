import Foundation

/// How a client subcommand shows its results: the style of standard output and whether it may
/// draw progress on standard error. Tests and `--json` use ``plain``.
struct ClientDisplay: Sendable {
    /// The style of what goes to standard output.
    let style: TextStyle
    /// Whether a ``ProgressSpinner`` may draw on standard error.
    let showsProgress: Bool

    /// No colour, no progress.
    static let plain = ClientDisplay(style: .plain, showsProgress: false)

    /// The display of the running process: colour when standard output is a terminal and
    /// `NO_COLOR` is not set; progress when standard error is a terminal.
    static var terminal: ClientDisplay {
        ClientDisplay(style: .standardOutput, showsProgress: isatty(STDERR_FILENO) == 1)
    }
}
