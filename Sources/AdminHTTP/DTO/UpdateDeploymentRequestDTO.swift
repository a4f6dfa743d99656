import AdminCore

/// The body of `PATCH /deployments/{id}` with Restate's untagged parsing quirk: the HTTP form
/// matches only when the `uri` key is present (even `null`); anything else is the Lambda form,
/// whose fields are all optional (BEHAVIOR.md §5.2).
struct UpdateDeploymentRequestDTO: Decodable {
    enum Address {
        case http(uri: String?, useHTTP11: Bool?)
        case lambda(arn: String?, assumeRoleARN: String?)
    }

    let address: Address
    let additionalHeaders: [String: String]?
    let overwrite: Bool
    let dryRun: Bool

    private enum Keys: String, CodingKey { case uri, arn, assume_role_arn, additional_headers, use_http_11, overwrite, dry_run }

    init(from decoder: any Decoder) throws {
        do {
            let c = try decoder.container(keyedBy: Keys.self)
            let http: Address? = try? {
                guard c.contains(.uri) else { return nil }
                let uri = try c.decodeIfPresent(String.self, forKey: .uri)
                if let uri, !URISyntax.isParsable(uri) { return nil }
                return Address.http(uri: uri, useHTTP11: try c.decodeIfPresent(Bool.self, forKey: .use_http_11))
            }()
            if let http {
                address = http
            } else {
                address = .lambda(
                    arn: try c.decodeIfPresent(String.self, forKey: .arn),
                    assumeRoleARN: try c.decodeIfPresent(String.self, forKey: .assume_role_arn)
                )
            }
            if let headers = try c.decodeIfPresent([String: String].self, forKey: .additional_headers) {
                guard let valid = HeaderMap.validated(headers) else { throw UntaggedUnionError(union: "UpdateDeploymentRequest") }
                additionalHeaders = valid
            } else {
                additionalHeaders = nil
            }
            overwrite = try c.decodeIfPresent(Bool.self, forKey: .overwrite) ?? false
            dryRun = try c.decodeIfPresent(Bool.self, forKey: .dry_run) ?? false
        } catch {
            throw UntaggedUnionError(union: "UpdateDeploymentRequest")
        }
    }

    /// The core request.
    func updateRequest(id: DeploymentID) throws -> UpdateRequest {
        let update: AddressUpdate
        switch address {
        case .http(let uri, let useHTTP11):
            let parsed = try uri.map { text in try InvalidField.wrap("uri") { try DeploymentURI(parsing: text) } }
            update = .http(uri: parsed, useHTTP11: useHTTP11)
        case .lambda(let arn, let role):
            let parsed = try arn.map { text in try InvalidField.wrap("arn") { try LambdaARN(parsing: text) } }
            update = .lambda(arn: parsed, assumeRoleARN: role)
        }
        // An empty address part requests no address change, whatever the deployment's kind.
        return UpdateRequest(
            id: id, address: update.isEmpty ? nil : update, additionalHeaders: additionalHeaders,
            overwrite: overwrite ? .yes : .no, mode: dryRun ? .dryRun : .apply
        )
    }
}
