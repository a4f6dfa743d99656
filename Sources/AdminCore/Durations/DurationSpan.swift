/// The unit values parsed from a duration string, before Restate's conversion rules are applied.
///
/// This mirrors what jiff keeps in a `Span` while parsing: one value per unit plus a sign. Fractions are
/// spilled into the smaller units the way jiff does it, so that the `parsed value '…'` part of a
/// leftover-input error renders like jiff's (`1.5h` reads as `PT1H30M`).
struct DurationSpan: Sendable {
    /// Whether a `-` prefix or an ` ago` suffix was seen. Ignored when every unit is zero.
    var negative = false
    var years: UInt64 = 0
    var months: UInt64 = 0
    var weeks: UInt64 = 0
    var days: UInt64 = 0
    var hours: UInt128 = 0
    var minutes: UInt128 = 0
    var seconds: UInt128 = 0
    /// Milliseconds, microseconds, nanoseconds and fractional parts, all in nanoseconds.
    var subsecondNanoseconds: UInt128 = 0

    /// Whether every unit is zero (a zero span is unsigned, so `-0s` is zero).
    var isZero: Bool {
        years == 0 && months == 0 && weeks == 0 && days == 0
            && hours == 0 && minutes == 0 && seconds == 0 && subsecondNanoseconds == 0
    }

    /// Whether the span is negative in jiff's sense: a sign was given and some unit is non-zero.
    var isNegative: Bool { negative && !isZero }

    /// Sets the value of one unit, applying jiff's checks.
    /// - Parameters:
    ///   - unit: the unit the value was written with.
    ///   - value: the integer part.
    ///   - fraction: the fraction right-padded to 9 digits (0…999,999,999), if one was written.
    ///   - prefix: the error-message prefix of the grammar in use (empty for ISO 8601).
    mutating func set(
        _ unit: DurationSpanUnit, value: UInt64, fraction: UInt64?, prefix: String
    ) throws(AdminError) {
        if fraction != nil, !unit.allowsFraction {
            throw DurationMessages.error(prefix + "fractional \(unit.plural) are not supported")
        }
        if value > UInt64(Int64.max) {
            throw DurationMessages.error(
                prefix + "value for \(unit.plural) is too big (or small) to fit into a signed 64-bit integer"
            )
        }
        if let limit = unit.calendarLimit, value > limit {
            throw DurationMessages.error(
                prefix + "failed to set value for \(unit.singular) unit on span: parameter '\(unit.plural)' "
                    + "with value \(value) is not in the required range of -\(limit)..=\(limit)"
            )
        }
        let wide = UInt128(value)
        switch unit {
        case .year: years = value
        case .month: months = value
        case .week: weeks = value
        case .day: days = value
        case .hour: hours = wide
        case .minute: minutes = wide
        case .second: seconds = wide
        case .millisecond: subsecondNanoseconds += wide * 1_000_000
        case .microsecond: subsecondNanoseconds += wide * 1_000
        case .nanosecond: subsecondNanoseconds += wide
        }
        if let fraction {
            addFraction(UInt128(fraction), of: unit)
        }
    }

    /// Adds the nanoseconds a 9-digit fraction `f` stands for, spilled into minutes, seconds and sub-seconds.
    private mutating func addFraction(_ f: UInt128, of unit: DurationSpanUnit) {
        let nanos: UInt128
        switch unit {
        case .hour: nanos = f * 3_600
        case .minute: nanos = f * 60
        case .second: nanos = f
        case .millisecond: nanos = f / 1_000
        case .microsecond: nanos = f / 1_000_000
        default: nanos = 0
        }
        minutes += nanos / 60_000_000_000
        let belowMinute = nanos % 60_000_000_000
        seconds += belowMinute / 1_000_000_000
        subsecondNanoseconds += belowMinute % 1_000_000_000
    }

    /// The magnitude in nanoseconds with weeks = 7 d and days = 24 h (years and months are not counted).
    var magnitudeNanoseconds: UInt128 {
        let dayCount = UInt128(weeks) * 7 + UInt128(days)
        return dayCount * DurationSpanUnit.day.nanoseconds
            + hours * DurationSpanUnit.hour.nanoseconds
            + minutes * DurationSpanUnit.minute.nanoseconds
            + seconds * DurationSpanUnit.second.nanoseconds
            + subsecondNanoseconds
    }

    /// jiff's ISO 8601 rendering of the span as parsed so far (used in leftover-input messages).
    var isoDescription: String {
        let totalSeconds = seconds + subsecondNanoseconds / 1_000_000_000
        let nanos = subsecondNanoseconds % 1_000_000_000
        return DurationPrinter.iso8601(
            negative: isNegative, years: UInt128(years), months: UInt128(months), weeks: UInt128(weeks),
            days: UInt128(days), hours: hours, minutes: minutes, seconds: totalSeconds, nanoseconds: nanos
        )
    }

    /// Applies Restate 1.6.2's conversion (DURATIONS.md §2.1 steps 3–5) and this project's upper bound (§7.4).
    /// - Parameter input: the original text, quoted in the too-large message.
    func restateDuration(input: String) throws(AdminError) -> RestateDuration {
        if isZero { return .zero }
        if !negative {
            if years > 0 || months > 0 { throw DurationMessages.error(DurationMessages.useDaysOrSmaller) }
        } else {
            if years != 0 { throw DurationMessages.error(DurationMessages.relativeSpan(unit: .year)) }
            if months != 0 { throw DurationMessages.error(DurationMessages.relativeSpan(unit: .month)) }
            throw DurationMessages.error(DurationMessages.negative)
        }
        let total = magnitudeNanoseconds
        guard total <= RestateDuration.maximum.totalNanoseconds else {
            throw DurationMessages.error(DurationMessages.tooLarge(input))
        }
        return RestateDuration(totalNanoseconds: total)
    }
}
