import AdminCore
import AdminHTTP
import AdminHTTPTestSupport
import AdminTestSupport
import Foundation
import Hummingbird
import Synchronization
import Testing

/// `GET /openapi` describes every body and answer of the route table (BEHAVIOR.md §5.1, §1.3),
/// and its schemas hold for real answers.
@Suite(.capturingLogs)
struct OpenAPIDocumentTests {
    /// The operations that take a request body.
    static let bodies: Set<String> = [
        "create_deployment", "update_deployment", "promote_deployment", "modify_service", "modify_service_state", "create_subscription",
        "query",
    ]
    /// The operations whose success answers are empty (no body, no content type).
    static let emptyAnswers: Set<String> = [
        "health", "delete_deployment", "modify_service_state", "delete_invocation", "cancel_invocation", "kill_invocation",
        "pause_invocation", "purge_invocation", "purge_journal", "resume_invocation", "delete_subscription",
    ]
    /// The operations that read a typed id from the path (a malformed one is a plain-text 400).
    static let typedPaths: Set<String> = [
        "get_deployment", "delete_deployment", "update_deployment", "get_subscription", "delete_subscription",
    ]

    static func document() async throws -> JSONValue {
        let document = Mutex<JSONValue>(.null)
        try await Harness().run { client in
            let answer = try await client.send(.get, "/openapi")
            let parsed = try JSONValue.parse(Data(answer.text.utf8))
            document.withLock { $0 = parsed }
        }
        return document.withLock { $0 }
    }

    /// Every operation of the document, by operation id.
    static func operations(_ document: JSONValue) -> [String: JSONValue] {
        guard case .object(let paths)? = document["paths"] else { return [:] }
        var operations: [String: JSONValue] = [:]
        for case .object(let item) in paths.values {
            for operation in item.values { if case .string(let id)? = operation["operationId"] { operations[id] = operation } }
        }
        return operations
    }

    @Test("Each body-taking operation has a JSON request body schema, each success answer its schema or none")
    func bodiesAndAnswers() async throws {
        let document = try await Self.document()
        let checker = SchemaChecker(document: document)
        let operations = Self.operations(document)
        #expect(operations.count == 30)
        for (id, operation) in operations {
            let body = operation["requestBody"]?["content"]?["application/json"]?["schema"]?["$ref"]
            if Self.bodies.contains(id) {
                let ref = try #require(body, "\(id) documents its body")
                guard case .string(let name) = ref else {
                    Issue.record("\(id): $ref is not a string")
                    continue
                }
                #expect(checker.resolve(name) != nil, "\(id): \(name) resolves")
            } else {
                #expect(operation["requestBody"] == nil, "\(id) takes no body")
            }
            guard case .object(let responses)? = operation["responses"] else {
                Issue.record("\(id) has responses")
                continue
            }
            for (status, response) in responses where status.hasPrefix("2") {
                let schema = response["content"]?["application/json"]?["schema"]
                if Self.emptyAnswers.contains(id) {
                    #expect(response["content"] == nil, "\(id) \(status) is empty")
                } else if case .string(let name)? = schema?["$ref"] {
                    #expect(checker.resolve(name) != nil, "\(id) \(status): \(name) resolves")
                } else {
                    Issue.record("\(id) \(status) has no schema")
                }
            }
            #expect(responses.keys.contains { $0.hasPrefix("2") } || id == "query", "\(id) has a success answer")
        }
    }

    @Test("The plain-text rejections are documented as text/plain, with 401 and 429 everywhere they happen")
    func plainTextRejections() async throws {
        let operations = Self.operations(try await Self.document())
        for (id, operation) in operations {
            let responses = try #require(operation["responses"])
            func types(_ status: String) -> Set<String> {
                guard case .object(let content)? = responses[status]?["content"] else { return [] }
                return Set(content.keys)
            }
            if Self.bodies.contains(id) && id != "query" {
                for status in ["400", "413", "415", "422"] { #expect(types(status).contains("text/plain"), "\(id) \(status)") }
                #expect(types("400").contains("application/json"), "\(id): 400 is also the JSON error")
            } else {
                #expect(types("413").isEmpty && types("415").isEmpty, "\(id) reads no body")
            }
            if Self.typedPaths.contains(id) { #expect(types("400").contains("text/plain"), "\(id): malformed id") }
            #expect(responses["429"] != nil && responses["429"]?["content"] == nil, "\(id): 429, empty")
            if id != "health" {
                #expect(types("401") == ["application/json"] && responses["401"]?["headers"]?["WWW-Authenticate"] != nil, "\(id): 401")
            }
        }
        #expect(operations["delete_deployment"]?["responses"]?["400"]?["content"]?["application/json"] == nil)
        #expect(operations["query"]?["responses"]?["501"]?["content"]?["application/json"] != nil)
    }

    @Test("This project's additions are flagged: include=status, promote, revisions, violations")
    func additionsAreFlagged() async throws {
        let document = try await Self.document()
        let operations = Self.operations(document)
        for id in ["promote_deployment", "list_service_revisions"] {
            #expect(operations[id]?["x-swift-restate-admin-addition"] == .bool(true), "\(id)")
        }
        guard case .array(let parameters)? = operations["list_deployments"]?["parameters"] else {
            Issue.record("list_deployments has parameters")
            return
        }
        #expect(parameters.contains { $0["name"] == "include" && $0["schema"]?["x-swift-restate-admin-addition"] == .bool(true) })
        let error = try #require(SchemaChecker(document: document).resolve("#/components/schemas/ErrorDescriptionResponse"))
        #expect(error["properties"]?["violations"]?["x-swift-restate-admin-addition"] == .bool(true))
    }

    /// Checks `answer` against the schema of `operation`'s `status` answer.
    static func conforms(_ answer: Answer, _ operation: String, in document: JSONValue, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let checker = SchemaChecker(document: document)
        let type = answer.headers[.contentType]?.split(separator: ";").first.map(String.init) ?? ""
        let response = Self.operations(document)[operation]?["responses"]?[String(answer.status)]
        let schema = try #require(
            response?["content"]?[type]?["schema"], "\(operation) documents \(answer.status) \(type)", sourceLocation: sourceLocation)
        let value = type == "text/plain" ? .string(answer.text) : try JSONValue.parse(Data(answer.text.utf8))
        let problems = checker.problems(value, schema)
        #expect(problems.isEmpty, "\(operation) \(answer.status): \(problems)", sourceLocation: sourceLocation)
    }

    @Test("Real answers conform to their schemas")
    func realAnswersConform() async throws {
        let document = try await Self.document()
        let harness = Harness(configuration: SubscriptionRouteTests.configuration)
        try await harness.run { client in
            let services = [
                Harness.service("Greeter", handlers: ["greet", "wave"]),
                Harness.service("Counter", "VIRTUAL_OBJECT", handlers: [["name": "add", "ty": "EXCLUSIVE"], ["name": "get", "ty": "SHARED"]]),
            ]
            try harness.serve("http://old:9080", services: services)
            let created = try await client.send(.post, "/deployments", json: #"{"uri": "http://old:9080"}"#)
            try Self.conforms(created, "create_deployment", in: document)
            let id = try #require(created.json["id"] as? String)
            try harness.serve("http://new:9080", services: [Harness.service("Greeter", handlers: ["greet"])])
            let refused = try await client.send(.post, "/deployments", json: #"{"uri": "http://new:9080"}"#)
            #expect(refused.status == 409 && refused.text.contains("violations"))
            try Self.conforms(refused, "create_deployment", in: document)
            let checks: [(String, String)] = [
                ("/deployments", "list_deployments"), ("/deployments?include=status", "list_deployments"),
                ("/deployments/\(id)", "get_deployment"), ("/deployments/\(id)?include=status", "get_deployment"),
                ("/services", "list_services"), ("/services/Counter", "get_service"), ("/services/Counter/handlers", "list_service_handlers"),
                ("/services/Counter/handlers/get", "get_service_handler"), ("/services/Greeter/revisions", "list_service_revisions"),
                ("/services/Greeter/openapi", "get_service_openapi"), ("/services/Nope", "get_service"), ("/version", "version"),
                ("/cluster-health", "cluster_health"), ("/deployments/nope", "get_deployment"),
            ]
            for (path, operation) in checks { try Self.conforms(try await client.send(.get, path), operation, in: document) }
            let subscription = #"{"source":"kafka://my-cluster/orders","sink":"service://Counter/add"}"#
            try Self.conforms(try await client.send(.post, "/subscriptions", json: subscription), "create_subscription", in: document)
            try Self.conforms(try await client.send(.get, "/subscriptions"), "list_subscriptions", in: document)
            try Self.conforms(try await client.send(.post, "/deployments/\(id)/promote"), "promote_deployment", in: document)
            let rejections: [(HTTPRequest.Method, String, String?, String)] = [
                (.post, "/deployments", "{", "create_deployment"), (.post, "/deployments", #"{"uri": 1}"#, "create_deployment"),
                (.patch, "/services/Counter", #"{"public": "yes"}"#, "modify_service"),
                (.delete, "/deployments/\(id)?force=1", nil, "delete_deployment"),
            ]
            for (method, path, body, operation) in rejections {
                let answer = try await client.send(method, path, json: body)
                #expect(answer.headers[.contentType]?.hasPrefix("text/plain") == true, "\(path)")
                try Self.conforms(answer, operation, in: document)
            }
        }
    }

    @Test("The checker is not vacuous: a missing key, an unknown key and a wrong type are problems")
    func checkerFindsProblems() async throws {
        let document = try await Self.document()
        let checker = SchemaChecker(document: document)
        let schema: JSONValue = .object(["$ref": "#/components/schemas/SubscriptionResponse"])
        let good = try JSONValue.parse(Data(#"{"id":"sub_11nGQpCRmau6ypL82KH2TnQ","source":"kafka://c/t","sink":"service://S/h","options":{}}"#.utf8))
        #expect(checker.problems(good, schema).isEmpty)
        for bad in [
            #"{"id":"sub_11nGQpCRmau6ypL82KH2TnQ","source":"kafka://c/t","sink":"service://S/h"}"#,
            #"{"id":"sub_11nGQpCRmau6ypL82KH2TnQ","source":"kafka://c/t","sink":"service://S/h","options":{},"extra":1}"#,
            #"{"id":"sub_11nGQpCRmau6ypL82KH2TnQ","source":"kafka://c/t","sink":"service://S/h","options":{"a":1}}"#,
            #"{"id":"dp_11nGQpCRmau6ypL82KH2TnQ","source":"kafka://c/t","sink":"service://S/h","options":{}}"#,
        ] {
            #expect(!checker.problems(try JSONValue.parse(Data(bad.utf8)), schema).isEmpty, "\(bad)")
        }
    }
}
