import AdminTOML

/// Writes TOML values back as text the parser reads: one `"key" = value` line per root member,
/// nested values inline, every key quoted, every non-printable or non-ASCII scalar escaped.
enum TOMLWriter {
    /// A document of `root`'s members.
    /// - Parameter root: the root table.
    /// - Returns: the text, one line per member, keys sorted.
    static func document(_ root: [String: TOMLValue]) -> String {
        root.keys.sorted().map { "\(quoted($0)) = \(value(root[$0]!))\n" }.joined()
    }

    /// One value, inline.
    /// - Parameter value: the value.
    /// - Returns: its text.
    static func value(_ value: TOMLValue) -> String {
        switch value {
        case .string(let text): return quoted(text)
        case .integer(let number): return String(number)
        case .float(let number):
            if number.isInfinite { return number < 0 ? "-1e400" : "1e400" }
            return String(number)
        case .boolean(let flag): return flag ? "true" : "false"
        case .array(let items): return "[" + items.map(Self.value).joined(separator: ", ") + "]"
        case .table(let members):
            return "{" + members.keys.sorted().map { "\(quoted($0)) = \(Self.value(members[$0]!))" }.joined(separator: ", ") + "}"
        }
    }

    /// A basic string: `"`, `\\` and control characters escaped, everything else as it is
    /// (including combining marks right after the quote, and escapes followed by one).
    /// - Parameter text: the text.
    /// - Returns: the quoted string.
    static func quoted(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\u{0}"..."\u{1F}", "\u{7F}":
                let hex = String(scalar.value, radix: 16, uppercase: true)
                output += "\\u" + padded(hex, 4)
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }

    /// `hex` left-padded with zeros to `width` digits.
    /// - Parameters:
    ///   - hex: the digits.
    ///   - width: the width.
    /// - Returns: the padded digits.
    static func padded(_ hex: String, _ width: Int) -> String {
        String(repeating: "0", count: max(0, width - hex.count)) + hex
    }

    /// Whether a value holds a NaN, which never equals itself.
    /// - Parameter value: the value.
    /// - Returns: whether a NaN is inside.
    static func containsNaN(_ value: TOMLValue) -> Bool {
        switch value {
        case .float(let number): return number.isNaN
        case .array(let items): return items.contains(where: containsNaN)
        case .table(let members): return members.values.contains(where: containsNaN)
        case .string, .integer, .boolean: return false
        }
    }
}
