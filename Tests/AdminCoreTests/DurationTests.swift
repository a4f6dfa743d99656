import Foundation
import Testing

@testable import AdminCore

/// One vector of `Fixtures/durations.json` (DURATIONS.md §11).
struct DurationVector: Decodable, Sendable, CustomTestStringConvertible {
    let input: String
    let ok: Bool
    let nanosStr: String?
    let millisStr: String?
    let printed: String?
    let verbose: String?
    let iso: String?
    let error: String?

    enum CodingKeys: String, CodingKey {
        case input, ok, printed, verbose, iso, error
        case nanosStr = "nanos_str"
        case millisStr = "millis_str"
    }

    var testDescription: String { "\(input.debugDescription) ok=\(ok)" }

    static let all: [DurationVector] = {
        guard let url = Bundle.module.url(forResource: "durations", withExtension: "json", subdirectory: "Fixtures"),
            let data = try? Data(contentsOf: url),
            let vectors = try? JSONDecoder().decode([DurationVector].self, from: data)
        else { return [] }
        return vectors
    }()
}

/// An extra vector, transcribed from the prose and tables of DURATIONS.md (not in the JSON sample).
struct ExtraDurationCase: Sendable, CustomTestStringConvertible {
    enum Expectation: Sendable {
        /// Accepted, printing as the given compact form.
        case printed(String)
        /// Rejected with exactly this message.
        case error(String)
        /// Rejected (message not pinned down by the spec).
        case rejected
    }

    let input: String
    let expectation: Expectation

    init(_ input: String, _ expectation: Expectation) {
        self.input = input
        self.expectation = expectation
    }

    var testDescription: String { input.debugDescription }
}

private let friendly = "failed to parse input in the \"friendly\" duration format: "
private let units = "please use units of days or smaller"
private let negative = "parameter 'negative duration seconds' is not in the required range"
private let designator =
    friendly + "expected to find unit designator suffix (e.g., `years` or `secs`) after parsing integer"
private let noInteger =
    friendly
    + "expected duration to start with a unit value (a decimal integer) after an optional sign, "
    + "but no integer was found"
private let both = friendly + "expected to find either a prefix sign (+/-) or a suffix sign (`ago`), but found both"
private func relative(_ unit: String) -> String {
    "could not compute normalized relative span when all days are assumed to be 24 hours: using unit '\(unit)' "
        + "in span or configuration requires that a relative reference time be given "
        + "(`jiff::SpanRelativeTo::days_are_24_hours()` was given but this only permits using days and weeks "
        + "without a relative reference time)"
}
private func leftover(_ parsed: String, _ rest: String, friendly isFriendly: Bool = true) -> String {
    (isFriendly ? friendly : "")
        + "parsed value '\(parsed)', but unparsed input \"\(rest)\" remains (expected no unparsed input)"
}
private func order(_ unit: String, _ previous: String, friendly isFriendly: Bool = true) -> String {
    (isFriendly ? friendly : "")
        + "found value with unit \(unit) after unit \(previous), but units must be written from largest to smallest "
        + "(and they can't be repeated)"
}
private func range(_ unit: String, _ value: UInt64, max: UInt64, friendly isFriendly: Bool = true) -> String {
    (isFriendly ? friendly : "") + "failed to set value for \(unit) unit on span: parameter '\(unit)s' with value "
        + "\(value) is not in the required range of -\(max)..=\(max)"
}
private func hmsAfter(_ unit: String) -> String {
    friendly + "found `HH:MM:SS` after unit \(unit), but `HH:MM:SS` can only appear after years, months, weeks or days"
}
private let emptyTime =
    "found a time designator (`T` or `t`) in an ISO 8601 duration string, but did not find any time units"
private let commaAtEnd =
    friendly + "found comma at the end of duration, but a comma indicates at least one more unit follows"
private let noFractionDigits =
    friendly + "found decimal after seconds component, but did not find any digits after decimal"
private let dateDesignator = "expected to find date unit designator suffix (`Y`, `M`, `W` or `D`), but found "
private let timeDesignator = "expected to find time unit designator suffix (`H`, `M` or `S`), but found "
private func tooLarge(_ input: String) -> String {
    "duration \(input) is too large: the maximum is 7304484d (631107417600 s)"
}

private let extraCases: [ExtraDurationCase] = [
    // Whitespace (§4.1).
    .init("5 h", .printed("5h")),
    .init("5\nh", .printed("5h")),
    .init("5\r\nh", .printed("5h")),
    .init("5\u{0C}h", .printed("5h")),
    .init("5\u{0B}h", .error(designator)),
    .init("5\u{A0}h", .error(designator)),
    .init("5h\n", .printed("5h")),
    .init("\t5h", .error(noInteger)),
    .init("1 hour,  30 minutes", .printed("1h 30m")),
    .init("1 day,\n2 hours", .printed("1d 2h")),
    // Labels (§4.2).
    .init("1 hours", .printed("1h")),
    .init("1 hour", .printed("1h")),
    .init("1 hr", .printed("1h")),
    .init("1 h", .printed("1h")),
    .init("1 minutes", .printed("1m")),
    .init("1 min", .printed("1m")),
    .init("1 m", .printed("1m")),
    .init("1 secs", .printed("1s")),
    .init("1 millisecond", .printed("1ms")),
    .init("1 millis", .printed("1ms")),
    .init("1 msec", .printed("1ms")),
    .init("1 ms", .printed("1ms")),
    .init("1 microseconds", .printed("1\u{B5}s")),
    .init("1 \u{B5}secs", .printed("1\u{B5}s")),
    .init("1 \u{B5}s", .printed("1\u{B5}s")),
    .init("1 nanoseconds", .printed("1ns")),
    .init("1 nsec", .printed("1ns")),
    .init("1 days", .printed("1d")),
    .init("1 d", .printed("1d")),
    .init("1 week", .printed("7d")),
    .init("1 wks", .printed("7d")),
    .init("1 w", .printed("7d")),
    .init("1 years", .error(units)),
    .init("1 year", .error(units)),
    .init("1 yrs", .error(units)),
    .init("1 yr", .error(units)),
    .init("1 y", .error(units)),
    .init("1 month", .error(units)),
    .init("1 month 1 day", .error(units)),
    .init("5H", .error(designator)),
    .init("1M", .error(designator)),
    .init("1 mont", .error(leftover("P1M", "nt"))),
    .init("1 mi", .error(leftover("PT1M", "i"))),
    .init("1 hs", .error(leftover("PT1H", "s"))),
    .init("1 dys", .error(leftover("P1D", "ys"))),
    // Separators and order.
    .init("1d2h", .printed("1d 2h")),
    .init("0s 1m", .error(order("minute", "second"))),
    .init("1s 1ms 1us 1ns", .printed("1s 1ms 1\u{B5}s 1ns")),
    .init("1ns 1us", .error(order("microsecond", "nanosecond"))),
    .init("5h, ago", .error(commaAtEnd)),
    // Fractions (§4.1).
    .init("1.5d", .error(friendly + "fractional days are not supported")),
    .init("1.5 mo", .error(friendly + "fractional months are not supported")),
    .init("1.5ns", .error(friendly + "fractional nanoseconds are not supported")),
    .init("1.s", .error(noFractionDigits)),
    .init("1.123456789s", .printed("1s 123ms 456\u{B5}s 789ns")),
    .init("1.5ms", .printed("1ms 500\u{B5}s")),
    .init("1.9999999999us", .error(designator)),
    .init("1.5m 30s", .error(leftover("PT1M30S", "30s"))),
    // HH:MM:SS.
    .init("1:60:60", .printed("2h 1m")),
    .init("5 days01:02:03", .printed("5d 1h 2m 3s")),
    .init("1 month 01:00:00", .error(units)),
    .init("01:02:03 ", .printed("1h 2m 3s")),
    .init("01:02:03.123456789", .printed("1h 2m 3s 123ms 456\u{B5}s 789ns")),
    .init("1h 01:00:00", .error(hmsAfter("hour"))),
    .init("1s 01:00:00", .error(hmsAfter("second"))),
    .init("05:", .error(friendly + "when parsing the `HH:MM:SS` format, expected to parse minute following hour")),
    .init("01:02:03 5s", .error(leftover("PT1H2M3S", "5s"))),
    .init("01:02:03 ago", .error(negative)),
    .init("-01:02:03", .error(negative)),
    // Signs.
    .init("+5h ago", .error(both)),
    .init("-5h ago", .error(both)),
    .init("5h AGO", .error(leftover("PT5H", "AGO"))),
    .init("-5h x", .error(leftover("-PT5H", "x"))),
    .init("-0s x", .error(leftover("PT0S", "x"))),
    .init(
        "+",
        .error(
            "found nothing after sign `+`, which is not a valid duration in either the ISO 8601 format or Jiff's "
                + "\"friendly\" format"
        )),
    .init("- P1D", .error(noInteger)),
    .init("-1y", .error(relative("year"))),
    .init("-1y 1mo", .error(relative("year"))),
    .init("-1mo 1d", .error(relative("month"))),
    .init("-1w", .error(negative)),
    .init("-0y", .printed("0s")),
    .init("0y", .printed("0s")),
    .init("0 months 0 weeks", .printed("0s")),
    .init("0 ", .error(designator)),
    .init("0 ago", .error(designator)),
    // Limits (§4.1) and this project's upper bound (§7.4).
    .init("20000 years", .error(range("year", 20_000, max: 19_998))),
    .init("239977 months", .error(range("month", 239_977, max: 239_976))),
    .init("1043498w", .error(range("week", 1_043_498, max: 1_043_497))),
    .init("19998y", .error(units)),
    .init("7304484d", .printed("7304484d")),
    .init("1043497w", .printed("7304479d")),
    .init("10518456960 minutes", .printed("7304484d")),
    .init("631107417600000 ms", .printed("7304484d")),
    .init("631107417601 seconds", .error(tooLarge("631107417601 seconds"))),
    .init("631107417600s 1ns", .error(tooLarge("631107417600s 1ns"))),
    .init("1043497w 7304484d", .error(tooLarge("1043497w 7304484d"))),
    .init("7304484d 1h", .error(tooLarge("7304484d 1h"))),
    .init("175307617 hours", .error(tooLarge("175307617 hours"))),
    .init("9223372036854775807 nanoseconds", .printed("106751d 23h 47m 16s 854ms 775\u{B5}s 807ns")),
    .init(
        "9223372036854775808 seconds",
        .error(
            friendly + "value for seconds is too big (or small) to fit into a signed 64-bit integer"
        )),
    .init("18446744073709551616s", .error(friendly + "number too big to parse into 64-bit integer")),
    .init("-1043497w 7304484d", .error(negative)),
    // ISO 8601 (§5).
    .init("P1M", .error(units)),
    .init("PT1M", .printed("1m")),
    .init("P1W1D", .printed("8d")),
    .init("P1WT1H", .printed("7d 1h")),
    .init("Pt1h", .printed("1h")),
    .init("P1dt1h", .printed("1d 1h")),
    .init("P1Y1D", .error(units)),
    .init("-P1Y", .error(relative("year"))),
    .init("-PT5H", .error(negative)),
    .init("-PT0S", .printed("0s")),
    .init("+PT1.5S", .printed("1s 500ms")),
    .init("PT", .error(emptyTime)),
    .init("PTs", .error(emptyTime)),
    .init("P1", .error(dateDesignator + "end of input")),
    .init("P1H", .error(dateDesignator + "`H` instead")),
    .init("PT1D", .error(timeDesignator + "`D` instead")),
    .init("PT1M1H", .error(order("hour", "minute", friendly: false))),
    .init("P1Y1Y", .error(order("year", "year", friendly: false))),
    .init("PT1.5H30M", .error(leftover("PT1H30M", "30M", friendly: false))),
    .init("PT0.0000000001S", .rejected),
    .init("P7304485D", .error(range("day", 7_304_485, max: 7_304_484, friendly: false))),
    .init("P7304484D", .printed("7304484d")),
    .init("PT631107417601S", .error(tooLarge("PT631107417601S"))),
    .init("P1W 1D", .error(leftover("P1W", " 1D", friendly: false))),
]

@Suite("Restate durations")
struct DurationTests {
    @Test("the JSON sample holds 200 vectors")
    func vectorCount() {
        #expect(DurationVector.all.count == 200)
    }

    @Test("vectors of durations.json", arguments: DurationVector.all)
    func vector(_ vector: DurationVector) throws {
        if vector.ok, let printed = vector.printed {
            let duration = try RestateDuration(parsing: vector.input)
            #expect(String(duration.totalNanoseconds) == vector.nanosStr)
            let wholeMillis = vector.millisStr?.split(separator: ".").first.map(String.init)
            #expect(String(duration.totalMilliseconds) == wholeMillis)
            #expect(duration.description == printed)
            #expect(duration.verboseDescription == vector.verbose)
            #expect(duration.iso8601Description == vector.iso)
        } else if vector.ok {
            // Accepted by Restate but unprintable there: this project rejects it (DURATIONS.md §7.4).
            #expect(throws: AdminError.self) { try RestateDuration(parsing: vector.input) }
            #expect(message(vector.input) == tooLarge(vector.input))
        } else {
            let error = #expect(throws: AdminError.self) { try RestateDuration(parsing: vector.input) }
            #expect(error?.kind == .invalidArgument)
            #expect(error?.code == nil)
            #expect(error?.message == vector.error)
        }
    }

    @Test("extra vectors from DURATIONS.md", arguments: extraCases)
    func extra(_ testCase: ExtraDurationCase) throws {
        switch testCase.expectation {
        case .printed(let printed):
            let duration = try RestateDuration(parsing: testCase.input)
            #expect(duration.description == printed)
            #expect(try RestateDuration(parsing: duration.description) == duration)
        case .error(let expected):
            #expect(message(testCase.input) == expected)
        case .rejected:
            #expect(throws: AdminError.self) { try RestateDuration(parsing: testCase.input) }
        }
    }

    @Test("exact values of a few extra vectors")
    func extraValues() throws {
        #expect(try RestateDuration(parsing: "1:60:60") == RestateDuration(seconds: 7_260))
        #expect(try RestateDuration(parsing: "P1W1D") == RestateDuration(seconds: 8 * 86_400))
        #expect(try RestateDuration(parsing: "7304484d") == RestateDuration.maximum)
        #expect(
            try RestateDuration(parsing: "9223372036854775807 nanoseconds").totalNanoseconds
                == UInt128(Int64.max)
        )
        #expect(try RestateDuration(parsing: "1.0005us").totalNanoseconds == 1_000)
        #expect(try RestateDuration(parsing: "0") == .zero)
    }

    @Test("error messages of representative failures")
    func errorMessages() {
        #expect(
            message("")
                == "an empty string is not a valid duration in either the ISO 8601 format or Jiff's \"friendly\" format"
        )
        #expect(message("1 month") == units)
        #expect(message("-5m") == negative)
        #expect(message("5h,30m") == friendly + "expected whitespace after comma, but found `3`")
        #expect(message("P1D5H") == dateDesignator + "`H` instead")
        #expect(message("1 year ago") == relative("year"))
        #expect(message("00") == designator)
        #expect(message("7304485 days") == range("day", 7_304_485, max: 7_304_484))
        #expect(message("631107417601 seconds") == tooLarge("631107417601 seconds"))
        let error = #expect(throws: AdminError.self) { try RestateDuration(parsing: "5 Hours") }
        #expect(error?.kind == .invalidArgument)
        #expect(error?.code == nil)
        #expect(error?.description == designator)
    }

    @Test("printer: zero, units, µ sign, no weeks")
    func printer() {
        #expect(RestateDuration.zero.description == "0s")
        #expect(RestateDuration.zero.verboseDescription == "0 seconds")
        #expect(RestateDuration.zero.iso8601Description == "PT0S")
        #expect(RestateDuration.milliseconds(100).description == "100ms")
        #expect(RestateDuration.milliseconds(1_500).description == "1s 500ms")
        #expect(RestateDuration.milliseconds(60_000).description == "1m")
        #expect(RestateDuration.milliseconds(86_400_000).description == "1d")
        #expect(RestateDuration(seconds: 600).description == "10m")
        #expect(RestateDuration(seconds: 14 * 86_400).description == "14d")
        let micro = RestateDuration(seconds: 0, nanoseconds: 1_500)
        #expect(micro.description == "1\u{B5}s 500ns")
        #expect(micro.description.unicodeScalars.contains { $0.value == 0xB5 })
        #expect(!micro.description.unicodeScalars.contains { $0.value == 0x3BC })
        #expect(micro.verboseDescription == "1 microsecond 500 nanoseconds")
        #expect(RestateDuration(seconds: 129_842).verboseDescription == "1 day 12 hours 4 minutes 2 seconds")
        #expect(RestateDuration(seconds: 3_600, nanoseconds: 24_000).iso8601Description == "PT1H0.000024S")
        #expect(RestateDuration(seconds: 7 * 86_400).iso8601Description == "P7D")
        #expect(RestateDuration.maximum.description == "7304484d")
    }

    @Test("printer output parses back to the same value")
    func roundTrip() throws {
        let values: [RestateDuration] = [
            .zero, .milliseconds(1), .milliseconds(999), .milliseconds(123_456_789),
            RestateDuration(seconds: 0, nanoseconds: 1), RestateDuration(seconds: 59, nanoseconds: 999_999_999),
            RestateDuration(seconds: 183_845, nanoseconds: 6_007_008), RestateDuration(seconds: 86_399),
            RestateDuration(seconds: 631_107_417_599, nanoseconds: 999_999_999), .maximum,
        ]
        for value in values {
            #expect(try RestateDuration(parsing: value.description) == value)
            #expect(try RestateDuration(parsing: value.iso8601Description) == value)
            #expect(try RestateDuration(parsing: value.verboseDescription) == value)
        }
    }

    @Test("construction, arithmetic views and ordering")
    func basics() {
        let carried = RestateDuration(seconds: 1, nanoseconds: 2_500_000_000)
        #expect(carried == RestateDuration(seconds: 3, nanoseconds: 500_000_000))
        #expect(carried.nanoseconds == 500_000_000)
        #expect(RestateDuration.milliseconds(1_234).totalMilliseconds == 1_234)
        #expect(RestateDuration(seconds: 1, nanoseconds: 999_999).totalMilliseconds == 1_000)
        #expect(RestateDuration.maximum.totalNanoseconds == UInt128(631_107_417_600) * 1_000_000_000)
        #expect(RestateDuration.maximum.totalNanoseconds > UInt128(UInt64.max))
        #expect(RestateDuration.milliseconds(999) < RestateDuration(seconds: 1))
        #expect(RestateDuration(seconds: 1, nanoseconds: 1) > RestateDuration(seconds: 1))
        #expect(RestateDuration.milliseconds(1_500).swiftDuration == .milliseconds(1_500))
    }

    @Test("Codable: compact string out, parsed string in")
    func codable() throws {
        struct Body: Codable, Equatable {
            var timeout: RestateDuration
        }
        let encoded = try JSONEncoder().encode(Body(timeout: RestateDuration(seconds: 129_842)))
        #expect(String(decoding: encoded, as: UTF8.self) == #"{"timeout":"1d 12h 4m 2s"}"#)
        let decoded = try JSONDecoder().decode(Body.self, from: Data(#"{"timeout":"P1DT2H"}"#.utf8))
        #expect(decoded.timeout == RestateDuration(seconds: 93_600))
        #expect(decoded.timeout.description == "1d 2h")

        do {
            _ = try JSONDecoder().decode(Body.self, from: Data(#"{"timeout":"1 month"}"#.utf8))
            Issue.record("expected a decoding error")
        } catch let DecodingError.dataCorrupted(context) {
            #expect(context.debugDescription == units)
            #expect(context.codingPath.map(\.stringValue) == ["timeout"])
            #expect((context.underlyingError as? AdminError)?.kind == .invalidArgument)
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Body.self, from: Data(#"{"timeout":3600}"#.utf8))
        }
    }
}

private func message(_ input: String) -> String? {
    do {
        _ = try RestateDuration(parsing: input)
        return nil
    } catch {
        return error.message
    }
}
