import Foundation

/// How the report prints numbers.
enum Format {
    /// A count or rate with thousands separators and no decimals below 10,000 only when whole:
    /// "1,234", "56.7", "0.83".
    static func number(_ value: Double) -> String {
        let digits = value >= 100 ? 0 : value >= 10 ? 1 : 2
        let formatter = NumberFormatter()
        formatter.locale = Locale(identifier: "en_US")
        formatter.numberStyle = .decimal
        formatter.minimumFractionDigits = 0
        formatter.maximumFractionDigits = digits
        return formatter.string(from: NSNumber(value: value)) ?? String(value)
    }

    /// A ratio: "0.83×".
    static func ratio(_ value: Double) -> String { String(format: "%.2f×", value) }

    /// A fraction as a percentage: "12%".
    static func percent(_ fraction: Double) -> String { String(format: "%.0f%%", fraction * 100) }

    /// A registry size as the benchmarks name it ("10", "1,000", "10,000").
    static func size(_ count: Int) -> String { number(Double(count)) }
}
