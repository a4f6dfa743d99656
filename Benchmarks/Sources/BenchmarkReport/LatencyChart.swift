import Foundation

/// The SVG chart of registration p50 and p99 (µs, logarithmic) against registry size (10, 1,000,
/// 10,000 deployments, logarithmic), one colour per backend: p50 solid, p99 dashed.
struct LatencyChart {
    /// One backend's points: (size, p50, p99).
    struct Series {
        /// The backend.
        let backend: String
        /// The points that ran.
        let points: [(size: Int, p50: Double, p99: Double)]
    }

    /// The series, one per backend.
    let series: [Series]

    /// Reads the chart's points from the run.
    init(results: ResultSet) {
        series = Report.backends.map { backend in
            Series(
                backend: backend,
                points: Report.sizes.compactMap { size in
                    guard let figures = results[Report.register(size, backend)], let p50 = figures.p50, let p99 = figures.p99 else { return nil }
                    return (size, p50, p99)
                }
            )
        }
    }

    private static let colours = ["#1b9e77", "#d95f02", "#7570b3"]
    private static let (width, height) = (720.0, 440.0)
    private static let (left, right, top, bottom) = (80.0, 200.0, 50.0, 60.0)

    /// The SVG text.
    var svg: String {
        let values = series.flatMap { $0.points.flatMap { [$0.p50, $0.p99] } }
        let low = floor(log10(values.min() ?? 10))
        let high = max(ceil(log10(values.max() ?? 1_000)), low + 1)
        let plotWidth = Self.width - Self.left - Self.right
        let plotHeight = Self.height - Self.top - Self.bottom
        func x(_ size: Int) -> Double { Self.left + (log10(Double(size)) - 1) / 3 * plotWidth }
        func y(_ value: Double) -> Double { Self.top + (high - log10(value)) / (high - low) * plotHeight }
        var out: [String] = [
            #"<svg xmlns="http://www.w3.org/2000/svg" width="\#(Int(Self.width))" height="\#(Int(Self.height))" font-family="sans-serif" font-size="12">"#,
            #"<rect width="100%" height="100%" fill="white"/>"#,
            #"<text x="\#(Int(Self.width / 2))" y="24" text-anchor="middle" font-size="15">Registration latency against registry size (one at a time)</text>"#,
        ]
        // Horizontal grid: 1, 2, 5 per decade.
        var decade = low
        while decade <= high {
            for step in [1.0, 2.0, 5.0] {
                let value = step * pow(10, decade)
                guard log10(value) <= high + 1e-9 else { continue }
                let position = y(value)
                let colour = step == 1 ? "#bbb" : "#e5e5e5"
                out.append(#"<line x1="\#(Self.left)" x2="\#(Self.left + plotWidth)" y1="\#(position)" y2="\#(position)" stroke="\#(colour)"/>"#)
                out.append(#"<text x="\#(Self.left - 6)" y="\#(position + 4)" text-anchor="end">\#(Format.number(value))</text>"#)
            }
            decade += 1
        }
        for size in Report.sizes {
            let position = x(size)
            out.append(#"<line x1="\#(position)" x2="\#(position)" y1="\#(Self.top)" y2="\#(Self.top + plotHeight)" stroke="\#("#ddd")"/>"#)
            out.append(#"<text x="\#(position)" y="\#(Self.top + plotHeight + 18)" text-anchor="middle">\#(Format.size(size))</text>"#)
        }
        out.append(
            #"<text x="\#(Self.left + plotWidth / 2)" y="\#(Self.height - 16)" text-anchor="middle">deployments in the registry</text>"#
        )
        out.append(
            #"<text transform="translate(20 \#(Self.top + plotHeight / 2)) rotate(-90)" text-anchor="middle">µs per registration</text>"#
        )
        for (index, series) in series.enumerated() {
            let colour = Self.colours[index % Self.colours.count]
            for (dash, value) in [("", \(size: Int, p50: Double, p99: Double).p50), ("6 4", \.p99)] {
                let points = series.points.map { "\(x($0.size)),\(y($0[keyPath: value]))" }.joined(separator: " ")
                let dashAttribute = dash.isEmpty ? "" : #" stroke-dasharray="\#(dash)""#
                out.append(#"<polyline points="\#(points)" fill="none" stroke="\#(colour)" stroke-width="2"\#(dashAttribute)/>"#)
                for point in series.points {
                    out.append(#"<circle cx="\#(x(point.size))" cy="\#(y(point[keyPath: value]))" r="3.5" fill="\#(colour)"/>"#)
                }
            }
            let legend = Self.top + 10 + Double(index) * 40
            let legendX = Self.left + plotWidth + 20
            out.append(#"<line x1="\#(legendX)" x2="\#(legendX + 24)" y1="\#(legend)" y2="\#(legend)" stroke="\#(colour)" stroke-width="2"/>"#)
            out.append(#"<text x="\#(legendX + 30)" y="\#(legend + 4)">\#(series.backend) p50</text>"#)
            out.append(
                #"<line x1="\#(legendX)" x2="\#(legendX + 24)" y1="\#(legend + 16)" y2="\#(legend + 16)" stroke="\#(colour)" stroke-width="2" stroke-dasharray="6 4"/>"#
            )
            out.append(#"<text x="\#(legendX + 30)" y="\#(legend + 20)">\#(series.backend) p99</text>"#)
        }
        if values.isEmpty {
            out.append(
                #"<text x="\#(Self.left + plotWidth / 2)" y="\#(Self.top + plotHeight / 2)" text-anchor="middle">no registration benchmark in this run</text>"#
            )
        }
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }
}
