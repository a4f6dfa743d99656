/// One unit of a jiff-style span, ordered from smallest (`nanosecond`) to largest (`year`).
///
/// Only used while parsing duration strings (DURATIONS.md §4 and §5): it carries the unit names that appear
/// in jiff's error messages and the per-unit limits of a jiff `Span`.
enum DurationSpanUnit: Int, Comparable, Sendable, CaseIterable {
    case nanosecond, microsecond, millisecond, second, minute, hour, day, week, month, year

    static func < (lhs: DurationSpanUnit, rhs: DurationSpanUnit) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    /// The singular name, as in `found value with unit hour after unit minute`.
    var singular: String {
        switch self {
        case .nanosecond: "nanosecond"
        case .microsecond: "microsecond"
        case .millisecond: "millisecond"
        case .second: "second"
        case .minute: "minute"
        case .hour: "hour"
        case .day: "day"
        case .week: "week"
        case .month: "month"
        case .year: "year"
        }
    }

    /// The plural name, as in `fractional days are not supported` or `parameter 'days'`.
    var plural: String { singular + "s" }

    /// Whether this is a calendar unit (year, month, week or day). Calendar units never spill into smaller units.
    var isCalendar: Bool { self >= .day }

    /// Whether the friendly and ISO grammars allow a fraction on this unit (hour down to microsecond).
    var allowsFraction: Bool { self >= .microsecond && self <= .hour }

    /// The largest value a jiff `Span` holds for a calendar unit; `nil` for time units, which spill instead.
    var calendarLimit: UInt64? {
        switch self {
        case .year: 19_998
        case .month: 239_976
        case .week: 1_043_497
        case .day: 7_304_484
        default: nil
        }
    }

    /// The length of one unit in nanoseconds, for the units Restate converts (week and smaller; days are 24 h).
    var nanoseconds: UInt128 {
        switch self {
        case .nanosecond: 1
        case .microsecond: 1_000
        case .millisecond: 1_000_000
        case .second: 1_000_000_000
        case .minute: 60_000_000_000
        case .hour: 3_600_000_000_000
        case .day: 86_400_000_000_000
        case .week: 604_800_000_000_000
        case .month, .year: 0
        }
    }
}
