import Foundation
import Testing

@testable import AdminCore

/// The streaming encoder writes the JSON Foundation's encoder writes (as data), in the members'
/// encoding order, with sorted dictionary keys.
@Suite("JSONStreamEncoder")
struct JSONStreamEncoderTests {
    struct Inner: Codable, Equatable {
        var name: String
        var tags: [String]
        var weight: Double?
    }

    struct Outer: Codable, Equatable {
        var zeta: Int
        var alpha: String
        var inner: Inner
        var list: [Inner]
        var map: [String: Int]
        var optional: Bool?
        var nested: [[UInt8]]
        var json: JSONValue
    }

    /// A value with a custom encode(to:): nested containers and nil.
    struct Custom: Encodable {
        enum Keys: String, CodingKey { case b, a, nested, list, none }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode("second-declared, first written", forKey: .b)
            var nested = c.nestedContainer(keyedBy: Keys.self, forKey: .nested)
            try nested.encode(1, forKey: .a)
            var list = c.nestedUnkeyedContainer(forKey: .list)
            try list.encode(true)
            try list.encodeNil()
            try c.encodeNil(forKey: .none)
            try c.encode(2.5, forKey: .a)
        }
    }

    struct Empty: Encodable {}

    static let sample = Outer(
        zeta: -3, alpha: "quote \" backslash \\ slash / newline \n tab \t bell \u{7} é ☃",
        inner: Inner(name: "x", tags: [], weight: 2.0),
        list: [Inner(name: "a", tags: ["1", "2"], weight: nil), Inner(name: "b", tags: ["3"], weight: 0.1)],
        map: ["b": 2, "a": 1, "c": 3], optional: nil, nested: [[1, 2], [], [255]],
        json: .object(["k": .array([.int(1), .double(1.5), .null, .bool(false), .string("s")]), "a": .object([:])])
    )

    static func parsed(_ bytes: [UInt8]) throws -> NSObject {
        try #require(try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]) as? NSObject)
    }

    @Test("The same JSON as Foundation's encoder")
    func sameJSONAsFoundation() throws {
        let streamed = try JSONStreamEncoder.encode(Self.sample)
        let foundation = try JSONEncoder().encode(Self.sample)
        #expect(try Self.parsed(streamed) == Self.parsed(Array(foundation)))
        #expect(try JSONDecoder().decode(Outer.self, from: Data(streamed)) == Self.sample)
    }

    @Test("A JSONValue, written directly, gives the bytes Foundation's encoder gives with sorted keys")
    func jsonValueBytes() throws {
        let values: [JSONValue] = [
            Self.sample.json, .array([]), .object([:]), .null, .string("line\nquote\" \u{1}"),
            .object(["z": .object(["b": .array([.object(["y": .int(-7), "x": .bool(true)])]), "a": .null]), "$ref": .string("#/x")]),
        ]
        let foundation = JSONEncoder()
        foundation.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for value in values {
            let streamed = try JSONStreamEncoder.encode(value)
            #expect(String(decoding: streamed, as: UTF8.self) == String(decoding: try foundation.encode(value), as: UTF8.self))
        }
        // Inside another value too (a member, an array element).
        let wrapped = ["schema": [Self.sample.json, .object(["k": .string("v")])]]
        #expect(try JSONStreamEncoder.encode(wrapped) == Array(try foundation.encode(wrapped)))
    }

    @Test("Members in encoding order, dictionary keys sorted, nested containers closed in place")
    func order() throws {
        let text = String(decoding: try JSONStreamEncoder.encode(Self.sample), as: UTF8.self)
        #expect(text.hasPrefix(#"{"zeta":-3,"alpha":"quote \" backslash \\ slash / newline \n tab \t bell \u0007 é ☃","inner":"#))
        #expect(text.contains(#""map":{"a":1,"b":2,"c":3}"#))
        #expect(text.contains(#""json":{"a":{},"k":[1,1.5,null,false,"s"]}"#))
        #expect(text.contains(#""weight":2.0"#))
        #expect(!text.contains("optional"))
        let custom = String(decoding: try JSONStreamEncoder.encode(Custom()), as: UTF8.self)
        #expect(custom == #"{"b":"second-declared, first written","nested":{"a":1},"list":[true,null],"none":null,"a":2.5}"#)
    }

    @Test("Top-level scalars, arrays and empty values")
    func topLevel() throws {
        #expect(try JSONStreamEncoder.encode("text") == Array(#""text""#.utf8))
        #expect(try JSONStreamEncoder.encode(42) == Array("42".utf8))
        #expect(try JSONStreamEncoder.encode([Inner]()) == Array("[]".utf8))
        #expect(try JSONStreamEncoder.encode(Empty()) == Array("{}".utf8))
        #expect(try JSONStreamEncoder.encode([String: String]()) == Array("{}".utf8))
        #expect(try JSONStreamEncoder.encode([Empty(), Empty()]) == Array("[{},{}]".utf8))
    }

    @Test("A number JSON cannot hold is an error")
    func nonFinite() {
        #expect(throws: EncodingError.self) { try JSONStreamEncoder.encode(Inner(name: "n", tags: [], weight: .nan)) }
        #expect(throws: EncodingError.self) { try JSONStreamEncoder.encode([Double.infinity]) }
    }
}
