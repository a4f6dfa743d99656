import Foundation

/// What run.sh collected about the machine and the run, as `key=value` lines: `cpu`, `cores`,
/// `memory`, `disk`, `filesystem`, `os`, `kernel`, `swift`, `date`, `run_seconds`.
struct MachineFacts {
    /// The facts by key.
    let values: [String: String]

    /// Parses `key=value` lines; other lines are ignored.
    init(text: String) {
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            values[key] = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        }
        self.values = values
    }

    /// The fact, or "unknown".
    subscript(key: String) -> String { values[key].flatMap { $0.isEmpty ? nil : $0 } ?? "unknown" }
}
