import AdminCore

/// A deployment on the wire (BEHAVIOR.md §4.6): the HTTP or Lambda variant, with services as
/// `{name, revision}` pairs (list) or full ``ServiceMetadataDTO``s (detail).
struct DeploymentDTO: Encodable {
    /// How the deployment's services are rendered.
    enum Services {
        /// `ServiceNameRevPair[]` for the list.
        case pairs
        /// `ServiceMetadata[]` for get and update.
        case detailed([ServiceMetadata])
    }

    let deployment: Deployment
    let services: Services
    /// With `?include=status` (this project's addition, BEHAVIOR.md §5.8): three more keys after
    /// Restate's own.
    var status: DeploymentStatus? = nil

    private enum Keys: String, CodingKey {
        case id, uri, protocol_type, http_version, arn, assume_role_arn, compression, additional_headers, metadata
        case created_at, min_protocol_version, max_protocol_version, sdk_version, services, info
        case status, pinned_invocations, latest_for
    }

    private struct Pair: Encodable {
        let name: String
        let revision: UInt32
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(deployment.id.description, forKey: .id)
        switch deployment.address {
        case .http(let uri, let protocolType, let httpVersion):
            try c.encode(uri.description, forKey: .uri)
            try c.encode(protocolType.rawValue, forKey: .protocol_type)
            try c.encode(httpVersion.rawValue, forKey: .http_version)
        case .lambda(let arn, let role, let compression):
            try c.encode(arn.description, forKey: .arn)
            try c.encodeIfPresent(role, forKey: .assume_role_arn)
            if compression != nil { try c.encode("Zstd", forKey: .compression) }
        }
        if !deployment.additionalHeaders.isEmpty { try c.encode(deployment.additionalHeaders, forKey: .additional_headers) }
        if !deployment.metadata.isEmpty { try c.encode(deployment.metadata, forKey: .metadata) }
        try c.encode(Timestamp.rfc3339(milliseconds: deployment.createdAtMilliseconds), forKey: .created_at)
        try c.encode(deployment.minProtocolVersion, forKey: .min_protocol_version)
        try c.encode(deployment.maxProtocolVersion, forKey: .max_protocol_version)
        try c.encodeIfPresent(deployment.sdkVersion, forKey: .sdk_version)
        switch services {
        case .pairs:
            try c.encode(deployment.sortedServices.map { Pair(name: $0.name, revision: $0.revision) }, forKey: .services)
        case .detailed(let metadata):
            try c.encode(metadata.map(ServiceMetadataDTO.init), forKey: .services)
        }
        if let status {
            try c.encode(status.state.rawValue, forKey: .status)
            try c.encode(status.pinnedInvocations, forKey: .pinned_invocations)
            try c.encode(status.latestFor, forKey: .latest_for)
        }
    }
}

/// `{"deployments": [...]}`.
struct DeploymentListDTO: Encodable {
    let deployments: [DeploymentDTO]
}

/// `RegisterDeploymentResponse`: id, services, protocol range, sdk_version.
struct RegisterDeploymentResponseDTO: Encodable {
    let deployment: Deployment
    let services: [ServiceMetadata]

    private enum Keys: String, CodingKey { case id, services, min_protocol_version, max_protocol_version, sdk_version }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(deployment.id.description, forKey: .id)
        try c.encode(services.map(ServiceMetadataDTO.init), forKey: .services)
        try c.encode(deployment.minProtocolVersion, forKey: .min_protocol_version)
        try c.encode(deployment.maxProtocolVersion, forKey: .max_protocol_version)
        try c.encodeIfPresent(deployment.sdkVersion, forKey: .sdk_version)
    }
}

/// The optional body of `POST /deployments/{id}/promote`.
struct PromoteDeploymentRequestDTO: Decodable {
    /// Allow breaking changes against the current latest revisions.
    let breaking: Bool?
    /// Answer what would result; store nothing.
    let dry_run: Bool?
}
