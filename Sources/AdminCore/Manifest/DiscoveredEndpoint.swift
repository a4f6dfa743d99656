/// The HTTP version a discovery response came back with (stored with HTTP deployments).
public enum HTTPVersion: String, Hashable, Sendable, Codable, CaseIterable {
    /// HTTP/0.9.
    case http09 = "HTTP/0.9"
    /// HTTP/1.0.
    case http10 = "HTTP/1.0"
    /// HTTP/1.1.
    case http11 = "HTTP/1.1"
    /// HTTP/2.
    case http2 = "HTTP/2.0"
    /// HTTP/3.
    case http3 = "HTTP/3.0"
}

/// The protocol type of a deployment, from the manifest's `protocolMode`.
public enum ProtocolType: String, Hashable, Sendable, Codable, CaseIterable {
    /// Bidirectional streaming.
    case bidiStream = "BidiStream"
    /// Request/response.
    case requestResponse = "RequestResponse"
}

/// How a discovery response was obtained.
public enum DiscoveryTransport: Sendable, Hashable {
    /// Over HTTP; the version is that of the response.
    case http(HTTPVersion)
    /// Through an AWS Lambda invocation.
    case lambda
}

/// A discovery response that passed every check of DISCOVERY.md §4.
public struct DiscoveredEndpoint: Hashable, Sendable {
    /// The decoded manifest.
    public var manifest: EndpointManifest
    /// The protocol type announced by `protocolMode`.
    public var protocolType: ProtocolType
    /// How discovery reached the endpoint.
    public var transport: DiscoveryTransport
    /// The SDK's minimum service protocol version (raw, not clipped to the server's range).
    public var minProtocolVersion: Int32
    /// The SDK's maximum service protocol version (raw, after the old TypeScript SDK quirk).
    public var maxProtocolVersion: Int32
    /// The `x-restate-server` response header, when it is a valid header string.
    public var sdkVersion: String?
    /// The manifest's `lambdaCompression` for Lambda endpoints; always `nil` for HTTP.
    public var lambdaCompression: LambdaCompression?

    /// Creates a discovered endpoint.
    public init(
        manifest: EndpointManifest,
        protocolType: ProtocolType,
        transport: DiscoveryTransport,
        minProtocolVersion: Int32,
        maxProtocolVersion: Int32,
        sdkVersion: String? = nil,
        lambdaCompression: LambdaCompression? = nil
    ) {
        self.manifest = manifest
        self.protocolType = protocolType
        self.transport = transport
        self.minProtocolVersion = minProtocolVersion
        self.maxProtocolVersion = maxProtocolVersion
        self.sdkVersion = sdkVersion
        self.lambdaCompression = lambdaCompression
    }

    /// The supported service protocol versions, `min...max`.
    public var supportedProtocolVersions: ClosedRange<Int32> {
        minProtocolVersion...max(minProtocolVersion, maxProtocolVersion)
    }
}
