import Foundation

/// BENCHMARKS.md: the machine, the ratios against the run's own baselines with their targets,
/// registration latency against registry size, the model of Restate, and every figure.
struct Report {
    /// The benchmarks of the run.
    let results: ResultSet
    /// The machine and the run.
    let machine: MachineFacts
    /// The chart's path relative to BENCHMARKS.md.
    let chartPath: String

    /// The backends of the in-process benchmarks.
    static let backends = ["InMemoryStorage", "SQLite", "LMDB"]
    /// The backends that write to disk.
    static let durableBackends = ["SQLite", "LMDB"]
    /// The registry sizes of the latency chart.
    static let sizes = [10, 1_000, 10_000]

    /// The name of the in-process registration benchmark.
    static func register(_ size: Int, concurrent: Int = 1, _ backend: String) -> String {
        "register: \(Format.size(size)) deployments, \(concurrent) concurrent (\(backend))"
    }

    /// The name of the model's registration benchmark.
    static func model(_ size: Int, _ backend: String) -> String {
        "model of Restate: register into \(Format.size(size)) deployments (\(backend))"
    }

    /// The ratios, in the order of the report.
    static var ratios: [Ratio] {
        var ratios: [Ratio] = []
        for backend in durableBackends {
            ratios.append(
                Ratio(
                    label: "in-process registration ÷ raw commit of the same bytes (\(backend))", numerator: register(10, backend),
                    denominator: "raw: registration bytes (\(backend))", figure: .rate, target: .atLeast(0.7)
                )
            )
        }
        for wire in ["HTTP/1.1", "h2c"] {
            ratios.append(
                Ratio(
                    label: "end to end, sequential (\(wire) discovery) ÷ raw SQLite",
                    numerator: "e2e: register sequential (\(wire) discovery)", denominator: "raw: registration bytes (SQLite)", figure: .rate,
                    target: .atLeast(0.35)
                )
            )
        }
        for backend in durableBackends {
            ratios.append(
                Ratio(
                    label: "in process, 16 concurrent ÷ sequential (\(backend))", numerator: register(10, concurrent: 16, backend),
                    denominator: register(10, backend), figure: .rate, target: .atLeast(4)
                )
            )
        }
        for wire in ["HTTP/1.1", "h2c"] {
            ratios.append(
                Ratio(
                    label: "end to end, 16 connections (\(wire) discovery) ÷ raw SQLite",
                    numerator: "e2e: register 16 connections (\(wire) discovery)", denominator: "raw: registration bytes (SQLite)",
                    figure: .rate, target: .atLeast(0.4)
                )
            )
        }
        for backend in backends {
            ratios.append(
                Ratio(
                    label: "p50 at 10,000 deployments ÷ p50 at 10 (\(backend))", numerator: register(10_000, backend),
                    denominator: register(10, backend), figure: .p50, target: .atMost(1.1)
                )
            )
        }
        for backend in durableBackends {
            ratios.append(
                Ratio(
                    label: "raw commit of the registration bytes ÷ fdatasync (\(backend))", numerator: "raw: registration bytes (\(backend))",
                    denominator: "raw: fdatasync", figure: .rate, target: nil
                )
            )
        }
        ratios.append(
            Ratio(
                label: "end to end, sequential ÷ dry run (HTTP/1.1 discovery): what the commit leaves",
                numerator: "e2e: register sequential (HTTP/1.1 discovery)", denominator: "e2e: register sequential dry run (HTTP/1.1 discovery)",
                figure: .rate, target: nil
            )
        )
        ratios.append(
            Ratio(
                label: "end to end, sequential (HTTP/1.1 discovery) ÷ GET /version: the round-trip floor",
                numerator: "e2e: register sequential (HTTP/1.1 discovery)", denominator: "e2e: GET /version", figure: .rate, target: nil
            )
        )
        return ratios
    }

    /// The read ratios and limits: the server's own figures (requests/s measured by `wrk`, the
    /// server time and memory of a full list).
    static var readRows: (ratios: [Ratio], limits: [Limit]) {
        let wrk = Ratio.Figure.metric("requests/s (wrk)")
        let large = "read: GET /deployments, 10,000 deployments (SQLite), first request after a change"
        return (
            [
                Ratio(
                    label: "GET /services (1,000 services) ÷ the same bytes from a constant buffer",
                    numerator: "read: GET /services, 1,000 services (SQLite)", denominator: "read: GET the same bytes from a constant buffer",
                    figure: wrk, target: .atLeast(0.5)
                ),
                Ratio(
                    label: "GET /services revalidated (304) ÷ GET /health", numerator: "read: GET /services revalidated (304)",
                    denominator: "read: GET /health", figure: wrk, target: .atLeast(0.8)
                ),
            ],
            [
                Limit(
                    label: "GET /deployments (10,000) after a change: server time (ms)", benchmark: large, figure: .metric("server time (ms)"),
                    target: .atMost(150)),
                Limit(
                    label: "GET /deployments (10,000) after a change: resident memory rise (MiB)", benchmark: large,
                    figure: .metric("rss rise (MiB)"), target: .atMost(50)),
                Limit(
                    label: "resident memory holding 10,000 deployments after a full list (MiB)",
                    benchmark: "read: resident memory, 10,000 deployments after a full list (SQLite)", figure: .metric("rss (MiB)"),
                    target: .atMost(150)
                ),
            ]
        )
    }

    /// The Markdown text.
    var markdown: String {
        var lines: [String] = [
            "# Benchmarks", "",
            "Written by `Benchmarks/run.sh` (the report generator `Benchmarks/Sources/BenchmarkReport`) from one run of the whole suite;"
                + " do not edit by hand. Every figure is read against baselines measured in the same run, on the same machine.",
            "",
            "## Machine", "",
        ]
        lines += table(
            ["", ""],
            [
                ["date", machine["date"]], ["CPU", machine["cpu"]], ["cores", machine["cores"]], ["memory", machine["memory"]],
                ["disk of the temporary folder", "\(machine["disk"]) (\(machine["filesystem"]))"], ["OS", machine["os"]],
                ["kernel", machine["kernel"]], ["Swift", machine["swift"]], ["run time (build excluded)", "\(machine["run_seconds"]) s"],
            ]
        )
        lines += ["", "## Ratios against the run's baselines", ""]
        lines += [
            "Throughput is operations (registrations, requests, commits) per second at the median sample: a sample is one run of the"
                + " benchmark's body, which performs one operation, or N for a name with \"N concurrent\" or \"N connections\";"
                + " throughput = N × 10⁶ ÷ p50 (µs). A target is met or missed by the distance to it, relative to the target.",
            "",
        ]
        lines += table(["ratio", "figures", "value", "target", "verdict"], Self.ratios.map { $0.row(in: results) })
        lines += [""] + MissedTargets.lines
        lines += ["## Reads", ""]
        lines += [
            "Medians of the figures the read benchmarks record themselves: requests/s measured by `wrk` (4 connections, 1 s per"
                + " sample) against the server in the benchmark process, the server's time and the resident memory of a full list.",
            "",
        ]
        lines += table(
            ["ratio or figure", "figures", "value", "target", "verdict"],
            Self.readRows.ratios.map { $0.row(in: results) } + Self.readRows.limits.map { $0.row(in: results) }
        )
        lines += ["", "## Registration latency against registry size", ""]
        lines += [
            "`register: N deployments, 1 concurrent (backend)`: one registration through `AdminService` into a registry of N"
                + " deployments, p50 and p99 of the wall-clock time (µs).",
            "", "![registration p50 and p99 against registry size](\(chartPath))", "",
        ]
        lines += table(
            ["backend"] + Self.sizes.map { "\(Format.size($0)): p50 / p99 (µs)" },
            Self.backends.map { backend in
                [backend]
                    + Self.sizes.map { size in
                        guard let figures = results[Self.register(size, backend)], let p50 = figures.p50, let p99 = figures.p99 else { return "n/a" }
                        return "\(Format.number(p50)) / \(Format.number(p99))"
                    }
            }
        )
        lines += ["", "## Model of Restate", ""]
        lines += [
            "`model of Restate: register into N deployments (backend)` (what Restate's own registration does, modelled on the same"
                + " storage) against `register: N deployments, 1 concurrent (backend)`: registrations per second, and ours ÷ model"
                + " (above 1: faster than the model).",
            "",
        ]
        var modelRows: [[String]] = []
        for backend in Self.backends {
            for size in Self.sizes {
                let ours = results[Self.register(size, backend)]?.rate
                let model = results[Self.model(size, backend)]?.rate
                let ratio = ours.flatMap { ours in model.map { Format.ratio(ours / $0) } } ?? "n/a"
                modelRows.append([
                    "model", backend, Format.size(size), ours.map { Format.number($0) } ?? "n/a", model.map { Format.number($0) } ?? "n/a", ratio,
                ])
            }
        }
        lines += table(["", "backend", "deployments", "ours (/s)", "model (/s)", "ours ÷ model"], modelRows)
        lines += ["", "## The disk's limit", ""]
        if let sync = results["raw: fdatasync"], let p50 = sync.p50, let rate = sync.rate {
            lines += [
                "`raw: fdatasync`: one write and `fdatasync` of a file in the temporary folder, p50 \(Format.number(p50)) µs"
                    + " (p99 \(sync.p99.map { Format.number($0) } ?? "n/a") µs), \(Format.number(rate)) syncs/s: no one-at-a-time durable"
                    + " commit can be faster; group commit is how concurrent registrations go past it."
            ]
        } else {
            lines += ["`raw: fdatasync`: n/a (not in this run)."]
        }
        lines += ["", "## All figures", ""]
        lines += [
            "p50 and p99: wall-clock time of one sample (µs); ops: operations per sample; throughput: ops × 10⁶ ÷ p50 (/s); other: the"
                + " benchmark's own metrics (p50).",
            "",
        ]
        lines += table(
            ["benchmark", "p50 (µs)", "p99 (µs)", "ops", "throughput (/s)", "samples", "other"],
            results.benchmarks.values.sorted { $0.name < $1.name }.map { figures in
                [
                    figures.name, figures.p50.map { Format.number($0) } ?? "n/a", figures.p99.map { Format.number($0) } ?? "n/a",
                    String(figures.operations), figures.rate.map { Format.number($0) } ?? "n/a", String(figures.samples),
                    figures.custom.map { "\($0.0): \($0.1.percentile(50).map { Format.number($0) } ?? "n/a")" }.joined(separator: "; "),
                ]
            }
        )
        lines += [
            "",
            "Exported with `swift package benchmark --format jmh` (ordo-one/benchmark): per benchmark, the percentiles of its throughput"
                + " and of every other metric. Benchmarks without a throughput metric are not exported.",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// A Markdown table (pipes in cells escaped).
    private func table(_ header: [String], _ rows: [[String]]) -> [String] {
        func line(_ cells: [String]) -> String {
            "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |"
        }
        return [line(header), line(header.map { _ in "---" })] + rows.map(line)
    }
}
