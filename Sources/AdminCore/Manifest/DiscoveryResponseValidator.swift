import Foundation

/// The checks Restate 1.6.2 runs on a 2xx discovery response (DISCOVERY.md §4, checks 2–12), in
/// Restate's order. Shared by the network discovery client and by test stubs.
public enum DiscoveryResponseValidator {
    /// The four manifest media types, v1…v4.
    public static let manifestContentTypes: [String] = (1...4).map { "application/vnd.restate.endpointmanifest.v\($0)+json" }

    /// The `accept` header of the discovery request: the four media types, comma+space separated.
    public static let acceptHeader: String = manifestContentTypes.joined(separator: ", ")

    /// The service protocol versions this server can discover: V5…V6.
    public static let supportedProtocolVersions: ClosedRange<Int32> = 5...6

    /// The largest protocol version value Restate accepts (`i32::MAX`).
    static let maxProtocolVersionValue: UInt64 = UInt64(Int32.max)

    /// Validates a discovery response.
    /// - Parameters:
    ///   - contentType: the response `content-type`, if any.
    ///   - body: the full response body.
    ///   - transport: how the response was obtained (HTTP version of the response, or Lambda).
    ///   - serverHeader: the `x-restate-server` response header, if any.
    /// - Throws: ``AdminError`` of kind `.discovery`: META0013 for a bad content type, a missing
    ///   protocol mode or bad version bounds; no code for an undecodable body; META0015 for
    ///   BIDI_STREAM over Lambda or HTTP < 1.1; META0012 when the versions miss [5, 6].
    public static func validate(
        contentType: String?,
        body: Data,
        transport: DiscoveryTransport,
        serverHeader: String?
    ) throws(AdminError) -> DiscoveredEndpoint {
        try checkContentType(contentType)
        let manifest = try EndpointManifest.decode(body)

        guard let mode = manifest.protocolMode else { throw badResponse("missing protocol mode") }
        let protocolType: ProtocolType = mode == .bidiStream ? .bidiStream : .requestResponse
        if protocolType == .bidiStream, !supportsBidiStream(transport) {
            throw AdminError(
                .discovery, code: .meta0015,
                "the SDK reports itself as being in bidirectional protocol mode, but we are not discovering over a transport that supports it. Discovering with Lambda or HTTP < 1.1 is not supported"
            )
        }

        guard manifest.minProtocolVersion <= maxProtocolVersionValue else {
            throw badResponse("min protocol version must be in [1, \(maxProtocolVersionValue)]")
        }
        guard manifest.maxProtocolVersion <= maxProtocolVersionValue else {
            throw badResponse("max protocol version must be in [1, \(maxProtocolVersionValue)]")
        }
        guard manifest.minProtocolVersion <= manifest.maxProtocolVersion else {
            throw badResponse(
                "Expected min protocol version to be <= max protocol version. Received min protocol version '\(manifest.minProtocolVersion)', max protocol version '\(manifest.maxProtocolVersion)'"
            )
        }

        let minVersion = Int32(truncatingIfNeeded: manifest.minProtocolVersion)
        var maxVersion = Int32(truncatingIfNeeded: manifest.maxProtocolVersion)
        var sdkVersion: String?
        if let serverHeader, isVisibleASCII(serverHeader) {
            if oldTypeScriptPrefixes.contains(where: { serverHeader.hasPrefix($0) }) {
                maxVersion = 1
            }
            sdkVersion = serverHeader
        }

        guard minVersion <= supportedProtocolVersions.upperBound, maxVersion >= supportedProtocolVersions.lowerBound else {
            throw AdminError(
                .discovery, code: .meta0012,
                "unsupported service protocol versions: [\(minVersion), \(maxVersion)]. Supported versions by this runtime are [\(supportedProtocolVersions.lowerBound), \(supportedProtocolVersions.upperBound)]. Please upgrade the SDK and try registering again."
            )
        }

        let compression: LambdaCompression? = transport == .lambda ? manifest.lambdaCompression : nil
        return DiscoveredEndpoint(
            manifest: manifest,
            protocolType: protocolType,
            transport: transport,
            minProtocolVersion: minVersion,
            maxProtocolVersion: maxVersion,
            sdkVersion: sdkVersion,
            lambdaCompression: compression
        )
    }

    /// `x-restate-server` prefixes of TypeScript SDKs that announced a wrong max version.
    static let oldTypeScriptPrefixes = [
        "restate-sdk-typescript/1.0.", "restate-sdk-typescript/1.1.", "restate-sdk-typescript/1.2.",
    ]

    /// Checks 2–4: present, a valid header string, exactly one of the four media types.
    static func checkContentType(_ contentType: String?) throws(AdminError) {
        let expected = debugQuoted(acceptHeader)
        guard let contentType else {
            throw badResponse("No content type header was specified. Expected one of '\(expected)' content type.")
        }
        guard isVisibleASCII(contentType) else {
            throw badResponse("Could not parse content type header: failed to convert header to a str")
        }
        guard manifestContentTypes.contains(contentType) else {
            throw badResponse("Bad content type header: \(debugQuoted(contentType)). Expected one of '\(expected)'")
        }
    }

    /// BIDI_STREAM needs HTTP/1.1 (trusted), HTTP/2 or HTTP/3; never Lambda or HTTP < 1.1.
    static func supportsBidiStream(_ transport: DiscoveryTransport) -> Bool {
        switch transport {
        case .http(.http11), .http(.http2), .http(.http3): return true
        case .http(.http09), .http(.http10), .lambda: return false
        }
    }

    /// META0013 "received a bad response from the SDK: …".
    static func badResponse(_ detail: String) -> AdminError {
        AdminError(.discovery, code: .meta0013, "received a bad response from the SDK: \(detail)")
    }

    /// Whether every byte is visible ASCII or a tab (what a header value must be to read as text).
    static func isVisibleASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 == 0x09 || (0x20..<0x7F).contains($0) }
    }

    /// A header value rendered like Rust's `Debug`: quoted, `"` escaped, other non-visible bytes as `\xNN`.
    package static func debugQuoted(_ text: String) -> String {
        var output = "\""
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\"") {
                output += "\\\""
            } else if byte == 0x09 || (0x20..<0x7F).contains(byte) {
                output.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                output += "\\x" + String(byte, radix: 16)
            }
        }
        return output + "\""
    }
}
