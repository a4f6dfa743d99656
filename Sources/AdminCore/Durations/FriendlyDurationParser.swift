/// Parser for jiff 0.2.17's "friendly" duration format (DURATIONS.md §4), e.g. `1 day, 2 hours`,
/// `1h30m`, `5 days 01:02:03` or `5h ago`.
///
/// It produces a ``DurationSpan``; Restate's rules (no years or months, no negatives) are applied afterwards.
struct FriendlyDurationParser {
    private var input: DurationBytes
    private var span = DurationSpan()
    private let prefix = DurationMessages.friendlyPrefix

    /// Creates a parser over the UTF-8 bytes of the input.
    init(_ bytes: [UInt8]) { input = DurationBytes(bytes) }

    /// Every unit label, longest first, so that the first prefix match is the longest one (§4.2).
    private static let labels: [(label: [UInt8], unit: DurationSpanUnit)] = {
        let table: [(DurationSpanUnit, [String])] = [
            (.year, ["years", "year", "yrs", "yr", "y"]),
            (.month, ["months", "month", "mos", "mo"]),
            (.week, ["weeks", "week", "wks", "wk", "w"]),
            (.day, ["days", "day", "d"]),
            (.hour, ["hours", "hour", "hrs", "hr", "h"]),
            (.minute, ["minutes", "minute", "mins", "min", "m"]),
            (.second, ["seconds", "second", "secs", "sec", "s"]),
            (.millisecond, ["milliseconds", "millisecond", "millis", "milli", "msecs", "msec", "ms"]),
            (
                .microsecond,
                [
                    "microseconds", "microsecond", "micros", "micro", "usecs", "usec", "us", "\u{B5}secs", "\u{B5}sec",
                    "\u{B5}s",
                ]
            ),
            (.nanosecond, ["nanoseconds", "nanosecond", "nanos", "nano", "nsecs", "nsec", "ns"]),
        ]
        return
            table
            .flatMap { unit, labels in labels.map { (label: Array($0.utf8), unit: unit) } }
            .sorted { $0.label.count > $1.label.count }
    }()

    /// Parses the whole input.
    mutating func parse() throws(AdminError) -> DurationSpan {
        var prefixSign = false
        if let byte = input.current, byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") {
            span.negative = byte == UInt8(ascii: "-")
            prefixSign = true
            input.position += 1
        }
        guard let first = try input.integer(prefix: prefix) else {
            throw fail(
                "expected duration to start with a unit value (a decimal integer) after an optional sign, "
                    + "but no integer was found"
            )
        }
        try parseItems(startingWith: first)
        try parseSuffix(prefixSign: prefixSign)
        return span
    }

    /// Parses the unit items (and an optional trailing `HH:MM:SS`) after the first integer.
    private mutating func parseItems(startingWith first: UInt64) throws(AdminError) {
        var value = first
        var previous: DurationSpanUnit?
        while true {
            if input.current == UInt8(ascii: ":") {
                if let previous, previous <= .hour {
                    throw fail(
                        "found `HH:MM:SS` after unit \(previous.singular), but `HH:MM:SS` can only appear after "
                            + "years, months, weeks or days"
                    )
                }
                try parseHMS(hours: value)
                return
            }
            let fraction = try input.fraction(prefix: prefix)
            input.skipWhitespace()
            guard let unit = parseLabel() else {
                throw fail("expected to find unit designator suffix (e.g., `years` or `secs`) after parsing integer")
            }
            if let previous, unit >= previous {
                throw fail(DurationMessages.order(unit, after: previous))
            }
            previous = unit
            try span.set(unit, value: value, fraction: fraction, prefix: prefix)
            if fraction != nil { return }
            guard let next = try parseSeparatorAndInteger() else { return }
            value = next
        }
    }

    /// After a label: reads `[ "," ws ] ws*` and the next integer. Restores the position when no item follows.
    private mutating func parseSeparatorAndInteger() throws(AdminError) -> UInt64? {
        let afterLabel = input.position
        if input.current == UInt8(ascii: ",") {
            input.position += 1
            guard let byte = input.current, DurationBytes.isWhitespace(byte) else {
                let found = DurationMessages.found(input.bytes, at: input.position)
                throw fail("expected whitespace after comma, but found \(found)")
            }
            input.skipWhitespace()
            guard let next = try input.integer(prefix: prefix) else {
                throw fail(
                    "found comma at the end of duration, but a comma indicates at least one more unit follows"
                )
            }
            return next
        }
        input.skipWhitespace()
        if let next = try input.integer(prefix: prefix) { return next }
        input.position = afterLabel
        return nil
    }

    /// Reads the longest label that prefixes the unread input.
    private mutating func parseLabel() -> DurationSpanUnit? {
        for entry in Self.labels where input.hasPrefix(entry.label) {
            input.position += entry.label.count
            return entry.unit
        }
        return nil
    }

    /// Parses `:MM:SS[.fraction]` after the hours of an `HH:MM:SS` item.
    private mutating func parseHMS(hours: UInt64) throws(AdminError) {
        input.position += 1
        guard let minutes = try input.integer(prefix: prefix) else {
            throw fail("when parsing the `HH:MM:SS` format, expected to parse minute following hour")
        }
        guard input.current == UInt8(ascii: ":") else {
            throw fail("when parsing the `HH:MM:SS` format, expected to parse `:` following minute")
        }
        input.position += 1
        guard let seconds = try input.integer(prefix: prefix) else {
            throw fail("when parsing the `HH:MM:SS` format, expected to parse second following minute")
        }
        let fraction = try input.fraction(prefix: prefix)
        try span.set(.hour, value: hours, fraction: nil, prefix: prefix)
        try span.set(.minute, value: minutes, fraction: nil, prefix: prefix)
        try span.set(.second, value: seconds, fraction: fraction, prefix: prefix)
    }

    /// Handles trailing whitespace, the ` ago` suffix and leftover input.
    private mutating func parseSuffix(prefixSign: Bool) throws(AdminError) {
        let skipped = input.skipWhitespace()
        if skipped, input.hasPrefix("ago") {
            if prefixSign {
                throw fail("expected to find either a prefix sign (+/-) or a suffix sign (`ago`), but found both")
            }
            span.negative = true
            input.position += 3
        }
        if !input.atEnd {
            throw fail(DurationMessages.leftover(span, rest: input.rest))
        }
    }

    private func fail(_ message: String) -> AdminError {
        DurationMessages.error(prefix + message)
    }
}
