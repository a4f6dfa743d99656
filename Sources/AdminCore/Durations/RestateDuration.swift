/// A non-negative duration with nanosecond precision, written the way Restate 1.6.2 writes durations
/// (DURATIONS.md): parsed from jiff's "friendly" format (`1 day, 2 hours`, `1h30m`) or ISO 8601 (`P1DT2H`),
/// printed in Restate's compact form (`1d 2h`).
///
/// Values are limited to ``maximum`` (7,304,484 days): Restate 1.6.2 accepts larger values but cannot
/// print them, so this project rejects them at parse time (BEHAVIOR.md §0 item 4).
public struct RestateDuration: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// Whole seconds.
    public let seconds: UInt64
    /// The sub-second part, in 0..<1,000,000,000.
    public let nanoseconds: UInt32

    /// Creates a duration; nanoseconds of a second or more are carried into `seconds`.
    /// - Parameters:
    ///   - seconds: whole seconds.
    ///   - nanoseconds: additional nanoseconds.
    public init(seconds: UInt64, nanoseconds: UInt32 = 0) {
        let carry = UInt64(nanoseconds / 1_000_000_000)
        let (sum, overflow) = seconds.addingReportingOverflow(carry)
        self.seconds = overflow ? UInt64.max : sum
        self.nanoseconds = nanoseconds % 1_000_000_000
    }

    /// Creates a duration from a total number of nanoseconds that fits in ``maximum`` or at least in 64-bit seconds.
    init(totalNanoseconds: UInt128) {
        let wholeSeconds = totalNanoseconds / 1_000_000_000
        self.seconds = wholeSeconds > UInt128(UInt64.max) ? UInt64.max : UInt64(wholeSeconds)
        self.nanoseconds = UInt32(totalNanoseconds % 1_000_000_000)
    }

    /// The zero duration (prints as `0s`).
    public static let zero = RestateDuration(seconds: 0)

    /// The largest duration Restate 1.6.2 can print: 631,107,417,600 s (`7304484d`).
    public static let maximum = RestateDuration(seconds: 631_107_417_600)

    /// A duration of `ms` milliseconds (the unit of the SDK endpoint manifest).
    public static func milliseconds(_ ms: UInt64) -> RestateDuration {
        RestateDuration(seconds: ms / 1_000, nanoseconds: UInt32(ms % 1_000) * 1_000_000)
    }

    /// The whole milliseconds (sub-millisecond parts are truncated; saturates at `UInt64.max`).
    public var totalMilliseconds: UInt64 {
        let (millis, overflow) = seconds.multipliedReportingOverflow(by: 1_000)
        guard !overflow else { return UInt64.max }
        let (sum, overflow2) = millis.addingReportingOverflow(UInt64(nanoseconds / 1_000_000))
        return overflow2 ? UInt64.max : sum
    }

    /// The exact value in nanoseconds (wider than 64 bits: Restate values can exceed `UInt64` nanoseconds).
    public var totalNanoseconds: UInt128 {
        UInt128(seconds) * 1_000_000_000 + UInt128(nanoseconds)
    }

    /// Whether the value is zero.
    public var isZero: Bool { seconds == 0 && nanoseconds == 0 }

    /// The value as a Swift `Duration`.
    public var swiftDuration: Duration {
        .seconds(Int64(clamping: seconds)) + .nanoseconds(Int64(nanoseconds))
    }

    /// Orders durations by length.
    public static func < (lhs: RestateDuration, rhs: RestateDuration) -> Bool {
        (lhs.seconds, lhs.nanoseconds) < (rhs.seconds, rhs.nanoseconds)
    }

    // MARK: Printing

    /// Restate's canonical compact form, as sent in JSON: units balanced up to days, labels
    /// `d h m s ms µs ns` (µ is U+00B5), one space between units, `0s` for zero. E.g. `1d 12h 4m 2s`.
    public var description: String {
        DurationPrinter.compact(seconds: seconds, nanoseconds: nanoseconds)
    }

    /// The verbose form of Restate's CLI (`{:#}`), e.g. `1 day 12 hours 4 minutes 2 seconds`; `0 seconds` for zero.
    public var verboseDescription: String {
        DurationPrinter.verbose(seconds: seconds, nanoseconds: nanoseconds)
    }

    /// The ISO 8601 form of Restate's CLI, e.g. `P1DT12H4M2S`, `PT0.1S`; `PT0S` for zero.
    public var iso8601Description: String {
        DurationPrinter.iso8601(seconds: seconds, nanoseconds: nanoseconds)
    }

    // MARK: Parsing

    /// Parses a duration exactly as Restate 1.6.2 does (DURATIONS.md §2.1), then rejects values above ``maximum``.
    ///
    /// Accepts the exact string `"0"`, jiff's friendly format (`5h`, `1 hour, 30 minutes`, `5 days 01:02:03`)
    /// and ISO 8601 (`PT5H`, `P1W1D`); rejects non-zero years or months and negative values (negative zero is zero).
    /// - Parameter text: the duration string.
    /// - Throws: `AdminError(.invalidArgument, message)` with jiff's or Restate's message.
    public init(parsing text: String) throws(AdminError) {
        if text.utf8.elementsEqual("0".utf8) {
            self = .zero
            return
        }
        let bytes = Array(text.utf8)
        guard var first = bytes.first else { throw DurationMessages.error(DurationMessages.empty) }
        if first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            guard bytes.count > 1 else {
                throw DurationMessages.error(DurationMessages.nothingAfterSign(Character(Unicode.Scalar(first))))
            }
            first = bytes[1]
        }
        let span: DurationSpan
        if first == UInt8(ascii: "P") || first == UInt8(ascii: "p") {
            var parser = ISODurationParser(bytes)
            span = try parser.parse()
        } else {
            var parser = FriendlyDurationParser(bytes)
            span = try parser.parse()
        }
        self = try span.restateDuration(input: text)
    }

    // MARK: Codable

    /// Decodes from a JSON string with ``init(parsing:)``.
    /// - Throws: `DecodingError.dataCorrupted` whose debug description is the parse error's message and
    ///   whose underlying error is the ``AdminError``; `DecodingError.typeMismatch` for a non-string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(parsing: text)
        } catch {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: decoder.codingPath, debugDescription: error.message, underlyingError: error
                )
            )
        }
    }

    /// Encodes as the compact string (``description``).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
