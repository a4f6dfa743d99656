import AdminCore

/// The body of `POST /deployments`: an untagged union of an HTTP form (`uri` key) and a Lambda
/// form (`arn` key). Any field-level problem collapses into serde's untagged-union message (422).
struct RegisterDeploymentRequestDTO: Decodable {
    /// The address part.
    enum Address {
        case http(uri: String, useHTTP11: Bool)
        case lambda(arn: String, assumeRoleARN: String?)
    }

    let address: Address
    let additionalHeaders: [String: String]
    let metadata: [String: String]
    let breaking: Bool
    let force: Bool?
    let dryRun: Bool

    private enum Keys: String, CodingKey {
        case uri, arn, assume_role_arn, additional_headers, metadata, use_http_11, breaking, force, dry_run
    }

    init(from decoder: any Decoder) throws {
        do {
            let c = try decoder.container(keyedBy: Keys.self)
            if let uri = try? c.decode(String.self, forKey: .uri), URISyntax.isParsable(uri) {
                address = .http(uri: uri, useHTTP11: try c.decodeIfPresent(Bool.self, forKey: .use_http_11) ?? false)
            } else {
                address = .lambda(
                    arn: try c.decode(String.self, forKey: .arn),
                    assumeRoleARN: try c.decodeIfPresent(String.self, forKey: .assume_role_arn)
                )
            }
            let headers = try c.decodeIfPresent([String: String].self, forKey: .additional_headers) ?? [:]
            guard let valid = HeaderMap.validated(headers) else { throw UntaggedUnionError(union: "RegisterDeploymentRequest") }
            additionalHeaders = valid
            metadata = try c.decodeIfPresent([String: String].self, forKey: .metadata) ?? [:]
            breaking = try c.decodeIfPresent(Bool.self, forKey: .breaking) ?? false
            force = try c.decodeIfPresent(Bool.self, forKey: .force)
            dryRun = try c.decodeIfPresent(Bool.self, forKey: .dry_run) ?? false
        } catch {
            throw UntaggedUnionError(union: "RegisterDeploymentRequest")
        }
    }

    /// The core request for API version `version`.
    /// - Throws: `.invalidArgument` InvalidField errors for a relative URI or a bad ARN.
    func registrationRequest(version: AdminAPIVersion) throws -> RegistrationRequest {
        let requested: RequestedAddress
        switch address {
        case .http(let uri, let useHTTP11):
            requested = .http(try InvalidField.wrap("uri") { try DeploymentURI(parsing: uri) }, useHTTP11: useHTTP11)
        case .lambda(let arn, let role):
            requested = .lambda(try InvalidField.wrap("arn") { try LambdaARN(parsing: arn) }, assumeRoleARN: role)
        }
        let (breaking, overwrite) = RegistrationRequest.flags(force: force, breaking: breaking, forceDefault: version.isLegacy)
        return RegistrationRequest(
            address: requested, additionalHeaders: additionalHeaders, metadata: metadata,
            allowBreaking: breaking, overwrite: overwrite, mode: dryRun ? .dryRun : .apply
        )
    }
}

/// Whether a string parses as a URI at all (a failure is a 422; a relative URI is a 400 later).
enum URISyntax {
    static func isParsable(_ text: String) -> Bool {
        guard !text.isEmpty, text.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && $0 != "\\" && $0 != "\"" }) else {
            return false
        }
        guard let start = text.range(of: "://") else { return !text.contains("[") && !text.contains("]") }
        var authority = text[start.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        var port: Substring
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return false }
            port = authority[authority.index(after: close)...]
            guard port.isEmpty || port.hasPrefix(":") else { return false }
            port = port.dropFirst()
        } else {
            guard !authority.contains("["), !authority.contains("]") else { return false }
            port = authority.lastIndex(of: ":").map { authority[authority.index(after: $0)...] } ?? ""
        }
        return port.allSatisfy(\.isASCII) && port.allSatisfy(\.isNumber)
    }
}

/// Rethrows a parse failure of a request field as Restate's `InvalidField` error
/// (``AdminError/invalidField(_:reason:)``).
enum InvalidField {
    static func wrap<T>(_ field: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as AdminError {
            throw AdminError.invalidField(field, reason: error.message)
        }
    }
}
