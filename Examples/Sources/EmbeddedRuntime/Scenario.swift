import AdminCore
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The scripted tour `--scenario` runs against the host's own server, over HTTP, the way an
/// operator's tools would: each step prints what happened and fails the run when it is not what
/// the Admin API promises.
struct Scenario {
    struct Target {
        let uri: String
        let useHTTP11: Bool
    }

    let admin: AdminService
    let runtime: HostRuntime
    let routing: RoutingTable
    let port: Int

    func run(_ target: Target) async throws {
        try await routing.wait(forVersion: 0)
        let hello = try await send(.GET, "/hello")
        try expect(hello.status == 200, "the host's own route answers: \(hello.status) \(hello.body)")
        print("host route GET /hello: \(hello.status) \(hello.body)")

        // Register the deployment through the mounted Admin API.
        let body = #"{"uri":"\#(target.uri)","use_http_11":\#(target.useHTTP11)}"#
        let registered = try await send(.POST, "/admin/deployments", body: body)
        try expect(registered.status == 201, "registration answers 201: \(registered.status) \(registered.body)")
        let json = try JSONSerialization.jsonObject(with: Data(registered.body.utf8)) as? [String: Any]
        let id = try DeploymentID(parsing: try (json?["id"] as? String).orThrow("no id in \(registered.body)"))
        let services = (json?["services"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }.sorted()
        try await routing.wait(forVersion: 1)
        print("POST /admin/deployments: \(registered.status), Location: \(registered.location ?? "-"), services: \(services.joined(separator: ", "))")

        // The host records an invocation it runs, pinned to the new deployment.
        let invocation = InvocationID(partitionKey: 42, invocationUUID: 7)
        try await admin.recordInvocation(
            InvocationRecord(id: invocation, target: "Counter/alice/add", serviceType: .virtualObject, status: .invoked))
        try await admin.pinInvocation(invocation, to: id, protocolVersion: 5)

        let cancel = try await send(.PATCH, "/admin/invocations/\(invocation)/cancel")
        try expect(cancel.status == 202, "cancel of a running invocation is accepted: \(cancel.status) \(cancel.body)")
        print("PATCH cancel while running: \(cancel.status)")

        // The runtime finished the invocation: a second cancel is refused and never reaches it.
        try await admin.completeInvocation(invocation)
        let late = try await send(.PATCH, "/admin/invocations/\(invocation)/cancel")
        try expect(late.status == 409, "cancel after completion is refused: \(late.status) \(late.body)")
        print("PATCH cancel after completion: \(late.status) (not forwarded to the runtime)")
        let purge = try await send(.PATCH, "/admin/invocations/\(invocation)/purge")
        try expect(purge.status == 200, "purge of a completed invocation: \(purge.status) \(purge.body)")
        print("PATCH purge after completion: \(purge.status)")

        // Object state, with the version semantics of POST /services/{service}/state.
        let written = try await send(.POST, "/admin/services/Counter/state", body: #"{"object_key":"alice","new_state":{"count":[1]}}"#)
        try expect(written.status == 202, "state write: \(written.status) \(written.body)")
        let state = try await admin.serviceState(service: "Counter", key: "alice")
        let stale = try await send(
            .POST, "/admin/services/Counter/state", body: #"{"object_key":"alice","version":"\#(StateRules.version(of: [:]))","new_state":{}}"#)
        try expect(stale.status == 409, "a write with a stale version is refused: \(stale.status) \(stale.body)")
        print("state of Counter/alice: \(state.entries.keys.sorted()) at version \(state.version); a stale write: \(stale.status)")

        // Settings and removal reach the routing table through the change stream.
        let hidden = try await send(.PATCH, "/admin/services/Counter", body: #"{"public":false}"#)
        try expect(hidden.status == 200, "PATCH /admin/services/Counter: \(hidden.status) \(hidden.body)")
        try await routing.wait(forVersion: 2)
        let removed = try await send(.DELETE, "/admin/deployments/\(id)?force=true")
        try expect(removed.status == 202, "DELETE /admin/deployments/{id}?force=true: \(removed.status) \(removed.body)")
        try await routing.wait(forVersion: 3)

        try expect(runtime.commands == ["cancel", "purge"], "the runtime received exactly cancel and purge: \(runtime.commands)")
        print("the runtime received: \(runtime.commands.joined(separator: ", "))")
        print("scenario complete")
    }

    private func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        guard condition else { throw ScenarioFailure("expected: \(message())") }
    }

    struct Answer {
        let status: Int
        let body: String
        let location: String?
    }

    private func send(_ method: HTTPMethod, _ path: String, body: String? = nil) async throws -> Answer {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        if let body {
            request.headers.add(name: "content-type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return Answer(status: Int(response.status.code), body: String(buffer: bytes), location: response.headers.first(name: "location"))
    }
}
