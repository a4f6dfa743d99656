import Foundation

/// An endpoint manifest, the body of an SDK's `/discover` response (manifest v1–v4).
///
/// All versions share one decoder, as strict as Restate's generated one (DISCOVERY.md §5).
public struct EndpointManifest: Hashable, Sendable {
    /// `protocolMode`; optional in the schema but required by discovery (META0013).
    public var protocolMode: ProtocolMode?
    /// `minProtocolVersion` (≥ 1).
    public var minProtocolVersion: UInt64
    /// `maxProtocolVersion` (≥ 1).
    public var maxProtocolVersion: UInt64
    /// The services, in manifest order.
    public var services: [ManifestService]
    /// `lambdaCompression` (v4); used only for Lambda deployments.
    public var lambdaCompression: LambdaCompression?

    /// Creates a manifest.
    public init(
        protocolMode: ProtocolMode? = nil,
        minProtocolVersion: UInt64,
        maxProtocolVersion: UInt64,
        services: [ManifestService] = [],
        lambdaCompression: LambdaCompression? = nil
    ) {
        self.protocolMode = protocolMode
        self.minProtocolVersion = minProtocolVersion
        self.maxProtocolVersion = maxProtocolVersion
        self.services = services
        self.lambdaCompression = lambdaCompression
    }

    /// Decodes a manifest body strictly: required fields, no unknown keys anywhere, name patterns,
    /// integer-only numeric fields, protocol versions ≥ 1, exact enum strings, string metadata.
    /// - Throws: ``AdminError`` of kind `.discovery`, no code: "received a bad response from the
    ///   SDK that cannot be decoded: <reason>. Discovery response: <body>" (at most its first 1 KiB,
    ///   marked as cut).
    public static func decode(_ body: Data) throws(AdminError) -> EndpointManifest {
        let reason: String
        do {
            let json = try JSONParser.parse(body)
            do {
                return try ManifestDecoder.endpoint(json)
            } catch {
                reason = error.reason
            }
        } catch {
            reason = error.description
        }
        let text = ResponseBodyQuote.quote(body)
        throw AdminError(
            .discovery,
            "received a bad response from the SDK that cannot be decoded: \(reason). Discovery response: \(text)"
        )
    }

    /// The manifest as compact JSON in manifest spelling (absent fields omitted).
    public func encoded() -> Data {
        Data(JSONWriter.write(ManifestEncoder.endpoint(self)).utf8)
    }
}
