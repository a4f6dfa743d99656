/// The printers of Restate 1.6.2 durations (DURATIONS.md §7): compact (JSON), verbose (CLI `{:#}`) and ISO 8601.
enum DurationPrinter {
    /// The components of a duration balanced up to days (24 h): never weeks, months or years.
    struct Components: Sendable {
        var days: UInt64
        var hours: UInt64
        var minutes: UInt64
        var seconds: UInt64
        var milliseconds: UInt64
        var microseconds: UInt64
        var nanoseconds: UInt64

        /// Balances `seconds` + `nanoseconds` into days, hours, minutes, seconds, ms, µs and ns.
        init(seconds total: UInt64, nanoseconds: UInt32) {
            days = total / 86_400
            hours = total / 3_600 % 24
            minutes = total / 60 % 60
            seconds = total % 60
            let nanos = UInt64(nanoseconds)
            milliseconds = nanos / 1_000_000
            microseconds = nanos / 1_000 % 1_000
            self.nanoseconds = nanos % 1_000
        }

        /// The components from largest to smallest with their compact label and verbose singular name.
        var labelled: [(value: UInt64, compact: String, verbose: String)] {
            [
                (days, "d", "day"), (hours, "h", "hour"), (minutes, "m", "minute"), (seconds, "s", "second"),
                (milliseconds, "ms", "millisecond"), (microseconds, "\u{B5}s", "microsecond"),
                (nanoseconds, "ns", "nanosecond"),
            ]
        }
    }

    /// The compact form used in every JSON response: `1d 12h 4m 2s`, `1µs 500ns`, `0s` for zero.
    static func compact(seconds: UInt64, nanoseconds: UInt32) -> String {
        let parts = Components(seconds: seconds, nanoseconds: nanoseconds).labelled
            .filter { $0.value != 0 }
            .map { "\($0.value)\($0.compact)" }
        return parts.isEmpty ? "0s" : parts.joined(separator: " ")
    }

    /// The verbose form (`{:#}`): `1 day 12 hours 4 minutes 2 seconds`, `0 seconds` for zero.
    static func verbose(seconds: UInt64, nanoseconds: UInt32) -> String {
        let parts = Components(seconds: seconds, nanoseconds: nanoseconds).labelled
            .filter { $0.value != 0 }
            .map { "\($0.value) \($0.verbose)\($0.value == 1 ? "" : "s")" }
        return parts.isEmpty ? "0 seconds" : parts.joined(separator: " ")
    }

    /// The ISO 8601 form of the same day-balanced value: `P1DT12H4M2S`, `PT0.1S`, `PT0S` for zero.
    static func iso8601(seconds: UInt64, nanoseconds: UInt32) -> String {
        let c = Components(seconds: seconds, nanoseconds: nanoseconds)
        return iso8601(
            negative: false, years: 0, months: 0, weeks: 0, days: UInt128(c.days), hours: UInt128(c.hours),
            minutes: UInt128(c.minutes), seconds: UInt128(c.seconds), nanoseconds: UInt128(nanoseconds)
        )
    }

    /// jiff's ISO 8601 span rendering: `[-]P[nY][nM][nW][nD][T[nH][nM][n[.f]S]]`, or `PT0S` when all are zero.
    /// Sub-seconds (`nanoseconds` < 10⁹) become a fraction of the seconds with trailing zeros trimmed.
    static func iso8601(
        negative: Bool, years: UInt128, months: UInt128, weeks: UInt128, days: UInt128,
        hours: UInt128, minutes: UInt128, seconds: UInt128, nanoseconds: UInt128
    ) -> String {
        var date = ""
        for (value, designator) in [(years, "Y"), (months, "M"), (weeks, "W"), (days, "D")] where value != 0 {
            date += "\(value)\(designator)"
        }
        var time = ""
        if hours != 0 { time += "\(hours)H" }
        if minutes != 0 { time += "\(minutes)M" }
        if seconds != 0 || nanoseconds != 0 {
            time += "\(seconds)"
            if nanoseconds != 0 { time += "." + fractionDigits(nanoseconds) }
            time += "S"
        }
        if date.isEmpty, time.isEmpty { return "PT0S" }
        return (negative ? "-" : "") + "P" + date + (time.isEmpty ? "" : "T" + time)
    }

    /// Nine fraction digits of `nanoseconds` (< 10⁹) without trailing zeros.
    private static func fractionDigits(_ nanoseconds: UInt128) -> String {
        var digits = String(nanoseconds)
        digits = String(repeating: "0", count: max(0, 9 - digits.count)) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return digits
    }
}
