/// Parser for ISO 8601 durations as jiff 0.2.17 accepts them (DURATIONS.md §5), e.g. `PT5H`, `P1dT2h`,
/// `P1W1D` or `-P0D`. Designators are case-insensitive; there is no whitespace and no `ago`.
///
/// It produces a ``DurationSpan``; Restate's rules (no years or months, no negatives) are applied afterwards.
struct ISODurationParser {
    private var input: DurationBytes
    private var span = DurationSpan()

    /// Creates a parser over the UTF-8 bytes of the input, which must start with `P`/`p` after an optional sign.
    init(_ bytes: [UInt8]) { input = DurationBytes(bytes) }

    /// Parses the whole input.
    mutating func parse() throws(AdminError) -> DurationSpan {
        if let byte = input.current, byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") {
            span.negative = byte == UInt8(ascii: "-")
            input.position += 1
        }
        // The caller dispatched on this byte being `P` or `p`.
        input.position += 1
        var parsedAny = try parseDateItems()
        if let byte = input.current, byte == UInt8(ascii: "T") || byte == UInt8(ascii: "t") {
            input.position += 1
            guard try parseTimeItems() else {
                throw DurationMessages.error(
                    "found a time designator (`T` or `t`) in an ISO 8601 duration string, "
                        + "but did not find any time units"
                )
            }
            parsedAny = true
        }
        guard parsedAny else { throw DurationMessages.error("no parsed duration components") }
        if !input.atEnd {
            throw DurationMessages.error(DurationMessages.leftover(span, rest: input.rest))
        }
        return span
    }

    /// Parses `[nY][nM][nW][nD]`; returns whether any item was read.
    private mutating func parseDateItems() throws(AdminError) -> Bool {
        var previous: DurationSpanUnit?
        while let value = try input.integer(prefix: "") {
            let unit: DurationSpanUnit
            switch input.current {
            case UInt8(ascii: "Y"), UInt8(ascii: "y"): unit = .year
            case UInt8(ascii: "M"), UInt8(ascii: "m"): unit = .month
            case UInt8(ascii: "W"), UInt8(ascii: "w"): unit = .week
            case UInt8(ascii: "D"), UInt8(ascii: "d"): unit = .day
            default:
                throw DurationMessages.error(
                    "expected to find date unit designator suffix (`Y`, `M`, `W` or `D`), but found \(found())"
                )
            }
            input.position += 1
            try record(unit, after: &previous)
            try span.set(unit, value: value, fraction: nil, prefix: "")
        }
        return previous != nil
    }

    /// Parses `nH nM n[.f]S` items after `T`; returns whether any item was read.
    private mutating func parseTimeItems() throws(AdminError) -> Bool {
        var previous: DurationSpanUnit?
        while let value = try input.integer(prefix: "") {
            let fraction = try input.fraction(prefix: "")
            let unit: DurationSpanUnit
            switch input.current {
            case UInt8(ascii: "H"), UInt8(ascii: "h"): unit = .hour
            case UInt8(ascii: "M"), UInt8(ascii: "m"): unit = .minute
            case UInt8(ascii: "S"), UInt8(ascii: "s"): unit = .second
            default:
                throw DurationMessages.error(
                    "expected to find time unit designator suffix (`H`, `M` or `S`), but found \(found())"
                )
            }
            input.position += 1
            try record(unit, after: &previous)
            try span.set(unit, value: value, fraction: fraction, prefix: "")
            if fraction != nil { break }
        }
        return previous != nil
    }

    /// Enforces strictly descending units.
    private func record(_ unit: DurationSpanUnit, after previous: inout DurationSpanUnit?) throws(AdminError) {
        if let last = previous, unit >= last {
            throw DurationMessages.error(DurationMessages.order(unit, after: last))
        }
        previous = unit
    }

    /// The unread byte quoted as in jiff's designator errors: "`X` instead" or "end of input".
    private func found() -> String {
        input.atEnd ? "end of input" : DurationMessages.found(input.bytes, at: input.position) + " instead"
    }
}
