/// The benchmarks of one run, looked up by name. Registry sizes may be spelled "10000" or
/// "10,000" in a name: both are tried.
struct ResultSet {
    /// The benchmarks by name.
    let benchmarks: [String: BenchmarkFigures]

    /// The benchmark named `name` (or with the other spelling of its numbers).
    subscript(name: String) -> BenchmarkFigures? {
        if let found = benchmarks[name] { return found }
        let plain = name.replacingOccurrences(of: ",000", with: "000")
        if let found = benchmarks[plain] { return found }
        return benchmarks[Self.grouped(plain)]
    }

    /// `figure` of the benchmark `name`, if it ran.
    func figure(_ name: String, _ figure: Ratio.Figure) -> Double? {
        switch figure {
        case .rate: self[name]?.rate
        case .p50: self[name]?.p50
        case .metric(let metric): self[name]?.metrics[metric]?.percentile(50)
        }
    }

    /// The name with every number of 4 digits or more grouped by thousands ("10000" → "10,000").
    static func grouped(_ name: String) -> String {
        var output = ""
        var digits = ""
        func flush() {
            if digits.count >= 4, let value = Int(digits) {
                output += Format.size(value)
            } else {
                output += digits
            }
            digits = ""
        }
        for character in name {
            if character.isNumber {
                digits.append(character)
            } else {
                flush()
                output.append(character)
            }
        }
        flush()
        return output
    }
}
