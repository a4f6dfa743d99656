/// The error texts of duration parsing (DURATIONS.md §2.1, §3, §4.3 and §5), built in one place.
enum DurationMessages {
    /// The prefix jiff puts before every error of its friendly parser.
    static let friendlyPrefix = "failed to parse input in the \"friendly\" duration format: "

    /// Restate's rejection of positive years or months.
    static let useDaysOrSmaller = "please use units of days or smaller"

    /// Restate's rejection of a negative duration (std `Duration` is unsigned).
    static let negative = "parameter 'negative duration seconds' is not in the required range"

    /// The empty-string error of jiff's ISO-or-friendly dispatch.
    static let empty =
        "an empty string is not a valid duration in either the ISO 8601 format or Jiff's \"friendly\" format"

    /// A sign with nothing after it.
    static func nothingAfterSign(_ sign: Character) -> String {
        "found nothing after sign `\(sign)`, which is not a valid duration in either the ISO 8601 format "
            + "or Jiff's \"friendly\" format"
    }

    /// jiff's error for negative years or months under `SpanRelativeTo::days_are_24_hours()`.
    static func relativeSpan(unit: DurationSpanUnit) -> String {
        "could not compute normalized relative span when all days are assumed to be 24 hours: using unit "
            + "'\(unit.singular)' in span or configuration requires that a relative reference time be given "
            + "(`jiff::SpanRelativeTo::days_are_24_hours()` was given but this only permits using days and weeks "
            + "without a relative reference time)"
    }

    /// This project's rejection of values Restate 1.6.2 cannot print (BEHAVIOR.md §0 item 4).
    static func tooLarge(_ input: String) -> String {
        "duration \(input) is too large: the maximum is \(RestateDuration.maximum) "
            + "(\(RestateDuration.maximum.seconds) s)"
    }

    /// Units written out of order or repeated.
    static func order(_ unit: DurationSpanUnit, after previous: DurationSpanUnit) -> String {
        "found value with unit \(unit.singular) after unit \(previous.singular), but units must be written "
            + "from largest to smallest (and they can't be repeated)"
    }

    /// Input left after a complete duration.
    static func leftover(_ span: DurationSpan, rest: ArraySlice<UInt8>) -> String {
        "parsed value '\(span.isoDescription)', but unparsed input \"\(String(decoding: rest, as: UTF8.self))\" "
            + "remains (expected no unparsed input)"
    }

    /// A decimal point or comma with no digit after it.
    static let fractionWithoutDigits =
        "found decimal after seconds component, but did not find any digits after decimal"

    /// An integer wider than 64 bits.
    static let numberTooBig = "number too big to parse into 64-bit integer"

    /// Describes the byte at `index` (or the end of input) the way jiff's messages quote it.
    static func found(_ bytes: [UInt8], at index: Int) -> String {
        guard index < bytes.count else { return "end of input" }
        return "`\(DurationBytes.character(in: bytes, at: index))`"
    }

    /// Wraps a message into the package's error type.
    static func error(_ message: String) -> AdminError {
        AdminError(.invalidArgument, message)
    }
}
