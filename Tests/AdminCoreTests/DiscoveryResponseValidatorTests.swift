import Foundation
import Testing

@testable import AdminCore

private let v4ContentType = "application/vnd.restate.endpointmanifest.v4+json"

private func manifestBody(mode: String? = "REQUEST_RESPONSE", min: String = "5", max: String = "6", extra: String = "") -> Data {
    let modePart = mode.map { #""protocolMode":"\#($0)","# } ?? ""
    return Data(#"{\#(modePart)"minProtocolVersion":\#(min),"maxProtocolVersion":\#(max),"services":[]\#(extra)}"#.utf8)
}

@Suite("Discovery response validation")
struct DiscoveryResponseValidatorTests {
    static let v4 = v4ContentType
    static let expectedList =
        #"'"application/vnd.restate.endpointmanifest.v1+json, application/vnd.restate.endpointmanifest.v2+json, application/vnd.restate.endpointmanifest.v3+json, application/vnd.restate.endpointmanifest.v4+json"'"#

    static func body(mode: String? = "REQUEST_RESPONSE", min: String = "5", max: String = "6", extra: String = "") -> Data {
        manifestBody(mode: mode, min: min, max: max, extra: extra)
    }

    struct Scenario: CustomTestStringConvertible, Sendable {
        let label: String
        var contentType: String? = v4ContentType
        var body: Data = manifestBody()
        var transport: DiscoveryTransport = .http(.http2)
        var server: String?
        let code: AdminError.Code?
        let message: String
        var testDescription: String { label }
    }

    static let failures: [Scenario] = [
        // Checks 2–4: content type.
        Scenario(
            label: "no content type", contentType: nil, code: .meta0013,
            message: "received a bad response from the SDK: No content type header was specified. Expected one of \(expectedList) content type."
        ),
        Scenario(
            label: "content type not visible ASCII", contentType: v4 + "\u{00e9}", code: .meta0013,
            message: "received a bad response from the SDK: Could not parse content type header: failed to convert header to a str"
        ),
        Scenario(
            label: "content type with parameters", contentType: v4 + "; charset=utf-8", code: .meta0013,
            message: "received a bad response from the SDK: Bad content type header: \"\(v4); charset=utf-8\". Expected one of \(expectedList)"
        ),
        Scenario(
            label: "upper-case content type", contentType: v4.uppercased(), code: .meta0013,
            message: "received a bad response from the SDK: Bad content type header: \"\(v4.uppercased())\". Expected one of \(expectedList)"
        ),
        Scenario(
            label: "v5 content type", contentType: "application/vnd.restate.endpointmanifest.v5+json", code: .meta0013,
            message:
                "received a bad response from the SDK: Bad content type header: \"application/vnd.restate.endpointmanifest.v5+json\". Expected one of \(expectedList)"
        ),
        Scenario(
            label: "plain JSON with a quote", contentType: #"application/"json""#, code: .meta0013,
            message: #"received a bad response from the SDK: Bad content type header: "application/\"json\"". Expected one of \#(expectedList)"#
        ),
        Scenario(
            label: "content type checked before the body", contentType: nil, body: Data("not json".utf8), code: .meta0013,
            message: "received a bad response from the SDK: No content type header was specified. Expected one of \(expectedList) content type."
        ),
        // Check 5: decoding (no code).
        Scenario(
            label: "undecodable body", body: Data(#"{"minProtocolVersion":5}"#.utf8), code: nil,
            message:
                #"received a bad response from the SDK that cannot be decoded: missing field `maxProtocolVersion`. Discovery response: {"minProtocolVersion":5}"#
        ),
        // Check 6: protocol mode.
        Scenario(
            label: "missing protocol mode", body: body(mode: nil), code: .meta0013,
            message: "received a bad response from the SDK: missing protocol mode"),
        // Check 7: BIDI_STREAM transport.
        Scenario(label: "bidi over Lambda", body: body(mode: "BIDI_STREAM"), transport: .lambda, code: .meta0015, message: bidiMessage),
        Scenario(label: "bidi over HTTP/1.0", body: body(mode: "BIDI_STREAM"), transport: .http(.http10), code: .meta0015, message: bidiMessage),
        Scenario(label: "bidi over HTTP/0.9", body: body(mode: "BIDI_STREAM"), transport: .http(.http09), code: .meta0015, message: bidiMessage),
        Scenario(
            label: "bidi check runs before version checks", body: body(mode: "BIDI_STREAM", min: "10", max: "9"),
            transport: .lambda, code: .meta0015, message: bidiMessage
        ),
        // Checks 8–10: version sanity.
        Scenario(
            label: "min above i32", body: body(min: "2147483648", max: "2147483649"), code: .meta0013,
            message: "received a bad response from the SDK: min protocol version must be in [1, 2147483647]"
        ),
        Scenario(
            label: "max above i32", body: body(min: "5", max: "18446744073709551615"), code: .meta0013,
            message: "received a bad response from the SDK: max protocol version must be in [1, 2147483647]"
        ),
        Scenario(
            label: "min above max", body: body(min: "10", max: "9"), code: .meta0013,
            message:
                "received a bad response from the SDK: Expected min protocol version to be <= max protocol version. Received min protocol version '10', max protocol version '9'"
        ),
        // Check 12: overlap with [5, 6].
        Scenario(label: "7..7", body: body(min: "7", max: "7"), code: .meta0012, message: unsupported(7, 7)),
        Scenario(label: "1..4", body: body(min: "1", max: "4"), code: .meta0012, message: unsupported(1, 4)),
        Scenario(
            label: "i32 max", body: body(min: "2147483647", max: "2147483647"), code: .meta0012, message: unsupported(2_147_483_647, 2_147_483_647)),
        // Check 11: old TypeScript SDK quirk forces max = 1.
        Scenario(
            label: "TypeScript 1.2 quirk", body: body(min: "1", max: "6"), server: "restate-sdk-typescript/1.2.1",
            code: .meta0012, message: unsupported(1, 1)
        ),
        Scenario(
            label: "TypeScript 1.0 quirk", body: body(min: "5", max: "6"), server: "restate-sdk-typescript/1.0.0",
            code: .meta0012, message: unsupported(5, 1)
        ),
    ]

    static let bidiMessage =
        "the SDK reports itself as being in bidirectional protocol mode, but we are not discovering over a transport that supports it. Discovering with Lambda or HTTP < 1.1 is not supported"

    static func unsupported(_ min: Int32, _ max: Int32) -> String {
        "unsupported service protocol versions: [\(min), \(max)]. Supported versions by this runtime are [5, 6]. Please upgrade the SDK and try registering again."
    }

    @Test(arguments: failures)
    func rejected(scenario: Scenario) {
        do {
            let endpoint = try DiscoveryResponseValidator.validate(
                contentType: scenario.contentType, body: scenario.body, transport: scenario.transport, serverHeader: scenario.server
            )
            Issue.record("accepted unexpectedly: \(endpoint)")
        } catch {
            #expect(error.kind == .discovery)
            #expect(error.code == scenario.code)
            #expect(error.message == scenario.message)
            #expect(!error.message.hasPrefix("["))
        }
    }

    struct Accepted: CustomTestStringConvertible, Sendable {
        let label: String
        var contentType = v4ContentType
        let body: Data
        var transport: DiscoveryTransport = .http(.http2)
        var server: String?
        let protocolType: ProtocolType
        let versions: ClosedRange<Int32>
        var sdkVersion: String?
        var testDescription: String { label }
    }

    static let acceptedScenarios: [Accepted] = [
        Accepted(label: "1..6", body: body(min: "1", max: "6"), protocolType: .requestResponse, versions: 1...6),
        Accepted(label: "5..5", body: body(min: "5", max: "5"), protocolType: .requestResponse, versions: 5...5),
        Accepted(label: "6..9 kept raw", body: body(min: "6", max: "9"), protocolType: .requestResponse, versions: 6...9),
        Accepted(
            label: "v1 content type", contentType: "application/vnd.restate.endpointmanifest.v1+json", body: body(), protocolType: .requestResponse,
            versions: 5...6),
        Accepted(label: "bidi over HTTP/2", body: body(mode: "BIDI_STREAM"), protocolType: .bidiStream, versions: 5...6),
        Accepted(
            label: "bidi over HTTP/1.1 (trusted)", body: body(mode: "BIDI_STREAM"), transport: .http(.http11), protocolType: .bidiStream,
            versions: 5...6),
        Accepted(label: "bidi over HTTP/3", body: body(mode: "BIDI_STREAM"), transport: .http(.http3), protocolType: .bidiStream, versions: 5...6),
        Accepted(label: "request/response over Lambda", body: body(), transport: .lambda, protocolType: .requestResponse, versions: 5...6),
        Accepted(label: "request/response over HTTP/1.0", body: body(), transport: .http(.http10), protocolType: .requestResponse, versions: 5...6),
        Accepted(
            label: "newer TypeScript SDK unaffected", body: body(min: "5", max: "6"), server: "restate-sdk-typescript/1.3.0",
            protocolType: .requestResponse, versions: 5...6, sdkVersion: "restate-sdk-typescript/1.3.0"
        ),
        Accepted(label: "non-ASCII server header ignored", body: body(), server: "sdk/\u{00e9}", protocolType: .requestResponse, versions: 5...6),
    ]

    @Test(arguments: acceptedScenarios)
    func accepted(scenario: Accepted) throws {
        let endpoint = try DiscoveryResponseValidator.validate(
            contentType: scenario.contentType, body: scenario.body, transport: scenario.transport, serverHeader: scenario.server
        )
        #expect(endpoint.protocolType == scenario.protocolType)
        #expect(endpoint.supportedProtocolVersions == scenario.versions)
        #expect(endpoint.minProtocolVersion == scenario.versions.lowerBound)
        #expect(endpoint.maxProtocolVersion == scenario.versions.upperBound)
        #expect(endpoint.sdkVersion == scenario.sdkVersion)
        #expect(endpoint.transport == scenario.transport)
    }

    @Test func acceptHeaderAndRange() {
        #expect(
            DiscoveryResponseValidator.acceptHeader
                == "application/vnd.restate.endpointmanifest.v1+json, application/vnd.restate.endpointmanifest.v2+json, application/vnd.restate.endpointmanifest.v3+json, application/vnd.restate.endpointmanifest.v4+json"
        )
        #expect(DiscoveryResponseValidator.supportedProtocolVersions == 5...6)
    }

    @Test func lambdaCompressionOnlyForLambda() throws {
        let body = Self.body(extra: #","lambdaCompression":"zstd""#)
        let lambda = try DiscoveryResponseValidator.validate(contentType: Self.v4, body: body, transport: .lambda, serverHeader: nil)
        #expect(lambda.lambdaCompression == .zstd)
        let http = try DiscoveryResponseValidator.validate(contentType: Self.v4, body: body, transport: .http(.http2), serverHeader: nil)
        #expect(http.lambdaCompression == nil)
        #expect(http.manifest.lambdaCompression == .zstd)
    }

    @Test func realPythonSDKOverH2C() throws {
        let body = try ManifestFixtures.data("body_manifest-v4_features-v4_bidi")
        let endpoint = try DiscoveryResponseValidator.validate(
            contentType: Self.v4, body: body, transport: .http(.http2), serverHeader: "restate-sdk-python/1.3.0"
        )
        #expect(endpoint.protocolType == .bidiStream)
        #expect(endpoint.supportedProtocolVersions == 5...7)
        #expect(endpoint.sdkVersion == "restate-sdk-python/1.3.0")
        #expect(endpoint.manifest.services.count == 3)
        #expect(endpoint.manifest.services.flatMap(\.handlers).count == 10)
    }

    @Test func realPythonSDKOverHTTP11() throws {
        let body = try ManifestFixtures.data("body_manifest-v4_features-v4_request-response")
        let endpoint = try DiscoveryResponseValidator.validate(
            contentType: Self.v4, body: body, transport: .http(.http11), serverHeader: "restate-sdk-python/1.3.0"
        )
        #expect(endpoint.protocolType == .requestResponse)
        #expect(endpoint.transport == .http(.http11))
    }

    @Test func errorDescriptionAddsTheCodePrefix() {
        do {
            _ = try DiscoveryResponseValidator.validate(contentType: nil, body: Data(), transport: .lambda, serverHeader: nil)
        } catch {
            #expect(error.description.hasPrefix("[META0013] received a bad response from the SDK: No content type"))
        }
    }
}
