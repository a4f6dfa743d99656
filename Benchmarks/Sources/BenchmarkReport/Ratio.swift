/// One ratio of the report: a figure of one benchmark divided by the same figure of another
/// benchmark of the same run.
struct Ratio {
    /// Which figure is divided.
    enum Figure {
        /// Operations per second at the median sample.
        case rate
        /// The median wall-clock time of a sample.
        case p50
        /// The median of a metric the benchmark records itself (`requests/s (wrk)`…).
        case metric(String)
    }

    /// What the ratio says.
    let label: String
    /// The numerator's benchmark name.
    let numerator: String
    /// The denominator's benchmark name.
    let denominator: String
    /// The figure divided.
    let figure: Figure
    /// The target, if the ratio has one.
    let target: RatioTarget?

    /// The table row: label, figures, value, target, verdict ("n/a" where a benchmark is missing).
    func row(in results: ResultSet) -> [String] {
        let pair = results.figure(numerator, figure).flatMap { top in results.figure(denominator, figure).map { (top, $0) } }
        guard let (top, bottom) = pair, bottom > 0 else {
            return [label, "`\(numerator)` ÷ `\(denominator)`: n/a", "n/a", target?.description ?? "", target == nil ? "" : "n/a"]
        }
        let value = top / bottom
        let unit =
            switch figure {
            case .rate: "/s"
            case .p50: "µs"
            case .metric(let name): name
            }
        return [
            label, "\(Format.number(top)) ÷ \(Format.number(bottom)) \(unit)", Format.ratio(value), target?.description ?? "",
            target?.verdict(value) ?? "",
        ]
    }
}
