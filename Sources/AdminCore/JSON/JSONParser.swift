import Foundation

/// A parsed JSON document that keeps what `JSONValue` loses: member order, duplicate keys, and
/// the exact kind of each number (unsigned, negative integer or float), as serde_json sees them.
indirect enum ParsedJSON {
    case null
    case bool(Bool)
    /// A non-negative integer that fits in `UInt64`.
    case unsigned(UInt64)
    /// A negative integer that fits in `Int64`.
    case negative(Int64)
    /// Any number with a fraction or exponent, or an integer too large for 64 bits.
    case float(Double)
    case string(String)
    case array([ParsedJSON])
    case object([(key: String, value: ParsedJSON)])

    /// The value as a `JSONValue` (duplicate keys: the last one wins).
    var jsonValue: JSONValue {
        switch self {
        case .null: return .null
        case .bool(let value): return .bool(value)
        case .unsigned(let value):
            if let exact = Int64(exactly: value) { return .int(exact) }
            return .double(Double(value))
        case .negative(let value): return .int(value)
        case .float(let value): return .double(value)
        case .string(let value): return .string(value)
        case .array(let items): return .array(items.map(\.jsonValue))
        case .object(let members):
            var object: [String: JSONValue] = [:]
            for member in members { object[member.key] = member.value.jsonValue }
            return .object(object)
        }
    }

    /// serde's "unexpected" rendering, as in "invalid type: <this>, expected …".
    var unexpectedDescription: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return "boolean `\(value)`"
        case .unsigned(let value): return "integer `\(value)`"
        case .negative(let value): return "integer `\(value)`"
        case .float(let value): return "floating point `\(JSONWriter.rustFloat(value))`"
        case .string(let value): return "string \(JSONWriter.quoted(value))"
        case .array: return "sequence"
        case .object: return "map"
        }
    }
}

/// A syntax error, rendered like serde_json: "<message> at line L column C".
struct JSONSyntaxError: Error, CustomStringConvertible {
    let message: String
    /// Where it happened, or `nil` when the document has no place for it.
    let position: JSONPosition
    /// The members of the objects and arrays around the error, outermost first.
    var path: [JSONPathComponent] = []
    var description: String { "\(message) at \(position)" }
}

/// A line and column, 1-based, as serde_json counts them (column 0: before the first byte of a line).
struct JSONPosition: Hashable, CustomStringConvertible {
    let line: Int
    let column: Int

    /// The position of the byte at `offset` (or of the end of the text, before `offset` 0).
    static func of(byte offset: Int, in bytes: [UInt8]) -> JSONPosition {
        let end = min(max(offset + 1, 0), bytes.count)
        var line = 1
        var column = 0
        for byte in bytes[..<end] {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 0
            } else {
                column += 1
            }
        }
        return JSONPosition(line: line, column: column)
    }

    var description: String { "line \(line) column \(column)" }
}

/// One step of the path to a value: an object member or an array element.
enum JSONPathComponent: Hashable, Sendable, CustomStringConvertible {
    case key(String)
    case index(Int)
    /// A member whose key was not read yet.
    case unknownKey

    var description: String {
        switch self {
        case .key(let key): return key
        case .index(let index): return "[\(index)]"
        case .unknownKey: return "?"
        }
    }

    /// A path as serde_path_to_error writes it: keys joined by `.`, indexes as `[i]` (empty when
    /// the path holds only unknown keys).
    static func render(_ path: [JSONPathComponent]) -> String {
        guard path.contains(where: { $0 != .unknownKey }) else { return "" }
        var text = ""
        for component in path {
            if case .index = component {} else if !text.isEmpty { text += "." }
            text += component.description
        }
        return text
    }
}

/// Where a value stands in the text: the offsets of its first and last bytes.
struct JSONSpan: Hashable {
    let first: Int
    let last: Int
}

/// A strict recursive-descent JSON parser over UTF-8 bytes.
struct JSONParser {
    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0
    /// The path to the value being parsed, and the spans of the values parsed so far (when asked).
    private var path: [JSONPathComponent] = []
    private var spans: [[JSONPathComponent]: JSONSpan]?
    /// serde_json's default recursion limit.
    static let maxDepth = 128

    private init(_ bytes: [UInt8], recordingSpans: Bool = false) {
        self.bytes = bytes
        spans = recordingSpans ? [:] : nil
    }

    /// Parses a complete document; anything but whitespace after the value is an error.
    static func parse(_ data: Data) throws(JSONSyntaxError) -> ParsedJSON {
        try parse(bytes: Array(data), recordingSpans: false).value
    }

    /// Parses a complete document and, when asked, records where each value stands (by path;
    /// of duplicate members, the last).
    static func parse(
        bytes: [UInt8], recordingSpans: Bool
    ) throws(JSONSyntaxError) -> (value: ParsedJSON, spans: [[JSONPathComponent]: JSONSpan]) {
        var parser = JSONParser(bytes, recordingSpans: recordingSpans)
        let value = try parser.parseValue()
        parser.skipWhitespace()
        if parser.index < parser.bytes.count { throw parser.error("trailing characters", path: []) }
        return (value, parser.spans ?? [:])
    }

    private func error(_ message: String, at position: Int? = nil, path: [JSONPathComponent]? = nil) -> JSONSyntaxError {
        let end = min(position ?? index, bytes.count)
        var line = 1
        var column = 0
        for byte in bytes[..<end] {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 0
            } else {
                column += 1
            }
        }
        if position == nil, index < bytes.count { column += 1 }
        return JSONSyntaxError(message: message, position: JSONPosition(line: line, column: column), path: path ?? self.path)
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
            index += 1
        }
    }

    private mutating func parseValue() throws(JSONSyntaxError) -> ParsedJSON {
        skipWhitespace()
        let first = index
        let value = try parseBareValue()
        if spans != nil { spans?[path] = JSONSpan(first: first, last: index - 1) }
        return value
    }

    private mutating func parseBareValue() throws(JSONSyntaxError) -> ParsedJSON {
        guard let byte = current else { throw error("EOF while parsing a value") }
        switch byte {
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "{"): return try parseObject()
        default: throw error("expected value")
        }
    }

    private mutating func expectLiteral(_ literal: String) throws(JSONSyntaxError) {
        for expected in literal.utf8 {
            guard let byte = current else { throw error("EOF while parsing a value") }
            guard byte == expected else { throw error("expected ident") }
            index += 1
        }
    }

    private mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        if depth > Self.maxDepth { throw error("recursion limit exceeded") }
    }

    private mutating func parseArray() throws(JSONSyntaxError) -> ParsedJSON {
        try enter()
        defer { depth -= 1 }
        index += 1
        var items: [ParsedJSON] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            index += 1
            return .array(items)
        }
        while true {
            path.append(.index(items.count))
            items.append(try parseValue())
            path.removeLast()
            skipWhitespace()
            let next = path + [.index(items.count)]
            guard let byte = current else { throw error("EOF while parsing a list", path: next) }
            index += 1
            if byte == UInt8(ascii: "]") { return .array(items) }
            guard byte == UInt8(ascii: ",") else {
                index -= 1
                throw error("expected `,` or `]`", path: next)
            }
            skipWhitespace()
            if current == UInt8(ascii: "]") { throw error("trailing comma", path: next) }
        }
    }

    private mutating func parseObject() throws(JSONSyntaxError) -> ParsedJSON {
        try enter()
        defer { depth -= 1 }
        index += 1
        var members: [(key: String, value: ParsedJSON)] = []
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            let unknown = path + [.unknownKey]
            guard let byte = current else { throw error("EOF while parsing an object", path: unknown) }
            guard byte == UInt8(ascii: "\"") else { throw error("key must be a string", path: unknown) }
            path.append(.unknownKey)
            let key = try parseString()
            path.removeLast()
            skipWhitespace()
            guard let colon = current else { throw error("EOF while parsing an object", path: path + [.key(key)]) }
            guard colon == UInt8(ascii: ":") else { throw error("expected `:`", path: path + [.key(key)]) }
            index += 1
            path.append(.key(key))
            let value = try parseValue()
            path.removeLast()
            members.append((key: key, value: value))
            skipWhitespace()
            guard let next = current else { throw error("EOF while parsing an object", path: unknown) }
            index += 1
            if next == UInt8(ascii: "}") { return .object(members) }
            guard next == UInt8(ascii: ",") else {
                index -= 1
                throw error("expected `,` or `}`", path: unknown)
            }
            skipWhitespace()
            if current == UInt8(ascii: "}") { throw error("trailing comma", path: unknown) }
        }
    }

    private mutating func parseString() throws(JSONSyntaxError) -> String {
        index += 1
        var buffer: [UInt8] = []
        while true {
            guard let byte = current else { throw error("EOF while parsing a string") }
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: buffer, as: UTF8.self) else {
                    throw error("invalid unicode code point")
                }
                return text
            case UInt8(ascii: "\\"):
                try parseEscape(into: &buffer)
            case 0x00..<0x20:
                throw error("control character (\\u0000-\\u001F) found while parsing a string")
            default:
                buffer.append(byte)
            }
        }
    }

    private mutating func parseEscape(into buffer: inout [UInt8]) throws(JSONSyntaxError) {
        guard let byte = current else { throw error("EOF while parsing a string") }
        index += 1
        switch byte {
        case UInt8(ascii: "\""): buffer.append(0x22)
        case UInt8(ascii: "\\"): buffer.append(0x5C)
        case UInt8(ascii: "/"): buffer.append(0x2F)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try parseHex4()
            if (0xD800..<0xDC00).contains(scalar) {
                guard current == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") else {
                    throw error("lone leading surrogate in hex escape")
                }
                index += 2
                let low = try parseHex4()
                guard (0xDC00..<0xE000).contains(low) else { throw error("lone leading surrogate in hex escape") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(scalar) {
                throw error("lone trailing surrogate in hex escape")
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw error("invalid unicode code point") }
            buffer.append(contentsOf: Array(String(Character(unicode)).utf8))
        default:
            throw error("invalid escape")
        }
    }

    private mutating func parseHex4() throws(JSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = current else { throw error("EOF while parsing a string") }
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("invalid escape")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    private mutating func parseNumber() throws(JSONSyntaxError) -> ParsedJSON {
        let start = index
        let negative = current == UInt8(ascii: "-")
        if negative { index += 1 }
        guard let first = current, isDigit(first) else { throw error("invalid number") }
        if first == UInt8(ascii: "0") {
            index += 1
            if let next = current, isDigit(next) { throw error("invalid number") }
        } else {
            while let byte = current, isDigit(byte) { index += 1 }
        }
        var isFloat = false
        if current == UInt8(ascii: ".") {
            isFloat = true
            index += 1
            guard let byte = current, isDigit(byte) else { throw error("invalid number") }
            while let byte = current, isDigit(byte) { index += 1 }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            isFloat = true
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard let byte = current, isDigit(byte) else { throw error("invalid number") }
            while let byte = current, isDigit(byte) { index += 1 }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if !isFloat {
            if negative, let value = Int64(text) { return value == 0 ? .float(-0.0) : .negative(value) }
            if !negative, let value = UInt64(text) { return .unsigned(value) }
        }
        guard let value = Double(text), value.isFinite else { throw error("number out of range", at: start) }
        return .float(value)
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
