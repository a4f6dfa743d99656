import AdminCore
import AdminHTTPTestSupport
import AdminTestSupport
import Foundation
import Testing

@testable import AdminHTTP

/// Every response DTO, streamed, is the JSON Foundation's encoder gives for it.
@Suite(.capturingLogs)
struct StreamedBodyTests {
    static func sameJSON(_ value: some Encodable) throws -> Bool {
        let streamed = try JSONSerialization.jsonObject(with: Data(try JSONStreamEncoder.encode(value))) as? NSObject
        let foundation = try JSONSerialization.jsonObject(with: JSONEncoder().encode(value)) as? NSObject
        return streamed != nil && streamed == foundation
    }

    @Test("Deployment, service, handler and subscription bodies")
    func responseBodies() async throws {
        let harness = Harness()
        try await harness.run { client in
            let workflow = Harness.service(
                "Flow", "WORKFLOW",
                handlers: [["name": "run", "ty": "WORKFLOW", "input": ["contentType": "application/json", "jsonSchema": ["type": "object"]]]])
            _ = try await harness.register(client, "http://localhost:9080/", services: [Harness.service("Greeter", handlers: ["greet"]), workflow])
            let view = try await harness.service.view()
            let deployment = try #require(view.deployments.first)
            #expect(try Self.sameJSON(DeploymentListDTO(deployments: view.deployments.map { DeploymentDTO(deployment: $0, services: .pairs) })))
            #expect(try Self.sameJSON(DeploymentDTO(deployment: deployment, services: .detailed(view.services(of: deployment)))))
            #expect(try Self.sameJSON(ServiceListDTO(services: view.services.map(ServiceMetadataDTO.init))))
            #expect(try Self.sameJSON(HandlerListDTO(handlers: try view.handlers(of: "Flow").map(HandlerMetadataDTO.init))))
            #expect(try Self.sameJSON(ServiceOpenAPIDocument(try view.service("Flow"), ingress: "http://127.0.0.1:8080/").json))
        }
    }
}
