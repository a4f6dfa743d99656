import AdminHTTPTestSupport
import AdminTestSupport
import Foundation
import Testing

@testable import AdminCore
@testable import AdminHTTP

/// `GET /services/{service}/openapi` against Restate 1.6.2's ingress OpenAPI generator
/// (`crates/types/src/schema/metadata/openapi.rs`).
@Suite(.capturingLogs)
struct ServiceOpenAPITests {
    /// One service, registered alone, and what its document must contain.
    struct Scenario: CustomTestStringConvertible, Sendable {
        let name: String
        /// The service as it appears in the discovery manifest (JSON text).
        let manifest: String
        /// Every operation, one line each: `METHOD path | operationId | summary | parameter refs |
        /// tags | status:response ref (or "handler") | description`, sorted.
        let operations: [String]
        /// Per described handler: its `requestBody` (when any) and its `200` response (JSON text).
        let payloads: String
        /// `components.schemas` without `RestateError` (JSON text).
        let schemas: String

        var testDescription: String { name }
    }

    static let scenarios: [Scenario] = [
        Scenario(
            name: "JSON schema input and output",
            manifest: #"""
                {"name": "Greeter", "ty": "SERVICE", "handlers": [{"name": "greet", "documentation": "Greets someone",
                  "input": {"contentType": "application/json", "required": true, "jsonSchema": {"type": "object",
                    "properties": {"name": {"$ref": "#/$defs/Name"}, "self": {"$ref": "#"}},
                    "$defs": {"Name": {"type": "string"}}}},
                  "output": {"contentType": "application/json", "jsonSchema": {"type": "array", "items": {"$ref": "#/$defs/Item"},
                    "$defs": {"Item": {"type": "integer"}}}}}]}
                """#,
            operations: [
                "GET /restate/invocation/Greeter/greet/{idempotencyKey}/attach | greetAttach | greet | idempotencyKeyPath | Attach | 200:handler 404:InvocationNotFoundError default:GenericError | Greets someone",
                "GET /restate/invocation/Greeter/greet/{idempotencyKey}/output | greetOutput | greet | idempotencyKeyPath | Get Output | 200:handler 404:InvocationNotFoundError 470:InvocationNotReadyError default:GenericError | Greets someone",
                "POST /Greeter/greet | greet | greet | idempotencyKeyHeader | - | 200:handler default:GenericError | Greets someone",
                "POST /Greeter/greet/send | greetSend | greet | idempotencyKeyHeader delay | Send | 200:Send 202:Send default:GenericError | Greets someone",
            ],
            payloads: #"""
                {"greet": {
                  "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/greetRequest"}}}},
                  "response": {"description": "", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/greetResponse"}}}}}}
                """#,
            schemas: #"""
                {"greetRequest": {"type": "object", "$defs": {"Name": {"type": "string"}}, "properties": {
                    "name": {"$ref": "#/components/schemas/greetRequest/$defs/Name"},
                    "self": {"$ref": "#/components/schemas/greetRequest"}}},
                 "greetResponse": {"type": "array", "items": {"$ref": "#/components/schemas/greetResponse/$defs/Item"},
                    "$defs": {"Item": {"type": "integer"}}}}
                """#
        ),
        Scenario(
            name: "no input and no output",
            manifest: #"""
                {"name": "Pinger", "ty": "SERVICE", "handlers": [{"name": "ping", "documentation": "Pings", "input": {}, "output": {}},
                  {"name": "poke", "documentation": "Pokes", "input": {"required": true}, "output": {"setContentTypeIfEmpty": true}}]}
                """#,
            operations: [
                "GET /restate/invocation/Pinger/ping/{idempotencyKey}/attach | pingAttach | ping | idempotencyKeyPath | Attach | 200:handler 404:InvocationNotFoundError default:GenericError | Pings",
                "GET /restate/invocation/Pinger/ping/{idempotencyKey}/output | pingOutput | ping | idempotencyKeyPath | Get Output | 200:handler 404:InvocationNotFoundError 470:InvocationNotReadyError default:GenericError | Pings",
                "GET /restate/invocation/Pinger/poke/{idempotencyKey}/attach | pokeAttach | poke | idempotencyKeyPath | Attach | 200:handler 404:InvocationNotFoundError default:GenericError | Pokes",
                "GET /restate/invocation/Pinger/poke/{idempotencyKey}/output | pokeOutput | poke | idempotencyKeyPath | Get Output | 200:handler 404:InvocationNotFoundError 470:InvocationNotReadyError default:GenericError | Pokes",
                "POST /Pinger/ping | ping | ping | idempotencyKeyHeader | - | 200:handler default:GenericError | Pings",
                "POST /Pinger/ping/send | pingSend | ping | idempotencyKeyHeader delay | Send | 200:Send 202:Send default:GenericError | Pings",
                "POST /Pinger/poke | poke | poke | idempotencyKeyHeader | - | 200:handler default:GenericError | Pokes",
                "POST /Pinger/poke/send | pokeSend | poke | idempotencyKeyHeader delay | Send | 200:Send 202:Send default:GenericError | Pokes",
            ],
            payloads: #"""
                {"ping": {"response": {"description": "Empty"}}, "poke": {"response": {"description": "Empty"}}}
                """#,
            schemas: "{}"
        ),
        Scenario(
            name: "non-JSON and undeclared content types",
            manifest: #"""
                {"name": "Blobs", "ty": "SERVICE", "handlers": [
                  {"name": "put", "documentation": "Put", "input": {"contentType": "application/octet-stream", "required": true},
                   "output": {"contentType": "text/plain", "setContentTypeIfEmpty": true}},
                  {"name": "image", "documentation": "Image", "input": {"contentType": " image/* "}, "output": {"contentType": "image/png"}},
                  {"name": "doc", "documentation": "Doc", "input": {"contentType": "application/vnd.api+json", "jsonSchema": {"type": "object"}},
                   "output": {"contentType": "application/vnd.api+json"}},
                  {"name": "raw", "documentation": "Raw"}]}
                """#,
            operations: ["doc", "image", "put", "raw"].flatMap { handler -> [String] in
                let text = handler.prefix(1).uppercased() + handler.dropFirst()
                return [
                    "GET /restate/invocation/Blobs/\(handler)/{idempotencyKey}/attach | \(handler)Attach | \(handler) | idempotencyKeyPath | Attach | 200:handler 404:InvocationNotFoundError default:GenericError | \(text)",
                    "GET /restate/invocation/Blobs/\(handler)/{idempotencyKey}/output | \(handler)Output | \(handler) | idempotencyKeyPath | Get Output | 200:handler 404:InvocationNotFoundError 470:InvocationNotReadyError default:GenericError | \(text)",
                    "POST /Blobs/\(handler) | \(handler) | \(handler) | idempotencyKeyHeader | - | 200:handler default:GenericError | \(text)",
                    "POST /Blobs/\(handler)/send | \(handler)Send | \(handler) | idempotencyKeyHeader delay | Send | 200:Send 202:Send default:GenericError | \(text)",
                ]
            }.sorted(),
            payloads: #"""
                {"put": {"requestBody": {"required": true, "content": {"application/octet-stream": {}}},
                         "response": {"description": "", "content": {"text/plain": {}}}},
                 "image": {"requestBody": {"required": false, "content": {"image/*": {}}},
                           "response": {"description": "", "content": {"image/png": {}}}},
                 "doc": {"requestBody": {"required": false, "content": {"application/vnd.api+json": {"schema": {"$ref": "#/components/schemas/docRequest"}}}},
                         "response": {"description": "", "content": {"application/vnd.api+json": {}}}},
                 "raw": {"requestBody": {"required": false, "content": {"*/*": {}}},
                         "response": {"description": "", "content": {"application/json": {}}}}}
                """#,
            schemas: #"{"docRequest": {"type": "object"}}"#
        ),
        Scenario(
            name: "virtual object: key parameter",
            manifest: #"""
                {"name": "Counter", "ty": "VIRTUAL_OBJECT", "handlers": [
                  {"name": "add", "ty": "EXCLUSIVE", "documentation": "Adds",
                   "input": {"contentType": "application/json", "jsonSchema": true},
                   "output": {"contentType": "application/json", "jsonSchema": true}},
                  {"name": "get", "ty": "SHARED", "documentation": "Reads"}]}
                """#,
            operations: [
                "GET /restate/invocation/Counter/{key}/add/{idempotencyKey}/attach | addAttach | add | key idempotencyKeyPath | Attach | 200:handler 404:InvocationNotFoundError default:GenericError | Adds",
                "GET /restate/invocation/Counter/{key}/add/{idempotencyKey}/output | addOutput | add | key idempotencyKeyPath | Get Output | 200:handler 404:InvocationNotFoundError 470:InvocationNotReadyError default:GenericError | Adds",
                "GET /restate/invocation/Counter/{key}/get/{idempotencyKey}/attach | getAttach | get | key idempotencyKeyPath | Attach | 200:handler 404:InvocationNotFoundError default:GenericError | Reads",
                "GET /restate/invocation/Counter/{key}/get/{idempotencyKey}/output | getOutput | get | key idempotencyKeyPath | Get Output | 200:handler 404:InvocationNotFoundError 470:InvocationNotReadyError default:GenericError | Reads",
                "POST /Counter/{key}/add | add | add | key idempotencyKeyHeader | - | 200:handler default:GenericError | Adds",
                "POST /Counter/{key}/add/send | addSend | add | key idempotencyKeyHeader delay | Send | 200:Send 202:Send default:GenericError | Adds",
                "POST /Counter/{key}/get | get | get | key idempotencyKeyHeader | - | 200:handler default:GenericError | Reads",
                "POST /Counter/{key}/get/send | getSend | get | key idempotencyKeyHeader delay | Send | 200:Send 202:Send default:GenericError | Reads",
            ],
            payloads: #"""
                {"add": {"requestBody": {"required": false, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/addRequest"}}}},
                         "response": {"description": "", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/addResponse"}}}}},
                 "get": {"requestBody": {"required": false, "content": {"*/*": {}}},
                         "response": {"description": "", "content": {"application/json": {}}}}}
                """#,
            schemas: #"{"addRequest": {}, "addResponse": true}"#
        ),
        Scenario(
            name: "workflow: attach and output of the run handler only",
            manifest: #"""
                {"name": "Signup", "ty": "WORKFLOW", "handlers": [
                  {"name": "run", "ty": "WORKFLOW", "output": {"contentType": "application/json", "jsonSchema": {"type": "boolean"}}},
                  {"name": "status", "ty": "SHARED", "documentation": "Status"}]}
                """#,
            operations: [
                "GET /restate/workflow/Signup/{key}/attach | runAttach | run | key | Attach | 200:handler 404:InvocationNotFoundError default:GenericError | Waits until the Signup/run workflow run ends and returns its result.",
                "GET /restate/workflow/Signup/{key}/output | runOutput | run | key | Get Output | 200:handler 404:InvocationNotFoundError 470:InvocationNotReadyError default:GenericError | Returns the result of the Signup/run workflow run, if it has ended.",
                "POST /Signup/{key}/run | run | run | key | - | 200:handler default:GenericError | Calls the run handler of Signup and returns its response.",
                "POST /Signup/{key}/run/send | runSend | run | key delay | Send | 200:Send 202:Send default:GenericError | Enqueues a request to the run handler of Signup without waiting for its response.",
                "POST /Signup/{key}/status | status | status | key | - | 200:handler default:GenericError | Status",
                "POST /Signup/{key}/status/send | statusSend | status | key delay | Send | 200:Send 202:Send default:GenericError | Status",
            ],
            payloads: #"""
                {"run": {"requestBody": {"required": false, "content": {"*/*": {}}},
                         "response": {"description": "", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/runResponse"}}}}},
                 "status": {"requestBody": {"required": false, "content": {"*/*": {}}},
                            "response": {"description": "", "content": {"application/json": {}}}}}
                """#,
            schemas: #"{"runResponse": {"type": "boolean"}}"#
        ),
        Scenario(
            name: "private handler is left out, with its schemas",
            manifest: #"""
                {"name": "Vault", "ty": "SERVICE", "handlers": [
                  {"name": "open", "documentation": "Open", "input": {}},
                  {"name": "secret", "ingressPrivate": true, "documentation": "Secret",
                   "input": {"contentType": "application/json", "jsonSchema": {"type": "string"}},
                   "output": {"contentType": "application/json", "jsonSchema": {"type": "string"}}}]}
                """#,
            operations: [
                "GET /restate/invocation/Vault/open/{idempotencyKey}/attach | openAttach | open | idempotencyKeyPath | Attach | 200:handler 404:InvocationNotFoundError default:GenericError | Open",
                "GET /restate/invocation/Vault/open/{idempotencyKey}/output | openOutput | open | idempotencyKeyPath | Get Output | 200:handler 404:InvocationNotFoundError 470:InvocationNotReadyError default:GenericError | Open",
                "POST /Vault/open | open | open | idempotencyKeyHeader | - | 200:handler default:GenericError | Open",
                "POST /Vault/open/send | openSend | open | idempotencyKeyHeader delay | Send | 200:Send 202:Send default:GenericError | Open",
            ],
            payloads: #"{"open": {"response": {"description": "", "content": {"application/json": {}}}}}"#,
            schemas: "{}"
        ),
        Scenario(
            name: "private service still lists handlers without an explicit override",
            manifest: #"""
                {"name": "Hidden", "ty": "SERVICE", "ingressPrivate": true, "handlers": [
                  {"name": "peek", "documentation": "Peek", "input": {}, "output": {}},
                  {"name": "shut", "ingressPrivate": true, "documentation": "Shut"}]}
                """#,
            operations: [
                "GET /restate/invocation/Hidden/peek/{idempotencyKey}/attach | peekAttach | peek | idempotencyKeyPath | Attach | 200:handler 404:InvocationNotFoundError default:GenericError | Peek",
                "GET /restate/invocation/Hidden/peek/{idempotencyKey}/output | peekOutput | peek | idempotencyKeyPath | Get Output | 200:handler 404:InvocationNotFoundError 470:InvocationNotReadyError default:GenericError | Peek",
                "POST /Hidden/peek | peek | peek | idempotencyKeyHeader | - | 200:handler default:GenericError | Peek",
                "POST /Hidden/peek/send | peekSend | peek | idempotencyKeyHeader delay | Send | 200:Send 202:Send default:GenericError | Peek",
            ],
            payloads: #"{"peek": {"response": {"description": "Empty"}}}"#,
            schemas: "{}"
        ),
    ]

    @Test(arguments: scenarios)
    func describesTheService(_ scenario: Scenario) async throws {
        let harness = Harness()
        try await harness.run { client in
            let manifest = try #require(try JSONSerialization.jsonObject(with: Data(scenario.manifest.utf8)) as? [String: Any])
            let name = try #require(manifest["name"] as? String)
            let id = try await harness.register(client, "http://localhost:9080", services: [manifest])
            #expect(id.hasPrefix("dp_"))
            let answer = try await client.send(.get, "/services/\(name)/openapi")
            #expect(answer.status == 200 && answer.isJSON)
            let document = try JSONValue.parse(Data(answer.text.utf8))

            #expect(Self.operationLines(document) == scenario.operations)
            #expect(try Self.payloads(document) == JSONValue.parse(Data(scenario.payloads.utf8)))
            guard case .object(var schemas) = document["components"]?["schemas"] else {
                Issue.record("no components.schemas")
                return
            }
            #expect(schemas.removeValue(forKey: "RestateError") != nil)
            #expect(JSONValue.object(schemas) == (try JSONValue.parse(Data(scenario.schemas.utf8))))
        }
    }

    @Test func wholeDocument() async throws {
        let manifest = #"""
            {"name": "Pinger", "ty": "SERVICE", "documentation": "Ping service", "metadata": {"owner": "ops"},
             "handlers": [{"name": "ping", "metadata": {"team": "a"}, "input": {}, "output": {}}]}
            """#
        let harness = Harness()
        try await harness.run { client in
            let service = try #require(try JSONSerialization.jsonObject(with: Data(manifest.utf8)) as? [String: Any])
            _ = try await harness.register(client, "http://localhost:9080", services: [service])
            let answer = try await client.send(.get, "/services/Pinger/openapi")
            #expect(answer.status == 200)
            let document = try JSONValue.parse(Data(answer.text.utf8))
            let expected = try JSONValue.parse(Data(Self.pingerDocument.utf8))
            #expect(document == expected)
            for key in expected.objectKeys { #expect(document[key] == expected[key], "\(key)") }
        }
    }

    @Test func privateServiceAfterPatchKeepsItsHandlers() async throws {
        let harness = Harness()
        try await harness.run { client in
            _ = try await harness.register(client, "http://localhost:9080", services: [Harness.service("Greeter", handlers: ["greet"])])
            #expect(try await client.send(.patch, "/services/Greeter", json: #"{"public": false}"#).status == 200)
            let answer = try await client.send(.get, "/services/Greeter/openapi")
            let paths = try JSONValue.parse(Data(answer.text.utf8))["paths"]?.objectKeys
            #expect(
                paths == [
                    "/Greeter/greet", "/Greeter/greet/send",
                    "/restate/invocation/Greeter/greet/{idempotencyKey}/attach", "/restate/invocation/Greeter/greet/{idempotencyKey}/output",
                ])
        }
    }

    @Test(arguments: [
        (##"{"$ref": "#/$defs/A"}"##, ##"{"$ref": "#/components/schemas/xRequest/$defs/A"}"##),
        (##"{"$ref": "#"}"##, ##"{"$ref": "#/components/schemas/xRequest"}"##),
        (###"{"$ref": "##/a"}"###, ##"{"$ref": "#/components/schemas/xRequest/a"}"##),
        (##"{"$ref": "https://example.com/s.json"}"##, ##"{"$ref": "https://example.com/s.json"}"##),
        (
            ##"{"anyOf": [{"$ref": "#/$defs/A"}, {"items": [{"$ref": "#/b"}]}], "$ref": 3}"##,
            ##"{"anyOf": [{"$ref": "#/components/schemas/xRequest/$defs/A"}, {"items": [{"$ref": "#/components/schemas/xRequest/b"}]}], "$ref": 3}"##
        ),
        ("true", "true"),
    ])
    func relocatesLocalReferences(_ schema: String, _ expected: String) throws {
        let relocated = IngressPayloadMapping.relocatingReferences(
            in: try JSONValue.parse(Data(schema.utf8)), to: "#/components/schemas/xRequest"
        )
        #expect(relocated == (try JSONValue.parse(Data(expected.utf8))))
    }

    // MARK: Projections

    private static func operationLines(_ document: JSONValue) -> [String] {
        guard case .object(let paths) = document["paths"] else { return [] }
        var lines: [String] = []
        for (path, item) in paths {
            guard case .object(let methods) = item else { continue }
            for (method, operation) in methods {
                let parameters: [String] = (operation["parameters"]?.arrayValue ?? []).map(Self.referenceName)
                let tags: [String] = (operation["tags"]?.arrayValue ?? []).compactMap(\.stringValue)
                let byCode: JSONValue = operation["responses"] ?? .null
                let responses: [String] = byCode.objectKeys.map { code in "\(code):" + Self.referenceName(byCode[code] ?? .null) }
                lines.append(
                    [
                        "\(method.uppercased()) \(path)",
                        operation["operationId"]?.stringValue ?? "?",
                        operation["summary"]?.stringValue ?? "?",
                        parameters.joined(separator: " "),
                        tags.isEmpty ? "-" : tags.joined(separator: " "),
                        responses.joined(separator: " "),
                        operation["description"]?.stringValue ?? "?",
                    ].joined(separator: " | "))
            }
        }
        return lines.sorted()
    }

    /// The component a `$ref` object points to, or `handler` for an inline value.
    private static func referenceName(_ value: JSONValue) -> String {
        value["$ref"]?.stringValue?.lastPathComponent ?? "handler"
    }

    /// Per handler (by summary): the request body of its POST operations and the `200` response of
    /// its call, attach and output operations, recording an issue when its operations disagree.
    private static func payloads(_ document: JSONValue) -> JSONValue {
        guard case .object(let paths) = document["paths"] else { return .null }
        var bodies: [String: [JSONValue]] = [:]
        var responses: [String: [JSONValue]] = [:]
        for (path, item) in paths {
            guard case .object(let methods) = item else { continue }
            for (method, operation) in methods {
                guard let handler = operation["summary"]?.stringValue else { continue }
                if method == "post" { bodies[handler, default: []].append(operation["requestBody"] ?? .null) }
                if !path.hasSuffix("/send") { responses[handler, default: []].append(operation["responses"]?["200"] ?? .null) }
            }
        }
        var result: [String: JSONValue] = [:]
        for handler in Set(bodies.keys).union(responses.keys) {
            var entry: [String: JSONValue] = [:]
            let body = bodies[handler] ?? []
            if Set(body).count > 1 { Issue.record("\(handler): its call and send request bodies differ") }
            if let first = body.first, first != .null { entry["requestBody"] = first }
            let response = responses[handler] ?? []
            if Set(response).count > 1 { Issue.record("\(handler): its call, attach and output responses differ") }
            if let first = response.first, first != .null { entry["response"] = first }
            result[handler] = .object(entry)
        }
        return .object(result)
    }

    private static let pingerDocument = #"""
        {
          "openapi": "3.1.0",
          "info": {"title": "Pinger", "version": "1", "description": "Ping service", "x-restate-extensions": {"owner": "ops"}},
          "servers": [{"url": "http://127.0.0.1:8080/", "description": "Restate Ingress URL"}],
          "paths": {
            "/Pinger/ping": {"post": {
              "summary": "ping", "operationId": "ping",
              "description": "Calls the ping handler of Pinger and returns its response.",
              "parameters": [{"$ref": "#/components/parameters/idempotencyKeyHeader"}],
              "responses": {"200": {"description": "Empty"}, "default": {"$ref": "#/components/responses/GenericError"}},
              "x-restate-extensions": {"team": "a"}}},
            "/Pinger/ping/send": {"post": {
              "summary": "ping", "operationId": "pingSend", "tags": ["Send"],
              "description": "Enqueues a request to the ping handler of Pinger without waiting for its response.",
              "parameters": [{"$ref": "#/components/parameters/idempotencyKeyHeader"}, {"$ref": "#/components/parameters/delay"}],
              "responses": {"200": {"$ref": "#/components/responses/Send"}, "202": {"$ref": "#/components/responses/Send"},
                            "default": {"$ref": "#/components/responses/GenericError"}},
              "x-restate-extensions": {"team": "a"}}},
            "/restate/invocation/Pinger/ping/{idempotencyKey}/attach": {"get": {
              "summary": "ping", "operationId": "pingAttach", "tags": ["Attach"],
              "description": "Waits until the Pinger/ping invocation started with this idempotency key ends and returns its result.",
              "parameters": [{"$ref": "#/components/parameters/idempotencyKeyPath"}],
              "responses": {"200": {"description": "Empty"}, "404": {"$ref": "#/components/responses/InvocationNotFoundError"},
                            "default": {"$ref": "#/components/responses/GenericError"}},
              "x-restate-extensions": {"team": "a"}}},
            "/restate/invocation/Pinger/ping/{idempotencyKey}/output": {"get": {
              "summary": "ping", "operationId": "pingOutput", "tags": ["Get Output"],
              "description": "Returns the result of the Pinger/ping invocation started with this idempotency key, if it has ended.",
              "parameters": [{"$ref": "#/components/parameters/idempotencyKeyPath"}],
              "responses": {"200": {"description": "Empty"}, "404": {"$ref": "#/components/responses/InvocationNotFoundError"},
                            "470": {"$ref": "#/components/responses/InvocationNotReadyError"},
                            "default": {"$ref": "#/components/responses/GenericError"}},
              "x-restate-extensions": {"team": "a"}}}
          },
          "components": {
            "schemas": {
              "RestateError": {
                "type": "object", "title": "RestateError",
                "description": "An error returned by Restate, such as a handler's terminal error.",
                "properties": {
                  "code": {"type": "number"}, "message": {"type": "string"}, "stacktrace": {"type": "string"},
                  "metadata": {"type": "object", "additionalProperties": {"type": "string"}}},
                "required": ["message"], "additionalProperties": false}
            },
            "responses": {
              "GenericError": {"description": "The request failed.", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/RestateError"}, "example": {"code": 500, "message": "Internal error"}}}},
              "InvocationNotFoundError": {"description": "No such invocation.", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/RestateError"}, "example": {"code": 404, "message": "Invocation not found"}}}},
              "InvocationNotReadyError": {"description": "The invocation has not ended yet.", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/RestateError"}, "example": {"code": 470, "message": "Invocation still running"}}}},
              "Send": {"description": "The request was accepted.", "content": {"application/json": {
                "schema": {
                  "type": "object", "title": "RestateSendResponse",
                  "properties": {
                    "invocationId": {"type": "string"},
                    "status": {"type": "string", "enum": ["Accepted", "PreviouslyAccepted"]},
                    "executionTime": {"type": "string", "format": "date-time",
                                      "description": "When the invocation is scheduled to run, if it was sent with a delay."}},
                  "required": ["invocationId", "status"], "additionalProperties": false},
                "example": {"invocationId": "inv_1aZ0cW7qRrT4mB2xYpLk9sNdVe3fGh6jU", "status": "Accepted"}}}}
            },
            "parameters": {
              "delay": {"name": "delay", "in": "query", "required": false, "schema": {"type": "string"}, "example": "10s",
                        "description": "How long to wait before running the invocation, as a duration such as `10s` (see https://docs.restate.dev/invoke/http)."},
              "key": {"name": "key", "in": "path", "required": true, "schema": {"type": "string"}},
              "idempotencyKeyHeader": {"name": "idempotency-key", "in": "header", "required": false, "schema": {"type": "string"},
                                       "description": "Makes the request idempotent: a repeated request with the same key gets the first one's result (see https://docs.restate.dev/invoke/http)."},
              "idempotencyKeyPath": {"name": "idempotencyKey", "in": "path", "required": true, "schema": {"type": "string"},
                                     "description": "The idempotency key the original request was sent with (see https://docs.restate.dev/invoke/http)."}
            }
          },
          "tags": [
            {"name": "Request Response", "description": "Call a handler and wait for its response.",
             "externalDocs": {"url": "https://docs.restate.dev/invoke/http"}},
            {"name": "Send", "description": "Send a request to a handler without waiting.",
             "externalDocs": {"url": "https://docs.restate.dev/invoke/http"}},
            {"name": "Attach", "description": "Wait for an invocation to end.",
             "externalDocs": {"url": "https://docs.restate.dev/invoke/http"}},
            {"name": "Get Output", "description": "Read the result of an invocation.",
             "externalDocs": {"url": "https://docs.restate.dev/invoke/http"}}
          ]
        }
        """#
}

extension JSONValue {
    fileprivate var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    fileprivate var arrayValue: [JSONValue] {
        if case .array(let value) = self { return value }
        return []
    }

    /// The member names of an object, sorted.
    fileprivate var objectKeys: [String] {
        if case .object(let members) = self { return members.keys.sorted() }
        return []
    }
}

extension String {
    fileprivate var lastPathComponent: String { split(separator: "/").last.map(String.init) ?? self }
}
