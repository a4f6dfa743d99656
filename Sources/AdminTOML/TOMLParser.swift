import Foundation

/// A small TOML parser for exactly what `--config` files need: `[tables]`, `[dotted.tables]`,
/// `[[arrays.of.tables]]`, dotted keys, bare and quoted keys, basic and literal strings, integers,
/// floats, booleans, (multi-line) arrays, inline tables and comments. Dates and multi-line strings
/// are not supported and are reported as errors.
public struct TOMLParser {
    /// The text, as Unicode scalars: not `Character`s, which would join a quote or a backslash
    /// with a combining mark after it into one grapheme (`"\u{301}` is not a `"`).
    private let chars: [Unicode.Scalar]
    /// The next character to read.
    private var index = 0
    /// The 1-based line of ``index``.
    private var line = 1
    /// How many tables and arrays the value being read is nested in (table headers and dotted keys included).
    private var depth = 0

    /// The deepest nesting accepted (a configuration needs 3 or 4 levels): the parser recurses once
    /// per level, so a deeper document would exhaust the stack instead of being refused.
    public static let maximumDepth = 64

    /// Parses a document into its root table.
    /// - Throws: ``TOMLError`` with the line of the first problem.
    public static func parse(_ text: String) throws -> [String: TOMLValue] {
        var parser = TOMLParser(chars: Array(text.unicodeScalars))
        return try parser.document()
    }

    /// Parses a single value (for environment overrides), or `nil` when `text` is not one.
    public static func parseValue(_ text: String) -> TOMLValue? {
        var parser = TOMLParser(chars: Array(text.unicodeScalars))
        guard let value = try? parser.value() else { return nil }
        parser.skipSpaces()
        return parser.index == parser.chars.count ? value : nil
    }

    /// A parser at the start of `chars`.
    private init(chars: [Unicode.Scalar]) { self.chars = chars }

    /// The next character, `nil` at the end.
    private var current: Unicode.Scalar? { index < chars.count ? chars[index] : nil }

    /// An error at the current line.
    private func fail(_ message: String) -> TOMLError { TOMLError(line: line, message: message) }

    /// Moves past the current character, counting lines.
    private mutating func advance() {
        if current == "\n" { line += 1 }
        index += 1
    }

    /// Counts `levels` more levels of nesting.
    /// - Throws: ``TOMLError`` when that is deeper than ``maximumDepth``.
    private mutating func nest(_ levels: Int) throws {
        guard depth + levels <= Self.maximumDepth else { throw fail("nested deeper than \(Self.maximumDepth) levels") }
        depth += levels
    }

    /// Whether the current scalar is the `\r` of a `\r\n`.
    private var isLineBreak: Bool {
        current == "\r" && index + 1 < chars.count && chars[index + 1] == "\n"
    }

    /// An ASCII letter, digit, `-` or `_`: what a bare key is made of.
    private static func isBareKey(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "-", "_": return true
        default: return false
        }
    }

    /// Skips spaces and tabs.
    private mutating func skipSpaces() {
        while let c = current, c == " " || c == "\t" { advance() }
    }

    /// Skips whitespace, newlines and comments.
    private mutating func skipTrivia() {
        while let c = current {
            if c == " " || c == "\t" || c == "\n" || c == "\r" {
                advance()
            } else if c == "#" {
                while let d = current, d != "\n" { advance() }
            } else {
                return
            }
        }
    }

    /// Accepts only trailing spaces and a comment before the end of the line.
    private mutating func endOfLine() throws {
        skipSpaces()
        if current == "#" { while let d = current, d != "\n", !isLineBreak { advance() } }
        guard current == nil || current == "\n" || isLineBreak else { throw fail("expected the end of the line, found '\(current!)'") }
    }

    /// The whole document: table headers and key/value lines.
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
                depth = 0
                try nest(tablePath.count + path.count)
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
                while let c = current, Self.isBareKey(c) {
                    part.unicodeScalars.append(c)
                    advance()
                }
                guard !part.isEmpty else { throw fail("expected a key") }
                parts.append(part)
            }
            skipSpaces()
            guard current == "." else { return parts }
            guard parts.count < Self.maximumDepth else { throw fail("a key of more than \(Self.maximumDepth) parts") }
            advance()
        }
    }

    /// A value: a string, an array, an inline table, a boolean or a number.
    private mutating func value() throws -> TOMLValue {
        guard let c = current else { throw fail("expected a value") }
        switch c {
        case "\"", "'": return .string(try string())
        case "[":
            try nest(1)
            defer { depth -= 1 }
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
            try nest(1)
            defer { depth -= 1 }
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
                try nest(path.count - 1)
                let member = try value()
                depth -= path.count - 1
                try Self.insert(member, into: &table, path: path, line: line)
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
            while let d = current, Self.isBareKey(d) || d == "+" || d == "." || d == ":" {
                token.unicodeScalars.append(d)
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

    /// A basic (`"`, with escapes) or literal (`'`) single-line string.
    private mutating func string() throws -> String {
        let quote = current!
        advance()
        if current == quote, index + 1 < chars.count, chars[index + 1] == quote { throw fail("multi-line strings are not supported") }
        var out = ""
        while let c = current {
            advance()
            if c == quote { return out }
            if c == "\n" || (c == "\r" && current == "\n") { break }
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
                            hex.unicodeScalars.append(h)
                            advance()
                        }
                    }
                    guard let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) else { throw fail("invalid escape \\\(e)\(hex)") }
                    out.unicodeScalars.append(scalar)
                default: throw fail("invalid escape \\\(e)")
                }
            } else {
                out.unicodeScalars.append(c)
            }
        }
        throw fail("unterminated string")
    }

    // MARK: Tree building

    /// The path segment that addresses the last table of an array of tables.
    private static let lastMarker = "\u{0}last"

    /// Creates the tables of a `[table]` header (in the last table of an array of tables on the way).
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

    /// Appends a table to the array of a `[[array]]` header.
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
