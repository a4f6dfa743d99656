/// A cursor over the UTF-8 bytes of a duration string, with the lexical pieces both grammars share
/// (DURATIONS.md §4.1 and §5): ASCII digits, fractions and the five ASCII whitespace bytes.
struct DurationBytes: Sendable {
    /// The input bytes.
    let bytes: [UInt8]
    /// The index of the next unread byte.
    var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The next byte, or `nil` at the end.
    var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    /// Whether every byte has been read.
    var atEnd: Bool { position >= bytes.count }

    /// The bytes not read yet.
    var rest: ArraySlice<UInt8> { bytes[min(position, bytes.count)...] }

    /// Whether `byte` is one of jiff's whitespace bytes: space, TAB, LF, FF or CR (not VT, no Unicode spaces).
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D
    }

    /// Whether `byte` is an ASCII digit.
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// Whether the next byte is an ASCII digit.
    var atDigit: Bool { current.map(Self.isDigit) ?? false }

    /// Skips whitespace; returns whether any was skipped.
    @discardableResult
    mutating func skipWhitespace() -> Bool {
        let start = position
        while let byte = current, Self.isWhitespace(byte) { position += 1 }
        return position > start
    }

    /// Whether the unread input starts with the bytes of `literal`.
    func hasPrefix(_ literal: String) -> Bool { hasPrefix(Array(literal.utf8)) }

    /// Whether the unread input starts with the given bytes.
    func hasPrefix(_ literal: [UInt8]) -> Bool {
        guard bytes.count - position >= literal.count else { return false }
        return bytes[position..<(position + literal.count)].elementsEqual(literal)
    }

    /// Reads an unsigned decimal integer of at most 21 digits.
    /// - Returns: the value, or `nil` (nothing consumed) when the next byte is not a digit.
    /// - Throws: `number too big to parse into 64-bit integer` (with `prefix`) when it does not fit in 64 bits.
    mutating func integer(prefix: String) throws(AdminError) -> UInt64? {
        guard atDigit else { return nil }
        var value: UInt64 = 0
        var overflow = false
        var count = 0
        while let byte = current, Self.isDigit(byte), count < 21 {
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(byte - 0x30))
            overflow = overflow || o1 || o2
            value = sum
            position += 1
            count += 1
        }
        if overflow { throw DurationMessages.error(prefix + DurationMessages.numberTooBig) }
        return value
    }

    /// Reads an optional fraction: `.` or `,` followed by 1 to 9 digits (a 10th digit is left unread).
    /// - Returns: the digits right-padded to 9 places (0…999,999,999), or `nil` when there is no `.`/`,`.
    /// - Throws: when the separator is not followed by a digit.
    mutating func fraction(prefix: String) throws(AdminError) -> UInt64? {
        guard let separator = current, separator == UInt8(ascii: ".") || separator == UInt8(ascii: ",") else {
            return nil
        }
        return try digitsAfterSeparator(prefix: prefix)
    }

    private mutating func digitsAfterSeparator(prefix: String) throws(AdminError) -> UInt64 {
        position += 1
        guard atDigit else { throw DurationMessages.error(prefix + DurationMessages.fractionWithoutDigits) }
        var value: UInt64 = 0
        var count = 0
        while let byte = current, Self.isDigit(byte), count < 9 {
            value = value * 10 + UInt64(byte - 0x30)
            position += 1
            count += 1
        }
        while count < 9 {
            value *= 10
            count += 1
        }
        return value
    }

    /// The character starting at `index`, or a `\xNN` escape when the bytes there are not valid UTF-8.
    static func character(in bytes: [UInt8], at index: Int) -> String {
        let lead = bytes[index]
        let length: Int
        switch lead {
        case 0x00..<0x80: length = 1
        case 0xC0..<0xE0: length = 2
        case 0xE0..<0xF0: length = 3
        case 0xF0..<0xF8: length = 4
        default: length = 0
        }
        if length > 0, index + length <= bytes.count,
            let text = String(validating: bytes[index..<(index + length)], as: UTF8.self)
        {
            return text
        }
        let hex = String(lead, radix: 16, uppercase: true)
        return "\\x" + (hex.count == 1 ? "0" + hex : hex)
    }
}
