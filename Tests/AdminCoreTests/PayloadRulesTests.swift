import Foundation
import Testing

@testable import AdminCore

@Suite("Handler payload rules")
struct PayloadRulesTests {
    // MARK: Descriptions against the real peer (expected-admin-view_h2c-accept-restate162.json)

    struct ExpectedHandler: Decodable {
        let input_description: String
        let output_description: String
        let has_input_json_schema: Bool
        let has_output_json_schema: Bool
    }

    struct ExpectedService: Decodable {
        let name: String
        let handlers: [String: ExpectedHandler]
    }

    struct ExpectedView: Decodable {
        let services: [ExpectedService]
    }

    @Test(arguments: ["body_manifest-v4_features-v4_bidi", "body_manifest-v4_features-v4_request-response", "body_manifest-v3_features-v3_bidi"])
    func descriptionsMatchTheExpectedAdminView(file: String) throws {
        let view = try JSONDecoder().decode(ExpectedView.self, from: ManifestFixtures.data("expected-admin-view_h2c-accept-restate162"))
        let manifest = try ManifestFixtures.manifest(file)
        var checked = 0
        for service in manifest.services {
            let expectedService = try #require(view.services.first { $0.name == service.name })
            for handler in service.handlers {
                let expected = try #require(expectedService.handlers[handler.name])
                let input = try PayloadRules.inputRules(service: service.name, handler: handler)
                let output = try PayloadRules.outputRules(service: service.name, handler: handler)
                #expect(input.description == expected.input_description, "\(service.name)/\(handler.name)")
                #expect(output.description == expected.output_description, "\(service.name)/\(handler.name)")
                #expect(PayloadRules.inputDescription(handler.input) == expected.input_description)
                #expect(PayloadRules.outputDescription(handler.output) == expected.output_description)
                #expect((input.jsonSchema != nil) == expected.has_input_json_schema, "\(service.name)/\(handler.name)")
                #expect((output.jsonSchema != nil) == expected.has_output_json_schema, "\(service.name)/\(handler.name)")
                try PayloadRules.validate(service: service.name, handler: handler)
                checked += 1
            }
        }
        #expect(checked == 10)
    }

    // MARK: Description table (DISCOVERY.md §6.1)

    struct InputCase: CustomTestStringConvertible, Sendable {
        let input: InputPayload?
        let description: String
        var testDescription: String { "\(String(describing: input)) → \(description)" }
    }

    static let inputCases: [InputCase] = [
        InputCase(input: nil, description: "*/*"),
        InputCase(input: InputPayload(), description: "none"),
        InputCase(input: InputPayload(required: true), description: "<invalid rules>"),
        InputCase(input: InputPayload(required: true, contentType: "application/json"), description: "application/json"),
        InputCase(input: InputPayload(contentType: "application/json"), description: "application/json"),
        InputCase(input: InputPayload(contentType: " text/* "), description: "text/*"),
        InputCase(input: InputPayload(contentType: "application/json; charset=utf-8"), description: "application/json; charset=utf-8"),
        InputCase(
            input: InputPayload(contentType: "application/json", jsonSchema: .object(["title": .string("T"), "type": .string("object")])),
            description: "JSON 'T'"),
        InputCase(input: InputPayload(contentType: "application/json", jsonSchema: .object(["type": .string("string")])), description: "JSON string"),
        InputCase(
            input: InputPayload(contentType: "application/json", jsonSchema: .object(["type": .array([.string("string"), .string("null")])])),
            description: "application/json"),
        InputCase(input: InputPayload(contentType: "*/*", jsonSchema: .bool(true)), description: "*/*"),
        InputCase(input: InputPayload(jsonSchema: .object(["title": .string("Ignored")])), description: "none"),
        InputCase(input: InputPayload(contentType: "nonsense"), description: "nonsense"),
    ]

    @Test(arguments: inputCases)
    func inputDescription(testCase: InputCase) {
        #expect(PayloadRules.inputDescription(testCase.input) == testCase.description)
    }

    struct OutputCase: CustomTestStringConvertible, Sendable {
        let output: OutputPayload?
        let description: String
        var testDescription: String { "\(String(describing: output)) → \(description)" }
    }

    static let outputCases: [OutputCase] = [
        OutputCase(output: nil, description: "application/json"),
        OutputCase(output: OutputPayload(), description: "none"),
        OutputCase(output: OutputPayload(setContentTypeIfEmpty: false), description: "none"),
        OutputCase(output: OutputPayload(setContentTypeIfEmpty: true, jsonSchema: .object(["title": .string("Dropped")])), description: "none"),
        OutputCase(output: OutputPayload(contentType: "application/proto", setContentTypeIfEmpty: true), description: "optional application/proto"),
        OutputCase(output: OutputPayload(contentType: "application/json", setContentTypeIfEmpty: false), description: "application/json"),
        OutputCase(
            output: OutputPayload(contentType: "application/json", setContentTypeIfEmpty: true, jsonSchema: .object(["title": .string("Greeting")])),
            description: "JSON 'Greeting'"),
        OutputCase(
            output: OutputPayload(contentType: "application/json", jsonSchema: .object(["type": .string("integer")])), description: "JSON integer"),
        OutputCase(output: OutputPayload(contentType: "application/octet-stream", jsonSchema: .bool(true)), description: "application/octet-stream"),
    ]

    @Test(arguments: outputCases)
    func outputDescription(testCase: OutputCase) {
        #expect(PayloadRules.outputDescription(testCase.output) == testCase.description)
    }

    @Test func ruleListDisplay() {
        #expect(InputRules(rules: []).description == "<invalid rules>")
        #expect(InputRules.default.description == "*/*")
        #expect(InputRules(rules: [.contentType(.mimeType("text")), .noBodyAndContentType]).description == "text/*")
        let three = InputRules(rules: [
            .noBodyAndContentType, .contentType(.any), .jsonValue(contentType: .mimeTypeAndSubtype("application", "json"), schema: nil),
        ])
        #expect(three.description == #"one of ["none", "*/*", "application/json"]"#)
        #expect(three.jsonSchema == nil)
        #expect(OutputRules.default.description == "application/json")
    }

    // MARK: Validation (VERSIONING.md R16)

    struct Invalid: CustomTestStringConvertible, Sendable {
        let label: String
        let handler: ManifestHandler
        let message: String
        var testDescription: String { label }
    }

    static let invalid: [Invalid] = [
        Invalid(
            label: "input content type without a slash",
            handler: ManifestHandler(name: "greet", input: InputPayload(contentType: "json")),
            message: "the handler 'greet' input content-type is not valid: can't parse the content-type 'json': must contain one /"
        ),
        Invalid(
            label: "input */subtype",
            handler: ManifestHandler(name: "greet", input: InputPayload(contentType: "*/json")),
            message:
                "the handler 'greet' input content-type is not valid: can't parse the content-type '*/json': the wildcard format */subType is not supported"
        ),
        Invalid(
            label: "input content type checked before its schema",
            handler: ManifestHandler(name: "greet", input: InputPayload(contentType: "json", jsonSchema: .int(5))),
            message: "the handler 'greet' input content-type is not valid: can't parse the content-type 'json': must contain one /"
        ),
        Invalid(
            label: "input schema not an object",
            handler: ManifestHandler(name: "greet", input: InputPayload(contentType: "application/json", jsonSchema: .int(5))),
            message: #"the json schema for Greeter/greet input is invalid: 5 is not of types "boolean", "object""#
        ),
        Invalid(
            label: "input schema with an external ref",
            handler: ManifestHandler(
                name: "greet",
                input: InputPayload(
                    contentType: "application/json",
                    jsonSchema: .object([
                        "properties": .object(["a": .object(["$ref": .string("https://example.com/a.json#/x")])])
                    ]))),
            message:
                "the json schema for Greeter/greet input is invalid: the schema contains an external reference https://example.com/a.json. This is not supported, all schemas uploaded to Restate should be normalized first, bundling the external references."
        ),
        Invalid(
            label: "input schema with a relative ref",
            handler: ManifestHandler(
                name: "greet", input: InputPayload(contentType: "application/json", jsonSchema: .object(["$ref": .string("other.json")]))),
            message:
                "the json schema for Greeter/greet input is invalid: the schema contains an external reference json-schema:///other.json. This is not supported, all schemas uploaded to Restate should be normalized first, bundling the external references."
        ),
        Invalid(
            label: "output schema not an object",
            handler: ManifestHandler(name: "greet", output: OutputPayload(contentType: "application/json", jsonSchema: .string("x"))),
            message: #"the json schema for Greeter/greet output is invalid: "x" is not of types "boolean", "object""#
        ),
        Invalid(
            label: "output content type not a header value",
            handler: ManifestHandler(name: "greet", output: OutputPayload(contentType: "application/json\n")),
            message: "the handler 'application/json\n' output content-type is not valid: failed to parse header value"
        ),
        Invalid(
            label: "output schema checked before the content type",
            handler: ManifestHandler(name: "greet", output: OutputPayload(contentType: "a\u{7F}", jsonSchema: .array([]))),
            message: #"the json schema for Greeter/greet output is invalid: [] is not of types "boolean", "object""#
        ),
        Invalid(
            label: "input checked before output",
            handler: ManifestHandler(name: "greet", input: InputPayload(contentType: "x"), output: OutputPayload(contentType: "\u{01}")),
            message: "the handler 'greet' input content-type is not valid: can't parse the content-type 'x': must contain one /"
        ),
    ]

    @Test(arguments: invalid)
    func rejected(testCase: Invalid) {
        #expect(throws: AdminError(.invalidArgument, testCase.message)) {
            try PayloadRules.validate(service: "Greeter", handler: testCase.handler)
        }
    }

    static let valid: [ManifestHandler] = [
        ManifestHandler(name: "h"),
        ManifestHandler(name: "h", input: InputPayload(contentType: " */* "), output: OutputPayload(contentType: "text/plain; charset=\u{00e9}")),
        ManifestHandler(name: "h", input: InputPayload(contentType: "a/b/c")),
        ManifestHandler(name: "h", input: InputPayload(jsonSchema: .int(5)), output: OutputPayload(jsonSchema: .int(5))),
        ManifestHandler(
            name: "h",
            input: InputPayload(
                contentType: "application/json",
                jsonSchema: .object([
                    "$defs": .object(["A": .object(["type": .string("string")])]),
                    "properties": .object(["a": .object(["$ref": .string("#/$defs/A")])]),
                    "examples": .array([.object(["$ref": .string("not-a-reference")])]),
                ]))),
        ManifestHandler(
            name: "h",
            output: OutputPayload(
                contentType: "application/json",
                jsonSchema: .object([
                    "$id": .string("https://example.com/root.json"),
                    "properties": .object(["a": .object(["$ref": .string("https://example.com/root.json#/$defs/A")])]),
                ]))),
        ManifestHandler(name: "h", output: OutputPayload(contentType: "application/json", jsonSchema: .bool(false))),
    ]

    @Test(arguments: valid)
    func accepted(handler: ManifestHandler) throws {
        try PayloadRules.validate(service: "S", handler: handler)
    }

    @Test func contentTypeParsing() throws {
        #expect(try InputContentType(parsing: "*/*") == .any)
        #expect(try InputContentType(parsing: "text/*") == .mimeType("text"))
        #expect(try InputContentType(parsing: "a/b/c") == .mimeTypeAndSubtype("a", "b/c"))
        #expect(try InputContentType(parsing: "a/b/c").description == "a/b/c")
        #expect(throws: AdminError(.invalidArgument, "can't parse the content-type '': must contain one /")) {
            try InputContentType(parsing: "")
        }
    }

    @Test func rulesCarryTheSchemas() throws {
        let handler = ManifestHandler(
            name: "h",
            input: InputPayload(required: true, contentType: "application/json", jsonSchema: .object(["type": .string("object")])),
            output: OutputPayload(contentType: "application/json", setContentTypeIfEmpty: true, jsonSchema: .bool(true))
        )
        let input = try PayloadRules.inputRules(service: "S", handler: handler)
        #expect(input.rules == [.jsonValue(contentType: .mimeTypeAndSubtype("application", "json"), schema: .object(["type": .string("object")]))])
        #expect(input.jsonSchema == .object(["type": .string("object")]))
        let output = try PayloadRules.outputRules(service: "S", handler: handler)
        #expect(output.contentTypeRule == .set(contentType: "application/json", setContentTypeIfEmpty: true))
        #expect(output.jsonSchema == .bool(true))
        #expect(output.description == "optional application/json")
    }
}
