import Foundation

/// A registered deployment: an address, what discovery learned about it, and its own copy of
/// every service revision it serves.
public struct Deployment: Hashable, Sendable, Codable {
    /// The deployment id (`dp_…`).
    public var id: DeploymentID
    /// Where the deployment lives.
    public var address: DeploymentAddress
    /// Headers sent with discovery and invocations.
    public var additionalHeaders: AdditionalHeaders
    /// User-supplied metadata from the register request.
    public var metadata: [String: String]
    /// Creation time in milliseconds since the Unix epoch.
    public var createdAtMilliseconds: Int64
    /// The lowest service-protocol version the SDK declared.
    public var minProtocolVersion: Int32
    /// The highest service-protocol version the SDK declared.
    public var maxProtocolVersion: Int32
    /// The SDK version from the `x-restate-server` response header.
    public var sdkVersion: String?
    /// This deployment's copy of each service it serves, keyed by name.
    public var services: [String: ServiceRevision]

    /// Creates a deployment.
    public init(
        id: DeploymentID, address: DeploymentAddress, additionalHeaders: AdditionalHeaders = [:],
        metadata: [String: String] = [:], createdAtMilliseconds: Int64, minProtocolVersion: Int32,
        maxProtocolVersion: Int32, sdkVersion: String? = nil, services: [String: ServiceRevision] = [:]
    ) {
        self.id = id
        self.address = address
        self.additionalHeaders = additionalHeaders
        self.metadata = metadata
        self.createdAtMilliseconds = createdAtMilliseconds
        self.minProtocolVersion = minProtocolVersion
        self.maxProtocolVersion = maxProtocolVersion
        self.sdkVersion = sdkVersion
        self.services = services
    }

    /// The services sorted by name.
    public var sortedServices: [ServiceRevision] { services.values.sorted { $0.name < $1.name } }

    /// Whether this deployment is "the same endpoint" as `address` with `headers`
    /// (VERSIONING.md R18): same identity key and, for HTTP, equal values for every routing header
    /// (absent on both sides counts as equal).
    public func isSameEndpoint(as address: RequestedAddress, headers: AdditionalHeaders, routingHeaders: [String]) -> Bool {
        guard self.address.identityKey == address.identityKey else { return false }
        guard address.isHTTP else { return true }
        return routingHeaders.allSatisfy { name in additionalHeaders[name] == headers[name] }
    }
}

/// Who holds the latest revision of a service.
public struct LatestRevision: Hashable, Sendable, Codable {
    /// The deployment holding it.
    public var deploymentID: DeploymentID
    /// Its revision number.
    public var revision: UInt32

    /// Creates a pointer.
    public init(deploymentID: DeploymentID, revision: UInt32) {
        self.deploymentID = deploymentID
        self.revision = revision
    }
}
