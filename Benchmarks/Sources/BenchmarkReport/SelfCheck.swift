import Foundation

/// A check of the generator on a small fixture export: names, operations per sample, rates,
/// ratios, verdicts, "n/a" and the chart.
enum SelfCheck {
    /// A failed expectation.
    struct Failure: Error, CustomStringConvertible {
        /// What was expected.
        let description: String
    }

    /// One exported element: `p50`/`p99` wall clock (µs), `samples` samples.
    static func element(_ name: String, p50: Double, p99: Double, samples: Int = 4, wrk: Double = 5) -> String {
        let exported = "package.benchmark.AdminBenchmarks." + name.replacingOccurrences(of: " ", with: "_")
        let raw = Array(repeating: p50, count: samples).map { String($0) }.joined(separator: ",")
        return """
            {"benchmark":"\(exported)","measurementIterations":\(samples),"mode":"thrpt",\
            "primaryMetric":{"score":1,"scoreError":0,"scoreConfidence":[1,1],"scorePercentiles":{"50.0":1,"99.0":1},"scoreUnit":"# / s","rawData":[[1]]},\
            "secondaryMetrics":{"Time (wall clock)":{"score":\(p50),"scoreError":0,"scoreConfidence":[0,0],\
            "scorePercentiles":{"50.0":\(p50),"99.0":\(p99)},"scoreUnit":"μs","rawData":[[\(raw)]]},\
            "requests/s (wrk)":{"score":\(wrk),"scoreError":0,"scoreConfidence":[0,0],"scorePercentiles":{"50.0":\(wrk)},"scoreUnit":"#","rawData":[[\(wrk)]]}}}
            """
    }

    /// Runs the checks; throws the first failure.
    static func run() throws {
        let fixture =
            "["
            + [
                element("read: GET /health", p50: 1_000_000, p99: 1_000_000, wrk: 20_000),
                element("raw: registration bytes (SQLite)", p50: 500, p99: 900, wrk: 20_000),
                element("register: 10 deployments, 1 concurrent (SQLite)", p50: 1_000, p99: 1_500),
                element("register: 10000 deployments, 1 concurrent (SQLite)", p50: 1_050, p99: 1_600),
                element("register: 1,000 deployments, 1 concurrent (SQLite)", p50: 1_020, p99: 1_550),
                element("register: 10 deployments, 16 concurrent (SQLite)", p50: 2_000, p99: 3_000),
                element("e2e: register 16 connections (h2c discovery)", p50: 4_000, p99: 6_000),
                element("raw: fdatasync", p50: 250, p99: 400),
            ].joined(separator: ",") + "]"
        let results = try JMHResults(data: Data(fixture.utf8))
        let set = ResultSet(benchmarks: results.benchmarks)
        try expect(set["register: 10,000 deployments, 1 concurrent (SQLite)"]?.p50 == 1_050, "10000 found as 10,000")
        try expect(set["register: 1,000 deployments, 1 concurrent (SQLite)"]?.p99 == 1_550, "1,000 found")
        try expect(set["register: 10 deployments, 16 concurrent (SQLite)"]?.operations == 16, "16 concurrent: 16 operations")
        try expect(set["e2e: register 16 connections (h2c discovery)"]?.rate == 4_000, "16 connections in 4 ms: 4,000/s")
        try expect(set["raw: fdatasync"]?.rate == 4_000, "fdatasync 250 µs: 4,000/s")
        try expect(set["read: GET /health"]?.custom.count == 1, "a recorded metric is kept")
        try expect(set["raw: registration bytes (SQLite)"]?.custom.isEmpty == true, "a leaked metric (the previous one, unchanged) is dropped")
        try expect(set["register: 10 deployments, 1 concurrent (SQLite)"]?.custom.count == 1, "a changed metric is kept")
        let markdown = Report(results: set, machine: MachineFacts(text: "cpu=Test CPU\ncores=2"), chartPath: "chart.svg").markdown
        let expected = [
            "| in-process registration ÷ raw commit of the same bytes (SQLite) | 1,000 ÷ 2,000 /s | 0.50× | ≥ 0.70× | **missed** (−29%) |",
            "| in process, 16 concurrent ÷ sequential (SQLite) | 8,000 ÷ 1,000 /s | 8.00× | ≥ 4.00× | met (+100%) |",
            "| end to end, 16 connections (h2c discovery) ÷ raw SQLite | 4,000 ÷ 2,000 /s | 2.00× | ≥ 0.40× | met (+400%) |",
            "| p50 at 10,000 deployments ÷ p50 at 10 (SQLite) | 1,050 ÷ 1,000 µs | 1.05× | ≤ 1.10× | met (−5%) |",
            "| p50 at 10,000 deployments ÷ p50 at 10 (LMDB) |",
            "| CPU | Test CPU |",
            "| memory | unknown |",
            "| model | SQLite | 10 | 1,000 | n/a | n/a |",
        ]
        for line in expected { try expect(markdown.contains(line), "the report contains: \(line)") }
        try expect(markdown.contains("| p50 at 10,000 deployments ÷ p50 at 10 (LMDB) | `register: 10,000 deployments"), "missing pair: n/a")
        let svg = LatencyChart(results: set).svg
        try expect(svg.contains("<polyline") && svg.hasSuffix("</svg>\n"), "the chart draws the SQLite series")
        try expect(RatioTarget.atMost(1.1).verdict(1.21).contains("missed") && RatioTarget.atLeast(4).verdict(4).hasPrefix("met"), "verdicts")
    }

    private static func expect(_ condition: Bool, _ what: String) throws {
        guard condition else { throw Failure(description: "self-check failed: \(what)") }
    }
}
