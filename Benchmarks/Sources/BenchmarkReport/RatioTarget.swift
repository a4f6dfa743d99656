/// A ratio's target: at least or at most a value.
enum RatioTarget {
    /// The ratio should be at least this.
    case atLeast(Double)
    /// The ratio should be at most this.
    case atMost(Double)

    /// "≥ 0.7×" or "≤ 1.1×".
    var description: String {
        switch self {
        case .atLeast(let value): "≥ \(Format.ratio(value))"
        case .atMost(let value): "≤ \(Format.ratio(value))"
        }
    }

    /// "≥ 0.5" or "≤ 150": the bound without the × sign, for absolute figures.
    var bare: String {
        switch self {
        case .atLeast(let value): "≥ \(Format.number(value))"
        case .atMost(let value): "≤ \(Format.number(value))"
        }
    }

    /// "met by 12%" or "missed by 30%": the distance to the target, relative to the target.
    func verdict(_ value: Double) -> String {
        switch self {
        case .atLeast(let target):
            value >= target ? "met (+\(Format.percent(value / target - 1)))" : "**missed** (−\(Format.percent(1 - value / target)))"
        case .atMost(let target):
            value <= target ? "met (−\(Format.percent(1 - value / target)))" : "**missed** (+\(Format.percent(value / target - 1)))"
        }
    }
}
