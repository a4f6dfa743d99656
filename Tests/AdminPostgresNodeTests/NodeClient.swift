import AsyncHTTPClient
import Foundation
import NIOCore

/// The tests' HTTP client for the nodes' Admin API (AsyncHTTPClient), shut down with the test.
struct NodeClient: Sendable {
    /// One answer: status and body.
    struct Answer: Sendable, CustomStringConvertible {
        /// The HTTP status code.
        var status: Int
        /// The body.
        var body: Data

        /// The body as text.
        var text: String { String(decoding: body, as: UTF8.self) }

        /// The body decoded as JSON.
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try JSONDecoder().decode(type, from: body) }

        /// `status body`.
        var description: String { "\(status) \(text)" }
    }

    /// How long one request may take before it fails.
    static let requestTimeout: TimeAmount = .seconds(30)

    private let http: HTTPClient

    /// Runs `body` with a client, shut down afterwards (also when `body` throws).
    static func with<T>(_ body: (NodeClient) async throws -> T) async throws -> T {
        var configuration = HTTPClient.Configuration()
        // Every registration of a test may be in flight at once: no queueing behind 8 connections a host.
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            let result = try await body(NodeClient(http: http))
            try await http.shutdown()
            return result
        } catch {
            try? await http.shutdown()
            throw error
        }
    }

    /// `GET url`.
    func get(_ url: String) async throws -> Answer {
        try await send(HTTPClientRequest(url: url))
    }

    /// `POST url` with a JSON body.
    func post(_ url: String, json: String) async throws -> Answer {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: json))
        return try await send(request)
    }

    /// Registers the deployment at `uri` on the node at `node` (`POST /deployments`, HTTP/1.1 discovery).
    func register(on node: String, uri: String) async throws -> Answer {
        try await post(node + "/deployments", json: #"{"uri":"\#(uri)","use_http_11":true}"#)
    }

    private func send(_ request: HTTPClientRequest) async throws -> Answer {
        let response = try await http.execute(request, timeout: Self.requestTimeout)
        let body = try await response.body.collect(upTo: 16 << 20)
        return Answer(status: Int(response.status.code), body: Data(body.readableBytesView))
    }
}

/// The parts of the Admin API's answers the tests read.
enum AdminAnswers {
    /// `POST /deployments` and `GET /deployments/{id}`: the deployment's id.
    struct Deployment: Decodable { let id: String }
    /// `GET /deployments`.
    struct Deployments: Decodable { let deployments: [Deployment] }
    /// `GET /services/{name}`: the latest revision.
    struct Service: Decodable {
        let name: String
        let revision: Int
        let deployment_id: String
    }
    /// `GET /services/{name}/revisions`.
    struct Revisions: Decodable {
        struct Entry: Decodable {
            let revision: Int
            let deployment_id: String
        }
        let revisions: [Entry]
    }
    /// The error body: `{"message": …, "restate_code": …}`.
    struct Failure: Decodable {
        let message: String
        let restate_code: String?
    }
}
