import AdminCore
import AdminHTTP
import Foundation
import Hummingbird
import HummingbirdTesting
import AdminTestSupport
import Logging
import Testing

/// One HTTP answer, with the body as text and parsed JSON.
struct Answer {
    let status: Int
    let headers: HTTPFields
    let text: String

    /// The body as a JSON object; a body that is not one fails the test (it never reads as `[:]`).
    var json: [String: Any] {
        get throws {
            guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
                throw NotAJSONObject(status: status, body: text)
            }
            return object
        }
    }
    var isJSON: Bool { headers[.contentType]?.hasPrefix("application/json") ?? false }
    /// The error body's `message` (the body must be a JSON object with a string `message`).
    var message: String {
        get throws {
            guard let message = try json["message"] as? String else { throw NotAJSONObject(status: status, body: text) }
            return message
        }
    }
    var code: Any? { get throws { try json["restate_code"] } }
    var hasCodeKey: Bool { get throws { try json.keys.contains("restate_code") } }
}

/// A body that was expected to be a JSON object (with the fields asked for) and is not.
struct NotAJSONObject: Error, CustomStringConvertible {
    let status: Int
    let body: String
    var description: String { "expected a JSON object, got HTTP \(status) with body: \(body.prefix(500))" }
}

/// An in-process admin server (no sockets) over InMemoryStorage and a stub discovery client.
struct Harness {
    let storage = InMemoryStorage()
    let discovery = StubDiscoveryClient()
    let service: AdminService

    init(configuration: AdminConfiguration = .init()) {
        service = AdminService(storage: storage, discovery: discovery, configuration: configuration, logger: TestLogging.logger())
    }

    /// Installs a manifest for `uri` (the stub answers HTTP/1.1 discoveries over HTTP/1.1).
    func serve(_ uri: String, services: [[String: Any]], min: Int = 5, max: Int = 6, mode: String = "BIDI_STREAM") throws {
        let manifest: [String: Any] = ["minProtocolVersion": min, "maxProtocolVersion": max, "protocolMode": mode, "services": services]
        let body = try JSONSerialization.data(withJSONObject: manifest)
        let parsed = try DeploymentURI(parsing: uri)
        discovery.respond(to: .http(parsed, useHTTP11: false), with: .init(body: body, serverHeader: "restate-sdk-test/1.0.0"))
    }

    static func service(_ name: String, _ ty: String = "SERVICE", handlers: [Any]) -> [String: Any] {
        ["name": name, "ty": ty, "handlers": handlers.map { $0 is String ? ["name": $0] : $0 }]
    }

    /// Runs `body` with a request function against the router.
    func run(_ body: @Sendable (Client) async throws -> Void) async throws {
        let app = buildApplication(service: service, logger: TestLogging.logger())
        try await app.test(.router) { client in try await body(Client(client: client)) }
    }

    /// Registers `uri` serving `services` and returns the new id.
    func register(_ client: Client, _ uri: String, services: [[String: Any]]) async throws -> String {
        try serve(uri, services: services)
        let answer = try await client.send(.post, "/deployments", json: #"{"uri": "\#(uri)"}"#)
        return try #require(try answer.json["id"] as? String, "registration answered HTTP \(answer.status): \(answer.text)")
    }
}

/// Sends requests through HummingbirdTesting.
struct Client {
    let client: any TestClientProtocol

    func send(_ method: HTTPRequest.Method, _ path: String, json: String? = nil, contentType: String? = "application/json") async throws -> Answer {
        var headers: HTTPFields = [:]
        if json != nil, let contentType { headers[.contentType] = contentType }
        return try await client.execute(uri: path, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) }) { response in
            Answer(status: Int(response.status.code), headers: response.headers, text: String(buffer: response.body))
        }
    }

    func send(_ method: HTTPRequest.Method, _ path: String, raw: ByteBuffer, contentType: String = "application/json") async throws -> Answer {
        try await client.execute(uri: path, method: method, headers: [.contentType: contentType], body: raw) { response in
            Answer(status: Int(response.status.code), headers: response.headers, text: String(buffer: response.body))
        }
    }
}
