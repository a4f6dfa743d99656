/// One figure of the report held against an absolute target (a time, a memory size), for the
/// figures that have no baseline to divide by.
struct Limit {
    /// What the figure says.
    let label: String
    /// The benchmark.
    let benchmark: String
    /// The figure (its median).
    let figure: Ratio.Figure
    /// The target.
    let target: RatioTarget

    /// The table row: label, figure, value, target, verdict ("n/a" when the benchmark is missing).
    func row(in results: ResultSet) -> [String] {
        guard let value = results.figure(benchmark, figure) else {
            return [label, "`\(benchmark)`: n/a", "n/a", target.bare, "n/a"]
        }
        return [label, "`\(benchmark)`", Format.number(value), target.bare, target.verdict(value)]
    }
}
