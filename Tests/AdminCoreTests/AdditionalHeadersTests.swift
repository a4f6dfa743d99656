import Foundation
import Testing

@testable import AdminCore

/// The one header validation (BEHAVIOR.md §4.2), as a scenario table.
@Suite("AdditionalHeaders")
struct AdditionalHeadersTests {
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let value: String
        /// A part of the refusal's message, or `nil` when the header is valid.
        let refusal: String?
        var description: String { "\(name.debugDescription): \(value.debugDescription)" }
    }

    static let cases: [Case] = [
        .init(name: "x-routing", value: "r1", refusal: nil),
        .init(name: "Authorization", value: "Bearer t", refusal: nil),
        .init(name: "!#$%&'*+-.^_`|~09AZaz", value: "", refusal: nil),
        .init(name: "x-tab", value: "a\tb", refusal: nil),
        .init(name: "x-space", value: " padded ", refusal: nil),
        .init(name: "x-utf8", value: "café", refusal: nil),
        .init(name: String(repeating: "n", count: 65_535), value: "v", refusal: nil),
        .init(name: "", value: "v", refusal: "invalid header name ''"),
        .init(name: "bad name", value: "v", refusal: "invalid header name 'bad name'"),
        .init(name: "x:y", value: "v", refusal: "invalid header name"),
        .init(name: "x\"y", value: "v", refusal: "invalid header name"),
        .init(name: "é", value: "v", refusal: "invalid header name"),
        .init(name: String(repeating: "n", count: 65_536), value: "v", refusal: "invalid header name"),
        .init(name: "x-ok", value: "a\r\nb", refusal: "invalid value for header 'x-ok'"),
        .init(name: "x-ok", value: "a\nb", refusal: "invalid value for header 'x-ok'"),
        .init(name: "x-ok", value: "a\u{0}b", refusal: "invalid value for header 'x-ok'"),
        .init(name: "x-ok", value: "a\u{7F}b", refusal: "invalid value for header 'x-ok'"),
        .init(name: "x-ok", value: "a\u{1B}b", refusal: "invalid value for header 'x-ok'"),
    ]

    @Test("Names and values", arguments: cases)
    func validation(_ scenario: Case) throws {
        if let refusal = scenario.refusal {
            let error = try #require(throws: AdminError.self) { try AdditionalHeaders(validating: [scenario.name: scenario.value]) }
            #expect(error.kind == .invalidArgument)
            #expect(error.message.contains(refusal), "\(error.message.prefix(200))")
        } else {
            let headers = try AdditionalHeaders(validating: [scenario.name: scenario.value])
            #expect(headers.dictionary == [scenario.name.lowercased(): scenario.value])
            #expect(headers[scenario.name.uppercased()] == scenario.value, "lookups ignore case")
        }
    }

    @Test("Names that differ only in case: the later wins when there is an order, else they are refused")
    func caseOnlyDuplicates() throws {
        let ordered = try AdditionalHeaders(ordered: [("X-A", "1"), ("x-a", "2")])
        #expect(ordered.dictionary == ["x-a": "2"])
        let reversed = try AdditionalHeaders(ordered: [("x-a", "1"), ("X-A", "2")])
        #expect(reversed.dictionary == ["x-a": "2"])
        let error = try #require(throws: AdminError.self) { try AdditionalHeaders(validating: ["X-A": "1", "x-a": "2"]) }
        #expect(error.message.contains("'X-A' and 'x-a' differ only in case"))
    }

    @Test("A JSON body keeps document order: the later of two case-variants wins, whatever the hash order")
    func jsonBodyOrder() throws {
        for _ in 0..<20 {
            let headers = try JSONBodyDecoder.decode(AdditionalHeaders.self, from: Array(#"{"X-A": "1", "b": "x", "x-a": "2"}"#.utf8))
            #expect(headers.dictionary == ["x-a": "2", "b": "x"])
            let again = try JSONBodyDecoder.decode(AdditionalHeaders.self, from: Array(#"{"x-a": "1", "X-A": "2", "x-a": "3"}"#.utf8))
            #expect(again.dictionary == ["x-a": "3"])
        }
    }

    @Test("Encodes as a JSON object and decodes stored data")
    func codable() throws {
        let headers: AdditionalHeaders = ["Authorization": "t", "x-b": "2"]
        let data = try JSONEncoder().encode(headers)
        #expect(try JSONDecoder().decode([String: String].self, from: data) == ["authorization": "t", "x-b": "2"])
        #expect(try JSONDecoder().decode(AdditionalHeaders.self, from: data) == headers)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(AdditionalHeaders.self, from: Data(#"{"bad name": "v"}"#.utf8)) }
        #expect(headers.map(\.name) == ["authorization", "x-b"], "iterates sorted by name")
    }
}
