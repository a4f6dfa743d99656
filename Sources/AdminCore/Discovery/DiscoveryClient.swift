/// What the admin asks a deployment's discovery endpoint.
public struct DiscoveryRequest: Sendable, Hashable {
    /// The address to discover.
    public var address: RequestedAddress
    /// Headers to send (the deployment's `additional_headers`).
    public var additionalHeaders: AdditionalHeaders

    /// Creates a request.
    public init(address: RequestedAddress, additionalHeaders: AdditionalHeaders = [:]) {
        self.address = address
        self.additionalHeaders = additionalHeaders
    }
}

/// Calls a deployment's `/discover` endpoint (or invokes a Lambda) and returns the validated
/// result. The real implementation lives in `AdminDiscovery`; ``StubDiscoveryClient`` serves
/// tests and examples.
///
/// Implementations run ``DiscoveryResponseValidator/validate(contentType:body:transport:serverHeader:)``
/// on what they receive, and report failures as ``AdminError`` with kind `.discovery` and the
/// META code Restate uses (META0003, META0012–META0015, or none for an undecodable manifest).
public protocol DiscoveryClient: Sendable {
    /// Discovers the endpoint described by `request`.
    func discover(_ request: DiscoveryRequest) async throws -> DiscoveredEndpoint
}
