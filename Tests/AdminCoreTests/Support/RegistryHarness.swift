import AdminCore
import AdminTestSupport
import Foundation

/// A small in-process registry for hand-written rule tests: an ``AdminService`` over a storage
/// backend with a stub discovery client fed with manifest JSON.
struct RegistryHarness {
    let storage: any Storage
    let discovery = StubDiscoveryClient()
    let admin: AdminService
    private let ticks = TickSource()

    init(storage: any Storage = InMemoryStorage(), configuration: AdminConfiguration = .init(), metrics: AdminMetrics = AdminMetrics()) {
        self.storage = storage
        let ticks = self.ticks
        admin = AdminService(
            storage: storage, discovery: discovery, configuration: configuration, metrics: metrics, logger: TestLogging.logger(),
            clock: { ticks.next() }, makeID: { ticks.nextID() }
        )
    }

    func with(configuration: AdminConfiguration) -> AdminService {
        let ticks = self.ticks
        return AdminService(
            storage: storage, discovery: discovery, configuration: configuration, logger: admin.logger, clock: { ticks.next() },
            makeID: { ticks.nextID() }
        )
    }

    static func service(_ name: String, _ ty: String = "SERVICE", handlers: [Any], extra: [String: Any] = [:]) -> [String: Any] {
        var service: [String: Any] = ["name": name, "ty": ty, "handlers": handlers.map { $0 is String ? ["name": $0] : $0 }]
        for (key, value) in extra { service[key] = value }
        return service
    }

    static func manifest(_ services: [[String: Any]], min: Int = 5, max: Int = 6, mode: String? = "BIDI_STREAM") -> [String: Any] {
        var manifest: [String: Any] = ["minProtocolVersion": min, "maxProtocolVersion": max, "services": services]
        if let mode { manifest["protocolMode"] = mode }
        return manifest
    }

    func serve(_ uri: String, _ manifest: [String: Any], transport: DiscoveryTransport = .http(.http2), server: String? = nil) throws {
        let body = try JSONSerialization.data(withJSONObject: manifest)
        // One response per address; the stub answers a `useHTTP11` request over HTTP/1.1.
        discovery.respond(
            to: .http(try DeploymentURI(parsing: uri), useHTTP11: false), with: .init(body: body, transport: transport, serverHeader: server))
    }

    @discardableResult
    func register(
        _ uri: String, _ services: [[String: Any]], force: Bool = false, breaking: Bool = false, dryRun: Bool = false,
        headers: AdditionalHeaders = [:], min: Int = 5, max: Int = 6, mode: String? = "BIDI_STREAM"
    ) async throws -> RegistrationOutcome {
        try serve(uri, Self.manifest(services, min: min, max: max, mode: mode))
        let (allowBreaking, overwrite) = RegistrationRequest.flags(force: force, breaking: breaking, forceDefault: false)
        return try await admin.registerDeployment(
            RegistrationRequest(
                address: .http(try DeploymentURI(parsing: uri), useHTTP11: false), additionalHeaders: headers,
                allowBreaking: allowBreaking, overwrite: overwrite, mode: dryRun ? .dryRun : .apply
            ))
    }

    @discardableResult
    func update(
        _ id: DeploymentID, uri: String? = nil, services: [[String: Any]]? = nil, overwrite: Bool = false,
        headers: AdditionalHeaders? = nil, min: Int = 5, max: Int = 6, dryRun: Bool = false
    ) async throws -> Deployment {
        let current = try await admin.deployment(id)
        let target = uri ?? SchemaUpdater.currentRequestedAddress(current).description
        if let services { try serve(target, Self.manifest(services, min: min, max: max)) }
        return try await admin.updateDeployment(
            UpdateRequest(
                id: id, address: try uri.map { .http(uri: try DeploymentURI(parsing: $0), useHTTP11: nil) },
                additionalHeaders: headers ?? (uri == nil ? [:] : nil), overwrite: overwrite ? .yes : .no, mode: dryRun ? .dryRun : .apply
            ))
    }

    func latest(_ service: String) async throws -> ServiceMetadata { try await admin.service(service) }
    func version() async throws -> UInt64 { try await storage.schemaVersion() }
}
