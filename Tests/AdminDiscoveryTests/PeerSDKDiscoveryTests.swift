import AdminCore
import AdminDiscovery
import Foundation
import Testing

/// Discovery against the official Restate Python SDK (../shared/peers). Skipped with a reason when the
/// peer or its venv is absent, failing instead when `CI` is `true`.
@Suite(
    .serialized, .timeLimit(.minutes(1)),
    .enabled(if: PeerEnvironment.shouldRun, "skipped: \(PeerEnvironment.absenceReason)")
)
struct PeerSDKDiscoveryTests {
    @Test(arguments: [false, true])
    func discoveryMatchesRestate162View(useHTTP11: Bool) async throws {
        let peer = try #require(PeerEnvironment.current, "CI=true but \(PeerEnvironment.absenceReason)")
        let (port, pid) = try await peer.startOnFreePort()
        defer { peer.stop(pid: pid) }

        let endpoint = try await HTTPDiscoveryClient().discover(
            DiscoveryRequest(address: .http(try DeploymentURI(parsing: "http://127.0.0.1:\(port)"), useHTTP11: useHTTP11))
        )
        let expected = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: peer.expectedAdminView)) as? [String: Any]
        )

        #expect(endpoint.transport == .http(useHTTP11 ? .http11 : .http2))
        #expect(endpoint.protocolType == (useHTTP11 ? .requestResponse : .bidiStream))
        if !useHTTP11 {
            #expect(endpoint.protocolType.rawValue == expected["protocol_type"] as? String)
        }
        #expect([Int(endpoint.minProtocolVersion), Int(endpoint.maxProtocolVersion)] == expected["supported_protocol_versions"] as? [Int])
        #expect(endpoint.sdkVersion == expected["sdk_version"] as? String)

        let configuration = AdminConfiguration()
        let deploymentID = DeploymentID(ulid: ULID(rawValue: 1))
        let actual = try endpoint.manifest.services.map { service in
            let revision = try ServiceRevisionBuilder.build(service, revision: 1, configuration: configuration)
            return ServiceMetadata(
                revision, deploymentID: deploymentID, protocolType: endpoint.protocolType, configuration: configuration
            )
        }
        let expectedServices = try #require(expected["services"] as? [[String: Any]])
        #expect(actual.map(\.name) == expectedServices.compactMap { $0["name"] as? String })
        for (service, expectedService) in zip(actual, expectedServices) {
            #expect(service.ty.rawValue == expectedService["ty"] as? String)
            #expect(service.isPublic == expectedService["public"] as? Bool)
            let expectedHandlers = try #require(expectedService["handlers"] as? [String: [String: Any]])
            #expect(Set(service.handlers.map(\.name)) == Set(expectedHandlers.keys), "\(service.name)")
            for handler in service.handlers {
                let want = try #require(expectedHandlers[handler.name], "\(service.name)/\(handler.name)")
                let context = "\(service.name)/\(handler.name)"
                #expect(handler.ty?.adminName == want["ty"] as? String, "\(context)")
                #expect(handler.isPublic == want["public"] as? Bool, "\(context)")
                #expect(handler.inputDescription == want["input_description"] as? String, "\(context)")
                #expect(handler.outputDescription == want["output_description"] as? String, "\(context)")
                #expect((handler.inputJSONSchema != nil) == want["has_input_json_schema"] as? Bool, "\(context)")
                #expect((handler.outputJSONSchema != nil) == want["has_output_json_schema"] as? Bool, "\(context)")
            }
        }
    }

    /// The whole path an embedder takes: AdminService with the network client registers the real
    /// SDK, stores what it learned, and a second registration of the same address is unchanged.
    @Test(arguments: [false, true])
    func registrationThroughAdminService(useHTTP11: Bool) async throws {
        let peer = try #require(PeerEnvironment.current, "CI=true but \(PeerEnvironment.absenceReason)")
        let (port, pid) = try await peer.startOnFreePort()
        defer { peer.stop(pid: pid) }

        let admin = AdminService(storage: InMemoryStorage(), discovery: HTTPDiscoveryClient())
        let address = RequestedAddress.http(try DeploymentURI(parsing: "http://127.0.0.1:\(port)"), useHTTP11: useHTTP11)
        let outcome = try await admin.registerDeployment(RegistrationRequest(address: address))
        #expect(outcome.result == .created)
        guard case .http(let uri, let protocolType, let httpVersion) = outcome.deployment.address else {
            Issue.record("expected an HTTP deployment")
            return
        }
        #expect(uri.description == "http://127.0.0.1:\(port)/")
        #expect(httpVersion == (useHTTP11 ? .http11 : .http2))
        #expect(protocolType == (useHTTP11 ? .requestResponse : .bidiStream))
        #expect(outcome.deployment.sdkVersion?.hasPrefix("restate-sdk-python/") == true)
        #expect(!outcome.deployment.services.isEmpty)

        let services = try await admin.services()
        #expect(Set(services.map(\.name)) == Set(outcome.deployment.services.keys))
        #expect(services.allSatisfy { $0.deploymentID == outcome.deployment.id && $0.revision == 1 })
        #expect(try await admin.registerDeployment(RegistrationRequest(address: address)).result == .unchanged)
    }
}
