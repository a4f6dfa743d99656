import Foundation
import Testing

@testable import AdminCore

@Suite("Endpoint manifest decoding")
struct ManifestDecodingTests {
    // MARK: Real SDK captures

    @Test(arguments: ManifestFixtures.manifestFiles)
    func realCapturesDecode(file: String) throws {
        let manifest = try ManifestFixtures.manifest(file)
        #expect(manifest.minProtocolVersion == 5)
        #expect(manifest.maxProtocolVersion == 7)
        #expect(manifest.services.map(\.name) == ["Greeter", "Counter", "SignupWorkflow"])
        #expect(manifest.services.map(\.ty) == [.service, .virtualObject, .workflow])
        #expect(manifest.services.flatMap(\.handlers).count == 10)
        #expect(manifest.lambdaCompression == nil)
        // Encoding and decoding again gives the same manifest.
        #expect(try EndpointManifest.decode(manifest.encoded()) == manifest)
    }

    @Test func v4CaptureContent() throws {
        let manifest = try ManifestFixtures.manifest("body_manifest-v4_features-v4_bidi")
        #expect(manifest.protocolMode == .bidiStream)
        let greeter = try #require(manifest.services.first)
        #expect(greeter.documentation == "Says hello. Plain (stateless) service used as a discovery peer.")
        #expect(greeter.metadata == ["team": "swift-admin", "purpose": "discovery-peer"])
        #expect(greeter.inactivityTimeoutMs == 90_000)
        #expect(greeter.abortTimeoutMs == 120_000)
        #expect(greeter.journalRetentionMs == 3_600_000)
        #expect(greeter.idempotencyRetentionMs == 172_800_000)
        #expect(
            greeter.retryPolicy
                == ManifestRetryPolicy(
                    initialIntervalMs: 250, maxIntervalMs: 30_000, maxAttempts: 10, exponentiationFactor: 1.5, onMaxAttempts: .pause
                ))
        let greet = greeter.handlers[0]
        #expect(greet.name == "greet")
        #expect(greet.ty == nil)
        #expect(greet.input?.required == false)
        #expect(greet.input?.contentType == "application/json")
        #expect(greet.input?.jsonSchema?["title"] == .string("GreetingRequest"))
        #expect(greet.output?.setContentTypeIfEmpty == false)
        #expect(greet.metadata == ["kind": "pydantic"])
        let raw = greeter.handlers[2]
        #expect(raw.input?.jsonSchema == .bool(true))
        let ping = greeter.handlers[3]
        #expect(ping.input == InputPayload())
        #expect(ping.inactivityTimeoutMs == 5_000)
        #expect(ping.ingressPrivate == true)
        let counter = manifest.services[1]
        #expect(counter.handlers.map(\.ty) == [.exclusive, .shared, .exclusive])
        #expect(counter.enableLazyState == true)
        let workflow = manifest.services[2]
        let run = try #require(workflow.handlers.first { $0.ty == .workflow })
        #expect(run.workflowCompletionRetentionMs != nil)
        #expect(run.retryPolicy.onMaxAttempts == .kill)
    }

    @Test func v2CaptureHasNoV3Fields() throws {
        let manifest = try ManifestFixtures.manifest("body_manifest-v2_features-v2_request-response")
        #expect(manifest.protocolMode == .requestResponse)
        for service in manifest.services {
            #expect(service.inactivityTimeoutMs == nil)
            #expect(service.ingressPrivate == nil)
            #expect(service.retryPolicy.isEmpty)
            #expect(service.documentation != nil)
        }
    }

    @Test func v3CaptureHasNoRetryPolicy() throws {
        let manifest = try ManifestFixtures.manifest("body_manifest-v3_features-v3_bidi")
        #expect(manifest.services.allSatisfy { $0.retryPolicy.isEmpty && $0.handlers.allSatisfy { $0.retryPolicy.isEmpty } })
        #expect(manifest.services[0].inactivityTimeoutMs == 90_000)
    }

    @Test func minimalV1Manifest() throws {
        let body =
            #"{"protocolMode":"REQUEST_RESPONSE","minProtocolVersion":1,"maxProtocolVersion":2,"services":[{"name":"greeter.Greeter","ty":"SERVICE","handlers":[{"name":"greet","input":{"required":true,"contentType":"application/json","jsonSchema":true},"output":{"contentType":"application/json"}}]}]}"#
        let manifest = try EndpointManifest.decode(Data(body.utf8))
        #expect(
            manifest
                == EndpointManifest(
                    protocolMode: .requestResponse, minProtocolVersion: 1, maxProtocolVersion: 2,
                    services: [
                        ManifestService(
                            name: "greeter.Greeter", ty: .service,
                            handlers: [
                                ManifestHandler(
                                    name: "greet",
                                    input: InputPayload(required: true, contentType: "application/json", jsonSchema: .bool(true)),
                                    output: OutputPayload(contentType: "application/json")
                                )
                            ])
                    ]
                ))
    }

    @Test func v4LambdaCompressionAndEmptyLists() throws {
        let body =
            #"{"minProtocolVersion":5,"maxProtocolVersion":6,"services":[{"name":"A","ty":"WORKFLOW","handlers":[]}],"lambdaCompression":"zstd"}"#
        let manifest = try EndpointManifest.decode(Data(body.utf8))
        #expect(manifest.lambdaCompression == .zstd)
        #expect(manifest.protocolMode == nil)
        #expect(manifest.services[0].handlers.isEmpty)
        let empty = try EndpointManifest.decode(Data(#"{"minProtocolVersion":5,"maxProtocolVersion":6,"services":[]}"#.utf8))
        #expect(empty.services.isEmpty)
    }

    @Test func nullCountsAsAbsent() throws {
        let body =
            #"{"protocolMode":null,"minProtocolVersion":5,"maxProtocolVersion":6,"services":[{"name":"A","ty":"VIRTUAL_OBJECT","documentation":null,"handlers":[{"name":"h","ty":null,"input":{"contentType":"application/json","jsonSchema":null},"output":null,"inactivityTimeout":null}]}]}"#
        let manifest = try EndpointManifest.decode(Data(body.utf8))
        let handler = manifest.services[0].handlers[0]
        #expect(manifest.protocolMode == nil)
        #expect(manifest.services[0].documentation == nil)
        #expect(handler.ty == nil)
        #expect(handler.input == InputPayload(contentType: "application/json"))
        #expect(handler.output == nil)
        #expect(handler.inactivityTimeoutMs == nil)
    }

    @Test func largeAndZeroIntegers() throws {
        let body =
            #"{"minProtocolVersion":18446744073709551615,"maxProtocolVersion":18446744073709551615,"services":[{"name":"A","ty":"SERVICE","handlers":[],"inactivityTimeout":0,"retryPolicyMaxAttempts":0,"retryPolicyExponentiationFactor":2}]}"#
        let manifest = try EndpointManifest.decode(Data(body.utf8))
        #expect(manifest.minProtocolVersion == .max)
        #expect(manifest.services[0].inactivityTimeoutMs == 0)
        #expect(manifest.services[0].retryPolicy.maxAttempts == 0)
        #expect(manifest.services[0].retryPolicy.exponentiationFactor == 2)
        #expect(try EndpointManifest.decode(manifest.encoded()) == manifest)
    }

    // MARK: Errors

    struct Failure: CustomTestStringConvertible, Sendable {
        let label: String
        let body: String
        let reason: String
        var testDescription: String { label }
    }

    static let service = #""name":"Greeter","ty":"SERVICE""#
    static let header = #""protocolMode":"BIDI_STREAM","minProtocolVersion":5,"maxProtocolVersion":6"#

    static let failures: [Failure] = [
        Failure(label: "missing max", body: #"{"minProtocolVersion":5,"services":[]}"#, reason: "missing field `maxProtocolVersion`"),
        Failure(label: "missing min", body: #"{"maxProtocolVersion":5,"services":[]}"#, reason: "missing field `minProtocolVersion`"),
        Failure(label: "missing services", body: #"{"minProtocolVersion":5,"maxProtocolVersion":6}"#, reason: "missing field `services`"),
        Failure(
            label: "missing service ty", body: #"{\#(header),"services":[{"name":"A","handlers":[]}]}"#, reason: "services[0]: missing field `ty`"),
        Failure(
            label: "missing service name", body: #"{\#(header),"services":[{"ty":"SERVICE","handlers":[]}]}"#,
            reason: "services[0]: missing field `name`"),
        Failure(label: "missing handlers", body: #"{\#(header),"services":[{\#(service)}]}"#, reason: "services[0]: missing field `handlers`"),
        Failure(
            label: "missing handler name", body: #"{\#(header),"services":[{\#(service),"handlers":[{"ty":"SHARED"}]}]}"#,
            reason: "services[0].handlers[0]: missing field `name`"),
        Failure(
            label: "unknown top-level field", body: #"{\#(header),"services":[],"foo":1}"#,
            reason: "unknown field `foo`, expected one of `lambdaCompression`, `maxProtocolVersion`, `minProtocolVersion`, `protocolMode`, `services`"
        ),
        Failure(
            label: "unknown service field (v5 eagerStateKeysWhitelist)",
            body: #"{\#(header),"services":[{\#(service),"handlers":[],"eagerStateKeysWhitelist":[]}]}"#,
            reason:
                "services[0]: unknown field `eagerStateKeysWhitelist`, expected one of `abortTimeout`, `documentation`, `enableLazyState`, `handlers`, `idempotencyRetention`, `inactivityTimeout`, `ingressPrivate`, `journalRetention`, `metadata`, `name`, `retryPolicyExponentiationFactor`, `retryPolicyInitialInterval`, `retryPolicyMaxAttempts`, `retryPolicyMaxInterval`, `retryPolicyOnMaxAttempts`, `ty`"
        ),
        Failure(
            label: "unknown input field", body: #"{\#(header),"services":[{\#(service),"handlers":[{"name":"h","input":{"foo":true}}]}]}"#,
            reason: "services[0].handlers[0].input: unknown field `foo`, expected one of `contentType`, `jsonSchema`, `required`"
        ),
        Failure(
            label: "unknown output field", body: #"{\#(header),"services":[{\#(service),"handlers":[{"name":"h","output":{"required":true}}]}]}"#,
            reason: "services[0].handlers[0].output: unknown field `required`, expected one of `contentType`, `jsonSchema`, `setContentTypeIfEmpty`"
        ),
        Failure(
            label: "workflowCompletionRetention on a service",
            body: #"{\#(header),"services":[{\#(service),"handlers":[],"workflowCompletionRetention":1}]}"#,
            reason:
                "services[0]: unknown field `workflowCompletionRetention`, expected one of `abortTimeout`, `documentation`, `enableLazyState`, `handlers`, `idempotencyRetention`, `inactivityTimeout`, `ingressPrivate`, `journalRetention`, `metadata`, `name`, `retryPolicyExponentiationFactor`, `retryPolicyInitialInterval`, `retryPolicyMaxAttempts`, `retryPolicyMaxInterval`, `retryPolicyOnMaxAttempts`, `ty`"
        ),
        Failure(
            label: "duplicate field", body: #"{\#(header),"services":[{\#(service),"name":"B","handlers":[]}]}"#,
            reason: "services[0]: duplicate field `name`"),
        Failure(
            label: "bad service name", body: #"{\#(header),"services":[{"name":"1svc","ty":"SERVICE","handlers":[]}]}"#,
            reason: #"services[0].name: "1svc" doesn't match pattern "^([a-zA-Z]|_[a-zA-Z0-9])[a-zA-Z0-9._-]*$""#
        ),
        Failure(
            label: "bad handler name", body: #"{\#(header),"services":[{\#(service),"handlers":[{"name":"greet"},{"name":"greet-me"}]}]}"#,
            reason: #"services[0].handlers[1].name: "greet-me" doesn't match pattern "^([a-zA-Z]|_[a-zA-Z0-9])[a-zA-Z0-9_]*$""#
        ),
        Failure(
            label: "name not a string", body: #"{\#(header),"services":[{"name":7,"ty":"SERVICE","handlers":[]}]}"#,
            reason: "services[0].name: invalid type: integer `7`, expected a string"
        ),
        Failure(
            label: "float duration", body: #"{\#(header),"services":[{\#(service),"handlers":[],"inactivityTimeout":1000.0}]}"#,
            reason: "services[0].inactivityTimeout: invalid type: floating point `1000.0`, expected u64"
        ),
        Failure(
            label: "exponent duration", body: #"{\#(header),"services":[{\#(service),"handlers":[{"name":"h","abortTimeout":1e3}]}]}"#,
            reason: "services[0].handlers[0].abortTimeout: invalid type: floating point `1000.0`, expected u64"
        ),
        Failure(
            label: "negative duration", body: #"{\#(header),"services":[{\#(service),"handlers":[],"journalRetention":-1}]}"#,
            reason: "services[0].journalRetention: invalid value: integer `-1`, expected u64"
        ),
        Failure(
            label: "string duration", body: #"{\#(header),"services":[{\#(service),"handlers":[],"retryPolicyMaxInterval":"10s"}]}"#,
            reason: #"services[0].retryPolicyMaxInterval: invalid type: string "10s", expected u64"#
        ),
        Failure(
            label: "protocol version 0", body: #"{"minProtocolVersion":0,"maxProtocolVersion":6,"services":[]}"#,
            reason: "minProtocolVersion: invalid value: integer `0`, expected a nonzero u64"),
        Failure(
            label: "protocol version float", body: #"{"minProtocolVersion":5,"maxProtocolVersion":6.0,"services":[]}"#,
            reason: "maxProtocolVersion: invalid type: floating point `6.0`, expected a nonzero u64"),
        Failure(
            label: "protocol version string", body: #"{"minProtocolVersion":"5","maxProtocolVersion":6,"services":[]}"#,
            reason: #"minProtocolVersion: invalid type: string "5", expected a nonzero u64"#),
        Failure(
            label: "integer above u64", body: #"{"minProtocolVersion":18446744073709551616,"maxProtocolVersion":6,"services":[]}"#,
            reason: "minProtocolVersion: invalid type: floating point `18446744073709552000.0`, expected a nonzero u64"
        ),
        Failure(
            label: "lower-case protocol mode", body: #"{"protocolMode":"bidi_stream","minProtocolVersion":5,"maxProtocolVersion":6,"services":[]}"#,
            reason: "protocolMode: unknown variant `bidi_stream`, expected `BIDI_STREAM` or `REQUEST_RESPONSE`"
        ),
        Failure(
            label: "unknown service type", body: #"{\#(header),"services":[{"name":"A","ty":"OBJECT","handlers":[]}]}"#,
            reason: "services[0].ty: unknown variant `OBJECT`, expected one of `VIRTUAL_OBJECT`, `SERVICE`, `WORKFLOW`"
        ),
        Failure(
            label: "unknown handler type", body: #"{\#(header),"services":[{\#(service),"handlers":[{"name":"h","ty":"Shared"}]}]}"#,
            reason: "services[0].handlers[0].ty: unknown variant `Shared`, expected one of `WORKFLOW`, `EXCLUSIVE`, `SHARED`"
        ),
        Failure(
            label: "unknown on-max-attempts", body: #"{\#(header),"services":[{\#(service),"handlers":[],"retryPolicyOnMaxAttempts":"pause"}]}"#,
            reason: "services[0].retryPolicyOnMaxAttempts: unknown variant `pause`, expected `PAUSE` or `KILL`"
        ),
        Failure(
            label: "unknown compression", body: #"{\#(header),"services":[],"lambdaCompression":"gzip"}"#,
            reason: "lambdaCompression: unknown variant `gzip`, expected `zstd`"
        ),
        Failure(
            label: "metadata value not a string", body: #"{\#(header),"services":[{\#(service),"handlers":[],"metadata":{"team":1}}]}"#,
            reason: "services[0].metadata.team: invalid type: integer `1`, expected a string"
        ),
        Failure(
            label: "metadata not an object", body: #"{\#(header),"services":[{\#(service),"handlers":[],"metadata":["a"]}]}"#,
            reason: "services[0].metadata: invalid type: sequence, expected a map"
        ),
        Failure(
            label: "boolean as string", body: #"{\#(header),"services":[{\#(service),"handlers":[{"name":"h","input":{"required":"true"}}]}]}"#,
            reason: #"services[0].handlers[0].input.required: invalid type: string "true", expected a boolean"#
        ),
        Failure(
            label: "exponentiation factor as string",
            body: #"{\#(header),"services":[{\#(service),"handlers":[],"retryPolicyExponentiationFactor":"2"}]}"#,
            reason: #"services[0].retryPolicyExponentiationFactor: invalid type: string "2", expected f64"#
        ),
        Failure(label: "services not a list", body: #"{\#(header),"services":{}}"#, reason: "services: invalid type: map, expected a sequence"),
        Failure(
            label: "service not an object", body: #"{\#(header),"services":["Greeter"]}"#,
            reason: #"services[0]: invalid type: string "Greeter", expected struct Service"#),
        Failure(label: "top level array", body: "[]", reason: "invalid type: sequence, expected struct Endpoint"),
        Failure(label: "empty body", body: "", reason: "EOF while parsing a value at line 1 column 0"),
        Failure(label: "truncated", body: #"{"minProtocolVersion":5"#, reason: "EOF while parsing an object at line 1 column 23"),
        Failure(
            label: "trailing characters", body: #"{"minProtocolVersion":5,"maxProtocolVersion":6,"services":[]} x"#,
            reason: "trailing characters at line 1 column 63"),
        Failure(label: "trailing comma", body: "{\"services\":[],}", reason: "trailing comma at line 1 column 16"),
        Failure(label: "not JSON", body: "<html>", reason: "expected value at line 1 column 1"),
        Failure(label: "leading zero", body: #"{"minProtocolVersion":05}"#, reason: "invalid number at line 1 column 24"),
    ]

    @Test(arguments: failures)
    func decodeErrors(failure: Failure) {
        do {
            let manifest = try EndpointManifest.decode(Data(failure.body.utf8))
            Issue.record("decoded unexpectedly: \(manifest)")
        } catch {
            #expect(error.kind == .discovery)
            #expect(error.code == nil)
            #expect(error.message == ManifestFixtures.decodeMessage(failure.reason, failure.body))
        }
    }

    // MARK: Names (VERSIONING.md R8)

    @Test(arguments: ["greeter.Greeter", "my-svc.v1_x", "_1svc", "A", "_a", "Counter"])
    func validServiceNames(name: String) {
        #expect(ManifestService.isValidName(name))
    }

    @Test(arguments: ["1svc", "_", "-svc", ".svc", "my svc", "", "é", "_-x", "svc/x"])
    func invalidServiceNames(name: String) {
        #expect(!ManifestService.isValidName(name))
    }

    @Test(arguments: ["greet", "greetAgain", "do_something", "_1x", "x__"])
    func validHandlerNames(name: String) {
        #expect(ManifestHandler.isValidName(name))
    }

    @Test(arguments: ["greet-me", "greet.me", "1x", "_", "", "greet me"])
    func invalidHandlerNames(name: String) {
        #expect(!ManifestHandler.isValidName(name))
    }

    // MARK: JSON values

    @Test func jsonValueRoundTrips() throws {
        let text = #"{"a":[1,-2,2.5,true,null,"x\n\"y\"","\u00e9\ud83d\ude00"],"b":{"c":{}}}"#
        let value = try JSONValue.parse(Data(text.utf8))
        #expect(value["a"] == .array([.int(1), .int(-2), .double(2.5), .bool(true), .null, .string("x\n\"y\""), .string("é😀")]))
        #expect(try JSONValue.parse(Data(value.jsonText.utf8)) == value)
        let decoded = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
        #expect(decoded == value)
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data("[1, 1.5, false]".utf8)) == .array([.int(1), .double(1.5), .bool(false)]))
    }

    @Test func jsonParserLimits() {
        let deep = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        #expect(throws: AdminError.self) { try JSONValue.parse(Data(deep.utf8)) }
        #expect(throws: AdminError.self) { try JSONValue.parse(Data("\"\\ud800\"".utf8)) }
        #expect(throws: AdminError.self) { try JSONValue.parse(Data([0x22, 0xFF, 0x22])) }
        #expect(throws: AdminError.self) { try JSONValue.parse(Data("\"a\u{01}\"".utf8)) }
        #expect(throws: AdminError.self) { try JSONValue.parse(Data("tru".utf8)) }
    }

    @Test func rustFloatRendering() {
        #expect(JSONWriter.rustFloat(1000) == "1000.0")
        #expect(JSONWriter.rustFloat(1.5) == "1.5")
        #expect(JSONWriter.rustFloat(-2.25) == "-2.25")
        #expect(JSONWriter.rustFloat(1e-7) == "0.0000001")
        #expect(JSONWriter.rustFloat(18_446_744_073_709_551_616) == "18446744073709552000.0")
        #expect(JSONWriter.rustFloat(1.25e20) == "125000000000000000000.0")
        #expect(JSONWriter.rustFloat(-0.0) == "-0.0")
    }
}
