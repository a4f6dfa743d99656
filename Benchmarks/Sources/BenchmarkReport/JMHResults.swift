import Foundation

/// The results of one run as ordo-one/benchmark exports them with `--format jmh`: one element per
/// benchmark, its throughput as the primary metric and every other metric as a secondary one, each
/// with its percentiles (`scorePercentiles`) and its samples (`rawData`).
///
/// Time metrics are in microseconds per sample, throughput in samples per second, custom metrics
/// as recorded. The exporter shares one table of secondary metrics between benchmarks, so a metric
/// a benchmark did not record can appear under it with another benchmark's samples: a secondary
/// metric is dropped when it is the previous element's, unchanged (a benchmark that records a
/// metric overwrites the shared entry, so a leak is exactly an entry carried over).
struct JMHResults {
    /// One exported benchmark.
    struct Element: Decodable {
        /// `package.benchmark.<target>.<name with spaces as underscores>`.
        let benchmark: String
        /// The number of samples of the primary metric.
        let measurementIterations: Int
        /// Throughput: samples per second.
        let primaryMetric: Metric
        /// The other metrics, by description ("Time (wall clock)", custom names…).
        let secondaryMetrics: [String: Metric]?
    }

    /// One metric's figures.
    struct Metric: Decodable, Equatable {
        /// The mean.
        let score: Double
        /// The percentiles, keyed "50.0", "99.0"…
        let scorePercentiles: [String: Double]
        /// The unit: "μs" for times, "# / s" for throughput, "#" for counts.
        let scoreUnit: String
        /// The samples (one list).
        let rawData: [[Double]]

        /// The number of samples.
        var count: Int { rawData.reduce(0) { $0 + $1.count } }
        /// The percentile `p` (0–100), if exported.
        func percentile(_ p: Double) -> Double? { scorePercentiles[String(p)] }
    }

    /// The benchmarks by name.
    let benchmarks: [String: BenchmarkFigures]

    /// Decodes an export.
    init(data: Data) throws {
        let elements = try JSONDecoder().decode([Element].self, from: data)
        var benchmarks: [String: BenchmarkFigures] = [:]
        var previous: [String: Metric] = [:]
        for element in elements {
            let name = Self.name(of: element.benchmark)
            var metrics: [String: Metric] = [:]
            for (key, metric) in element.secondaryMetrics ?? [:] where previous[key] != metric {
                metrics[key] = metric
            }
            previous = element.secondaryMetrics ?? [:]
            benchmarks[name] = BenchmarkFigures(
                name: name, samples: element.measurementIterations, throughput: element.primaryMetric, metrics: metrics)
        }
        self.benchmarks = benchmarks
    }

    /// The benchmark's name: the part after `package.benchmark.<target>.`, underscores as spaces.
    static func name(of exported: String) -> String {
        var rest = Substring(exported)
        if rest.hasPrefix("package.benchmark.") { rest = rest.dropFirst("package.benchmark.".count) }
        if let dot = rest.firstIndex(of: ".") { rest = rest[rest.index(after: dot)...] }
        return rest.replacingOccurrences(of: "_", with: " ")
    }
}
