import Foundation

/// Writes BENCHMARKS.md and the registration-latency chart from one run:
///
///     BenchmarkReport <results.jmh.json> <machine.txt> <BENCHMARKS.md> <chart.svg> <chart path from BENCHMARKS.md>
///     BenchmarkReport --self-check
///
/// `results.jmh.json` is ordo-one/benchmark's `--format jmh` export; `machine.txt` the `key=value`
/// facts run.sh collects (``MachineFacts``).
@main
enum BenchmarkReport {
    static func main() throws {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments == ["--self-check"] {
            try SelfCheck.run()
            print("BenchmarkReport self-check passed")
            return
        }
        guard arguments.count == 5 else {
            FileHandle.standardError.write(
                Data("usage: BenchmarkReport <results.jmh.json> <machine.txt> <BENCHMARKS.md> <chart.svg> <chart path> | --self-check\n".utf8)
            )
            exit(2)
        }
        let results = try JMHResults(data: Data(contentsOf: URL(filePath: arguments[0])))
        let machine = MachineFacts(text: try String(contentsOfFile: arguments[1], encoding: .utf8))
        let set = ResultSet(benchmarks: results.benchmarks)
        try Report(results: set, machine: machine, chartPath: arguments[4]).markdown.write(toFile: arguments[2], atomically: true, encoding: .utf8)
        try LatencyChart(results: set).svg.write(toFile: arguments[3], atomically: true, encoding: .utf8)
        print("wrote \(arguments[2]) and \(arguments[3]) (\(set.benchmarks.count) benchmarks)")
    }
}
