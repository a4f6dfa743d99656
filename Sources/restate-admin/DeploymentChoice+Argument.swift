import AdminCore
import ArgumentParser

extension InvocationRules.DeploymentChoice {
    /// Parses the `--deployment` option of `invocations resume` and `invocations restart-as-new`:
    /// `keep`, `latest` (or Restate's spellings `Keep`, `Latest`), or a deployment id (`dp_…`).
    /// - Throws: `ValidationError` naming the value and, for an id, Restate's reason.
    init(argument text: String) throws(ValidationError) {
        switch text {
        case "keep", "Keep": self = .keep
        case "latest", "Latest": self = .latest
        default:
            do {
                self = .id(try DeploymentID(parsing: text))
            } catch {
                throw ValidationError("--deployment takes keep, latest or a deployment id (dp_…), got '\(text)': \(error.message)")
            }
        }
    }

    /// The value of the `deployment` query parameter: `keep`, `latest` or the id.
    var queryValue: String {
        switch self {
        case .keep: "keep"
        case .latest: "latest"
        case .id(let id): id.description
        }
    }
}
