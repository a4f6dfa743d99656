import Foundation

/// A TOML value of the subset the configuration file uses.
enum TOMLValue: Equatable, Sendable {
    case string(String)
    case integer(Int64)
    case float(Double)
    case boolean(Bool)
    case array([TOMLValue])
    case table([String: TOMLValue])
}

/// A parse failure with its line.
struct TOMLError: Error, CustomStringConvertible {
    let line: Int
    let message: String
    var description: String { "line \(line): \(message)" }
}

/// A small TOML parser for exactly what `--config` files need: `[tables]`, `[dotted.tables]`,
/// `[[arrays.of.tables]]`, dotted keys, bare and quoted keys, basic and literal strings, integers,
/// floats, booleans, (multi-line) arrays, inline tables and comments. Dates and multi-line strings
/// are not supported and are reported as errors.
struct TOMLParser {
    private let chars: [Character]
    private var index = 0
    private var line = 1

    /// Parses a document into its root table.
    static func parse(_ text: String) throws -> [String: TOMLValue] {
        var parser = TOMLParser(chars: Array(text))
        return try parser.document()
    }

    /// Parses a single value (for environment overrides), or `nil` when `text` is not one.
    static func parseValue(_ text: String) -> TOMLValue? {
        var parser = TOMLParser(chars: Array(text))
        guard let value = try? parser.value() else { return nil }
        parser.skipSpaces()
        return parser.index == parser.chars.count ? value : nil
    }

    private init(chars: [Character]) { self.chars = chars }

    private var current: Character? { index < chars.count ? chars[index] : nil }

    private func fail(_ message: String) -> TOMLError { TOMLError(line: line, message: message) }

    private mutating func advance() {
        if current == "\n" { line += 1 }
        index += 1
    }

    private mutating func skipSpaces() {
        while let c = current, c == " " || c == "\t" { advance() }
    }

    /// Skips whitespace, newlines and comments.
    private mutating func skipTrivia() {
        while let c = current {
            if c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\r\n" {
                advance()
            } else if c == "#" {
                while let d = current, d != "\n", d != "\r\n" { advance() }
            } else {
                return
            }
        }
    }

    private mutating func endOfLine() throws {
        skipSpaces()
        if current == "#" { while let d = current, d != "\n", d != "\r\n" { advance() } }
        guard current == nil || current == "\n" || current == "\r\n" else { throw fail("expected the end of the line, found '\(current!)'") }
    }

    private mutating func document() throws -> [String: TOMLValue] {
        var root: [String: TOMLValue] = [:]
        var tablePath: [String] = []
        while true {
            skipTrivia()
            guard let c = current else { return root }
            if c == "[" {
                advance()
                let isArray = current == "["
                if isArray { advance() }
                skipSpaces()
                let path = try key()
                skipSpaces()
                guard current == "]" else { throw fail("expected ']'") }
                advance()
                if isArray {
                    guard current == "]" else { throw fail("expected ']]'") }
                    advance()
                    try Self.appendTable(to: &root, path: path, line: line)
                } else {
                    try Self.ensureTable(in: &root, path: path, line: line)
                }
                tablePath = isArray ? path + [Self.lastMarker] : path
                try endOfLine()
            } else {
                let path = try key()
                skipSpaces()
                guard current == "=" else { throw fail("expected '=' after a key") }
                advance()
                skipSpaces()
                let v = try value()
                try Self.insert(v, into: &root, path: tablePath + path, line: line)
                try endOfLine()
            }
        }
    }

    /// A possibly dotted key.
    private mutating func key() throws -> [String] {
        var parts: [String] = []
        while true {
            skipSpaces()
            if current == "\"" || current == "'" {
                parts.append(try string())
            } else {
                var part = ""
                while let c = current, c.isASCII, c.isLetter || c.isNumber || c == "-" || c == "_" {
                    part.append(c)
                    advance()
                }
                guard !part.isEmpty else { throw fail("expected a key") }
                parts.append(part)
            }
            skipSpaces()
            guard current == "." else { return parts }
            advance()
        }
    }

    private mutating func value() throws -> TOMLValue {
        guard let c = current else { throw fail("expected a value") }
        switch c {
        case "\"", "'": return .string(try string())
        case "[":
            advance()
            var items: [TOMLValue] = []
            while true {
                skipTrivia()
                if current == "]" {
                    advance()
                    return .array(items)
                }
                items.append(try value())
                skipTrivia()
                if current == "," {
                    advance()
                    continue
                }
                guard current == "]" else { throw fail("expected ',' or ']' in an array") }
            }
        case "{":
            advance()
            var table: [String: TOMLValue] = [:]
            skipSpaces()
            if current == "}" {
                advance()
                return .table(table)
            }
            while true {
                let path = try key()
                skipSpaces()
                guard current == "=" else { throw fail("expected '=' in an inline table") }
                advance()
                skipSpaces()
                try Self.insert(try value(), into: &table, path: path, line: line)
                skipSpaces()
                if current == "," {
                    advance()
                    skipSpaces()
                    continue
                }
                guard current == "}" else { throw fail("expected ',' or '}' in an inline table") }
                advance()
                return .table(table)
            }
        default:
            var token = ""
            while let d = current, d.isASCII, d.isLetter || d.isNumber || "+-._:".contains(d) {
                token.append(d)
                advance()
            }
            if token == "true" { return .boolean(true) }
            if token == "false" { return .boolean(false) }
            let digits = token.replacingOccurrences(of: "_", with: "")
            if let i = Int64(digits) { return .integer(i) }
            if let d = Double(digits), digits.contains(where: { $0.isNumber }) { return .float(d) }
            throw fail(token.isEmpty ? "unexpected character '\(c)'" : "unsupported value '\(token)'")
        }
    }

    private mutating func string() throws -> String {
        let quote = current!
        advance()
        if current == quote, index + 1 < chars.count, chars[index + 1] == quote { throw fail("multi-line strings are not supported") }
        var out = ""
        while let c = current {
            advance()
            if c == quote { return out }
            if c == "\n" || c == "\r\n" { break }
            if c == "\\", quote == "\"" {
                guard let e = current else { break }
                advance()
                switch e {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                case "\"": out.append("\"")
                case "\\": out.append("\\")
                case "u", "U":
                    let count = e == "u" ? 4 : 8
                    var hex = ""
                    for _ in 0..<count {
                        if let h = current {
                            hex.append(h)
                            advance()
                        }
                    }
                    guard let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) else { throw fail("invalid escape \\\(e)\(hex)") }
                    out.unicodeScalars.append(scalar)
                default: throw fail("invalid escape \\\(e)")
                }
            } else {
                out.append(c)
            }
        }
        throw fail("unterminated string")
    }

    // MARK: Tree building

    /// The path segment that addresses the last table of an array of tables.
    private static let lastMarker = "\u{0}last"

    private static func ensureTable(in table: inout [String: TOMLValue], path: [String], line: Int) throws {
        guard let head = path.first else { return }
        var child: [String: TOMLValue]
        switch table[head] {
        case nil: child = [:]
        case .table(let t): child = t
        case .array(var items) where path.count > 1:
            guard case .table(var last) = items.last else { throw TOMLError(line: line, message: "'\(head)' is not a table") }
            try ensureTable(in: &last, path: Array(path.dropFirst()), line: line)
            items[items.count - 1] = .table(last)
            table[head] = .array(items)
            return
        default: throw TOMLError(line: line, message: "'\(head)' is not a table")
        }
        try ensureTable(in: &child, path: Array(path.dropFirst()), line: line)
        table[head] = .table(child)
    }

    private static func appendTable(to table: inout [String: TOMLValue], path: [String], line: Int) throws {
        guard let head = path.first else { return }
        if path.count == 1 {
            guard case .array(var items) = table[head] ?? .array([]) else {
                throw TOMLError(line: line, message: "'\(head)' is not an array of tables")
            }
            items.append(.table([:]))
            table[head] = .array(items)
            return
        }
        guard case .table(var child) = table[head] ?? .table([:]) else { throw TOMLError(line: line, message: "'\(head)' is not a table") }
        try appendTable(to: &child, path: Array(path.dropFirst()), line: line)
        table[head] = .table(child)
    }

    /// Inserts `value` at `path`; the marker segment addresses the last table of an array.
    static func insert(_ value: TOMLValue, into table: inout [String: TOMLValue], path: [String], line: Int) throws {
        guard let head = path.first else { return }
        if path.count == 1 {
            guard table[head] == nil else { throw TOMLError(line: line, message: "duplicate key '\(head)'") }
            table[head] = value
            return
        }
        let rest = Array(path.dropFirst())
        if rest.first == lastMarker {
            guard case .array(var items) = table[head], case .table(var last) = items.last else {
                throw TOMLError(line: line, message: "'\(head)' is not an array of tables")
            }
            try insert(value, into: &last, path: Array(rest.dropFirst()), line: line)
            items[items.count - 1] = .table(last)
            table[head] = .array(items)
            return
        }
        guard case .table(var child) = table[head] ?? .table([:]) else { throw TOMLError(line: line, message: "'\(head)' is not a table") }
        try insert(value, into: &child, path: rest, line: line)
        table[head] = .table(child)
    }
}
