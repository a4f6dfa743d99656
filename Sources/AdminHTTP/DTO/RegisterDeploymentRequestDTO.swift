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
    let additionalHeaders: AdditionalHeaders
    let metadata: [String: String]
    let breaking: Bool
    let force: Bool?
    let dryRun: Bool

    enum Keys: String, CodingKey {
        case uri, arn, assume_role_arn, additional_headers, metadata, use_http_11, breaking, force, dry_run
    }

    init(from decoder: any Decoder) throws {
        do {
            let c = try decoder.container(keyedBy: Keys.self)
            if let uri = try UntaggedUnion.httpURI(in: c, key: .uri, required: !c.contains(.arn)) {
                address = .http(uri: uri, useHTTP11: try c.decodeIfPresent(Bool.self, forKey: .use_http_11) ?? false)
            } else {
                address = .lambda(
                    arn: try c.decode(String.self, forKey: .arn), assumeRoleARN: try c.decodeIfPresent(String.self, forKey: .assume_role_arn)
                )
            }
            additionalHeaders = try c.decodeIfPresent(AdditionalHeaders.self, forKey: .additional_headers) ?? [:]
            metadata = try c.decodeIfPresent([String: String].self, forKey: .metadata) ?? [:]
            breaking = try c.decodeIfPresent(Bool.self, forKey: .breaking) ?? false
            force = try c.decodeIfPresent(Bool.self, forKey: .force)
            dryRun = try c.decodeIfPresent(Bool.self, forKey: .dry_run) ?? false
        } catch {
            throw UntaggedUnion.failure("RegisterDeploymentRequest", error)
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
