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
    let additionalHeaders: AdditionalHeaders?
    let overwrite: Bool
    let dryRun: Bool

    enum Keys: String, CodingKey { case uri, arn, assume_role_arn, additional_headers, use_http_11, overwrite, dry_run }

    init(from decoder: any Decoder) throws {
        do {
            let c = try decoder.container(keyedBy: Keys.self)
            // The HTTP form needs the `uri` key, even `null`; any other object is the Lambda form.
            if c.contains(.uri), try c.decodeNil(forKey: .uri) {
                address = .http(uri: nil, useHTTP11: try c.decodeIfPresent(Bool.self, forKey: .use_http_11))
            } else if let uri = try UntaggedUnion.httpURI(in: c, key: .uri, required: false) {
                address = .http(uri: uri, useHTTP11: try c.decodeIfPresent(Bool.self, forKey: .use_http_11))
            } else {
                address = .lambda(
                    arn: try c.decodeIfPresent(String.self, forKey: .arn),
                    assumeRoleARN: try c.decodeIfPresent(String.self, forKey: .assume_role_arn)
                )
            }
            additionalHeaders = try c.decodeIfPresent(AdditionalHeaders.self, forKey: .additional_headers)
            overwrite = try c.decodeIfPresent(Bool.self, forKey: .overwrite) ?? false
            dryRun = try c.decodeIfPresent(Bool.self, forKey: .dry_run) ?? false
        } catch {
            throw UntaggedUnion.failure("UpdateDeploymentRequest", error)
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
