import AdminCore
import AdminHTTP
import AdminTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// An admin service over InMemoryStorage and a stub discovery client, served in-process (no
/// sockets) by ``run(_:)``, or over a socket by whoever builds an application on ``service``.
package struct Harness: Sendable {
    /// The registry.
    package let storage = InMemoryStorage()
    /// The discovery client; ``serve(_:services:min:max:mode:)`` installs its answers.
    package let discovery = StubDiscoveryClient()
    /// The admin service over both.
    package let service: AdminService

    /// Creates a harness with the given admin configuration.
    package init(configuration: AdminConfiguration = .init()) {
        service = AdminService(storage: storage, discovery: discovery, configuration: configuration, logger: TestLogging.logger())
    }

    /// Installs a manifest for `uri` (the stub answers HTTP/1.1 discoveries over HTTP/1.1).
    package func serve(_ uri: String, services: [[String: Any]], min: Int = 5, max: Int = 6, mode: String = "BIDI_STREAM") throws {
        let manifest: [String: Any] = ["minProtocolVersion": min, "maxProtocolVersion": max, "protocolMode": mode, "services": services]
        let body = try JSONSerialization.data(withJSONObject: manifest)
        let parsed = try DeploymentURI(parsing: uri)
        discovery.respond(to: .http(parsed, useHTTP11: false), with: .init(body: body, serverHeader: "restate-sdk-test/1.0.0"))
    }

    /// A manifest service named `name` of type `ty` with `handlers` (names or handler objects).
    package static func service(_ name: String, _ ty: String = "SERVICE", handlers: [Any]) -> [String: Any] {
        ["name": name, "ty": ty, "handlers": handlers.map { $0 is String ? ["name": $0] : $0 }]
    }

    /// Runs `body` with a request function against the router.
    package func run(_ body: @Sendable (Client) async throws -> Void) async throws {
        let app = buildApplication(service: service, logger: TestLogging.logger())
        try await app.test(.router) { client in try await body(Client(client: client)) }
    }

    /// Registers `uri` serving `services` and returns the new id.
    package func register(_ client: Client, _ uri: String, services: [[String: Any]]) async throws -> String {
        try serve(uri, services: services)
        let answer = try await client.send(.post, "/deployments", json: #"{"uri": "\#(uri)"}"#)
        return try #require(try answer.json["id"] as? String, "registration answered HTTP \(answer.status): \(answer.text)")
    }
}
