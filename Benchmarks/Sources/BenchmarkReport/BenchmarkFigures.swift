import Foundation

/// The figures of one benchmark, read the same way for every benchmark:
///
/// - `p50`, `p99`: wall-clock time of one sample (one run of the benchmark's body), in µs;
/// - `operations`: the operations (registrations, requests, commits) one sample performs: N for a
///   name with "N concurrent" or "N connections", otherwise 1;
/// - `rate`: operations per second at the median sample, `operations × 10⁶ ÷ p50`.
struct BenchmarkFigures {
    /// The benchmark's name.
    let name: String
    /// The number of samples.
    let samples: Int
    /// Samples per second.
    let throughput: JMHResults.Metric
    /// The other metrics, by description.
    let metrics: [String: JMHResults.Metric]

    /// The wall-clock metric, if recorded.
    var wallClock: JMHResults.Metric? { metrics["Time (wall clock)"] }
    /// The median wall-clock time of a sample, in µs.
    var p50: Double? { wallClock?.percentile(50).flatMap { $0 > 0 ? $0 : nil } }
    /// The 99th percentile wall-clock time of a sample, in µs.
    var p99: Double? { wallClock?.percentile(99).flatMap { $0 > 0 ? $0 : nil } }

    /// The operations one sample performs.
    var operations: Int { Self.operations(in: name) }

    /// Operations per second at the median sample.
    var rate: Double? { p50.map { Double(operations) * 1_000_000 / $0 } }

    /// The custom metrics (neither time nor throughput nor a malloc count), by name.
    var custom: [(String, JMHResults.Metric)] {
        metrics.filter { !$0.key.hasPrefix("Time (") && !$0.key.hasPrefix("Malloc") }.sorted { $0.key < $1.key }
    }

    /// N in "N concurrent" or "N connections", otherwise 1.
    static func operations(in name: String) -> Int {
        let words = name.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "(" })
        for (index, word) in words.enumerated().dropFirst() where word == "concurrent" || word == "connections" {
            if let count = Int(words[index - 1]), count > 0 { return count }
        }
        return 1
    }
}
