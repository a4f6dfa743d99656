import AdminCore
import Foundation
import FuzzSupport

/// The endpoint-manifest decoder (`EndpointManifest.decode`) and the discovery-response validator
/// (`DiscoveryResponseValidator.validate`), which read what an SDK's `/discover` answers.
///
/// Properties: a manifest that decodes re-encodes (`encoded()`) to a body that decodes to an equal
/// manifest and re-encodes to the same bytes; the validator refuses an undecodable body with the
/// decoder's own error; a body it accepts is the decoded manifest, with versions in order; every
/// refusal is a discovery error.
enum FuzzManifest {
    /// The transports the validator is run with (each one's bidi-stream rule differs).
    static let transports: [DiscoveryTransport] = [.http(.http2), .http(.http11), .http(.http10), .lambda]

    /// Runs the properties on one input.
    /// - Parameter bytes: the input, a discovery response body.
    static func check(_ bytes: [UInt8]) {
        let body = Data(bytes)
        let decoded: Result<EndpointManifest, AdminError> = Result { () throws(AdminError) in try EndpointManifest.decode(body) }
        if case .success(let manifest) = decoded {
            let encoded = manifest.encoded()
            do {
                let again = try EndpointManifest.decode(encoded)
                FuzzInput.require(again == manifest, "re-encoded manifest differs: \(String(decoding: encoded, as: UTF8.self))")
                FuzzInput.require(again.encoded() == encoded, "re-encoding is not stable: \(String(decoding: encoded, as: UTF8.self))")
            } catch {
                FuzzInput.require(false, "re-encoded manifest does not decode (\(error.message)): \(String(decoding: encoded, as: UTF8.self))")
            }
        }
        for (position, transport) in transports.enumerated() {
            let server = position == 0 ? "restate-sdk-typescript/1.1.0" : nil
            let validated = Result { () throws(AdminError) in
                try DiscoveryResponseValidator.validate(
                    contentType: DiscoveryResponseValidator.manifestContentTypes[position], body: body, transport: transport,
                    serverHeader: server
                )
            }
            switch (decoded, validated) {
            case (.failure(let decodeError), .failure(let error)):
                FuzzInput.require(error == decodeError, "an undecodable body is refused with \(error), not \(decodeError)")
            case (.failure, .success):
                FuzzInput.require(false, "the validator accepted an undecodable body")
            case (.success(let manifest), .success(let endpoint)):
                FuzzInput.require(endpoint.manifest == manifest, "the validated manifest differs from the decoded one")
                FuzzInput.require(endpoint.transport == transport, "the transport changed")
                FuzzInput.require(endpoint.minProtocolVersion <= endpoint.maxProtocolVersion || server != nil, "versions out of order")
            case (.success, .failure(let error)):
                FuzzInput.require(error.kind == .discovery, "a refusal is not a discovery error: \(error)")
            }
        }
    }
}

/// libFuzzer's entry point.
/// - Parameters:
///   - start: the input's first byte.
///   - count: its length.
/// - Returns: 0 (the input may be added to the corpus).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    FuzzManifest.check(FuzzInput.bytes(start, count))
    return 0
}

/// The process's entry point: SwiftPM links `main` to this symbol; it runs libFuzzer on ``fuzz(_:_:)``.
/// - Parameters:
///   - argc: the argument count.
///   - argv: the arguments (libFuzzer's flags and corpus folders).
/// - Returns: the exit status.
@_cdecl("FuzzManifest_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    FuzzInput.runDriver(argc, argv) { data, count in fuzz(UnsafeRawPointer(data) ?? UnsafeRawPointer(bitPattern: 1)!, count) }
}
