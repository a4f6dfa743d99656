import Testing

@testable import AdminCore

/// Request bodies are parsed once, by the core's parser, and failures are worded and placed as
/// serde_json (through serde_path_to_error) words and places them.
@Suite("JSONBodyDecoder")
struct JSONBodyDecoderTests {
    struct Flags: Decodable { let force: Bool? }
    struct Named: Decodable { let name: String }
    struct Required: Decodable { let uri: String }
    struct Outer: Decodable { let a: Required }
    struct Small: Decodable { let n: UInt8 }
    struct Item: Decodable { let b: Int }
    struct Items: Decodable { let items: [Item] }
    struct Retention: Decodable { let retention: RestateDuration }
    struct Headers: Decodable { let additional_headers: AdditionalHeaders }

    struct Case: Sendable, CustomStringConvertible {
        let body: String
        let decode: @Sendable ([UInt8]) throws(JSONBodyError) -> Void
        let category: JSONBodyError.Category
        let message: String
        var description: String { body.debugDescription }
    }

    static func of<T: Decodable & Sendable>(_ type: T.Type) -> @Sendable ([UInt8]) throws(JSONBodyError) -> Void {
        { bytes throws(JSONBodyError) in _ = try JSONBodyDecoder.decode(T.self, from: bytes) }
    }

    static let cases: [Case] = [
        // Data errors: the last byte of the offending value.
        .init(
            body: #"{"force": "yes"}"#, decode: of(Flags.self), category: .data,
            message: #"force: invalid type: string "yes", expected a boolean at line 1 column 15"#),
        .init(
            body: #"{"force": 1}"#, decode: of(Flags.self), category: .data,
            message: "force: invalid type: integer `1`, expected a boolean at line 1 column 11"),
        .init(
            body: #"{"name": 123}"#, decode: of(Named.self), category: .data,
            message: "name: invalid type: integer `123`, expected a string at line 1 column 12"),
        .init(
            body: #"{"name": 1.5}"#, decode: of(Named.self), category: .data,
            message: "name: invalid type: floating point `1.5`, expected a string at line 1 column 12"),
        .init(
            body: #"{"name": true}"#, decode: of(Named.self), category: .data,
            message: "name: invalid type: boolean `true`, expected a string at line 1 column 13"),
        .init(
            body: #"{"name": null}"#, decode: of(Named.self), category: .data,
            message: "name: invalid type: null, expected a string at line 1 column 13"),
        // An object or array where a scalar belongs: the byte before it.
        .init(
            body: #"{"name": {"x": 1}}"#, decode: of(Named.self), category: .data,
            message: "name: invalid type: map, expected a string at line 1 column 9"),
        .init(
            body: #"{"name": [1]}"#, decode: of(Named.self), category: .data,
            message: "name: invalid type: sequence, expected a string at line 1 column 9"),
        // A missing field: the object's closing brace, the object's path.
        .init(body: "{}", decode: of(Required.self), category: .data, message: "missing field `uri` at line 1 column 2"),
        .init(body: #"{"other": 1}"#, decode: of(Required.self), category: .data, message: "missing field `uri` at line 1 column 12"),
        .init(body: "{\n  \"other\": 1\n}", decode: of(Required.self), category: .data, message: "missing field `uri` at line 3 column 1"),
        .init(body: #"{"a": {}}"#, decode: of(Outer.self), category: .data, message: "a: missing field `uri` at line 1 column 8"),
        .init(body: #"[1]"#, decode: of(Required.self), category: .data, message: "invalid type: sequence, expected a map at line 1 column 0"),
        // Ranges, elements, custom errors.
        .init(
            body: #"{"n": 300}"#, decode: of(Small.self), category: .data, message: "n: invalid value: integer `300`, expected u8 at line 1 column 9"),
        .init(
            body: #"{"items": [{"b": 1}, {"b": "x"}]}"#, decode: of(Items.self), category: .data,
            message: #"items[1].b: invalid type: string "x", expected i64 at line 1 column 30"#),
        .init(
            body: #"{"retention": "abc"}"#, decode: of(Retention.self), category: .data,
            message: #"retention: failed to parse input in the "friendly" duration format: expected duration to start with a unit "#
                + "value (a decimal integer) after an optional sign, but no integer was found at line 1 column 19"),
        .init(
            body: #"{"additional_headers": {"bad name": "v"}}"#, decode: of(Headers.self), category: .data,
            message: "additional_headers: invalid header name 'bad name': a header name is 1 to 65535 letters, digits or any of "
                + "!#$%&'*+-.^_`|~ at line 1 column 40"),
        .init(
            body: #"{"additional_headers": {"x-a": 1}}"#, decode: of(Headers.self), category: .data,
            message: "additional_headers.x-a: invalid type: integer `1`, expected a string at line 1 column 32"),
        // Syntax errors: the real line and column, and the path they happened under.
        .init(body: "", decode: of(Flags.self), category: .syntax, message: "EOF while parsing a value at line 1 column 0"),
        .init(body: "   ", decode: of(Flags.self), category: .syntax, message: "EOF while parsing a value at line 1 column 3"),
        .init(body: "{not json", decode: of(Flags.self), category: .syntax, message: "key must be a string at line 1 column 2"),
        .init(body: #"{"force": tru}"#, decode: of(Flags.self), category: .syntax, message: "force: expected ident at line 1 column 14"),
        .init(
            body: "{\n  \"force\": true,\n  \"x\": nul\n}", decode: of(Flags.self), category: .syntax,
            message: "x: expected ident at line 3 column 11"),
        .init(body: #"{"force": true} x"#, decode: of(Flags.self), category: .syntax, message: "trailing characters at line 1 column 17"),
        .init(body: #"{"force": true,}"#, decode: of(Flags.self), category: .syntax, message: "trailing comma at line 1 column 16"),
        .init(
            body: #"{"additional_headers": {"a": "b",}}"#, decode: of(Headers.self), category: .syntax,
            message: "additional_headers.?: trailing comma at line 1 column 34"),
        .init(body: #"{"items": [1,]}"#, decode: of(Items.self), category: .syntax, message: "items[1]: trailing comma at line 1 column 14"),
    ]

    @Test("Messages and positions", arguments: cases)
    func failure(_ scenario: Case) throws {
        let error = try #require(throws: JSONBodyError.self) { try scenario.decode(Array(scenario.body.utf8)) }
        #expect(error.category == scenario.category)
        #expect(error.description == scenario.message)
    }

    @Test("A valid body decodes; a repeated key keeps its last value")
    func success() throws {
        #expect(try JSONBodyDecoder.decode(Flags.self, from: Array(#"{"force": false, "force": true}"#.utf8)).force == true)
        #expect(try JSONBodyDecoder.decode(Flags.self, from: Array(#"{"other": [1, {"x": null}]}"#.utf8)).force == nil)
        #expect(try JSONBodyDecoder.decode(Items.self, from: Array(#"{"items": [{"b": -3}]}"#.utf8)).items.map(\.b) == [-3])
    }

    @Test("An error a type throws as JSONBodyError passes through unchanged")
    func passThrough() throws {
        struct Refuses: Decodable {
            init(from decoder: any Decoder) throws { throw JSONBodyError(category: .data, message: "no variant matched") }
        }
        let error = try #require(throws: JSONBodyError.self) { try JSONBodyDecoder.decode(Refuses.self, from: Array("{}".utf8)) }
        #expect(error.description == "no variant matched")
    }
}
