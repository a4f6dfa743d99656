import Foundation

@testable import AdminCore

/// Loads the discovery captures copied into `Fixtures/discovery`.
enum ManifestFixtures {
    static let manifestFiles = [
        "body_manifest-v2_features-v2_request-response",
        "body_manifest-v3_features-v3_bidi",
        "body_manifest-v4_features-v4_bidi",
        "body_manifest-v4_features-v4_request-response",
    ]

    static func data(_ name: String) throws -> Data {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures/discovery") else {
            throw CocoaError(.fileNoSuchFile)
        }
        return try Data(contentsOf: url)
    }

    static func manifest(_ name: String) throws -> EndpointManifest {
        try EndpointManifest.decode(data(name))
    }

    /// The decode error message Restate would produce for `body` with `reason`.
    static func decodeMessage(_ reason: String, _ body: String) -> String {
        "received a bad response from the SDK that cannot be decoded: \(reason). Discovery response: \(body)"
    }
}
