/// Restate's REST-level message templates (BEHAVIOR.md §2.2), so each is written once.
extension AdminError {
    /// `The request field '{field}' is invalid. Reason: {reason}` (400, no code).
    public static func invalidField(_ field: String, reason: String) -> AdminError {
        AdminError(.invalidArgument, "The request field '\(field)' is invalid. Reason: \(reason)")
    }

    /// `The query parameter '{parameter}' is invalid. Reason: {reason}` (400, no code).
    public static func invalidQueryParameter(_ parameter: String, reason: String) -> AdminError {
        AdminError(.invalidArgument, "The query parameter '\(parameter)' is invalid. Reason: \(reason)")
    }

    /// `Conflict: {message}` (409, no code).
    public static func conflict(_ message: String) -> AdminError {
        AdminError(.conflict, "Conflict: \(message)")
    }
}
