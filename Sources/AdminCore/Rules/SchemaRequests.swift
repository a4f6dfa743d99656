/// Whether a registration may make breaking changes (VERSIONING.md R1).
public enum AllowBreakingChanges: Sendable, Hashable { case yes, no }

/// Whether a registration or update replaces an existing deployment's services (R1, R20, R36).
public enum Overwrite: Sendable, Hashable { case yes, no }

/// Whether an operation is stored or only computed (R3).
public enum ApplyMode: Sendable, Hashable { case apply, dryRun }

/// The address part of a register or update request, before discovery.
public enum RequestedAddress: Sendable, Hashable, CustomStringConvertible {
    /// An HTTP endpoint; `useHTTP11` forces an HTTP/1.1 discovery.
    case http(DeploymentURI, useHTTP11: Bool)
    /// A Lambda function, with an optional role to assume.
    case lambda(LambdaARN, assumeRoleARN: String?)

    /// The identity key of this address (VERSIONING.md R18).
    public var identityKey: String {
        switch self {
        case .http(let uri, _): return DeploymentAddress.identityKey(uri: uri)
        case .lambda(let arn, _): return DeploymentAddress.identityKey(arn: arn)
        }
    }

    /// Whether this is an HTTP address.
    public var isHTTP: Bool {
        if case .http = self { return true }
        return false
    }

    /// The URI or ARN.
    public var description: String {
        switch self {
        case .http(let uri, _): return uri.description
        case .lambda(let arn, _): return arn.description
        }
    }

    /// The stored address for this request and what discovery found.
    public func deploymentAddress(discovered: DiscoveredEndpoint) -> DeploymentAddress {
        switch self {
        case .http(let uri, _):
            let version: HTTPVersion
            if case .http(let v) = discovered.transport { version = v } else { version = .http2 }
            return .http(uri: uri, protocolType: discovered.protocolType, httpVersion: version)
        case .lambda(let arn, let role):
            return .lambda(arn: arn, assumeRoleARN: role, compression: discovered.lambdaCompression)
        }
    }
}

/// A deployment registration (POST /deployments) after flag mapping.
public struct RegistrationRequest: Sendable, Hashable {
    /// Where the deployment lives.
    public var address: RequestedAddress
    /// Headers for discovery and invocations.
    public var additionalHeaders: AdditionalHeaders
    /// User metadata.
    public var metadata: [String: String]
    /// Whether breaking changes are allowed.
    public var allowBreaking: AllowBreakingChanges
    /// Whether an existing deployment at the same address is overwritten.
    public var overwrite: Overwrite
    /// Store, or only compute.
    public var mode: ApplyMode

    /// Creates a request.
    public init(
        address: RequestedAddress, additionalHeaders: AdditionalHeaders = [:], metadata: [String: String] = [:],
        allowBreaking: AllowBreakingChanges = .no, overwrite: Overwrite = .no, mode: ApplyMode = .apply
    ) {
        self.address = address
        self.additionalHeaders = additionalHeaders
        self.metadata = metadata
        self.allowBreaking = allowBreaking
        self.overwrite = overwrite
        self.mode = mode
    }

    /// Maps the REST flags to updater flags: `force` implies breaking and overwrite; its default
    /// depends on the API version (`true` on /v2, `false` on /v3 and unprefixed).
    public static func flags(force: Bool?, breaking: Bool, forceDefault: Bool) -> (AllowBreakingChanges, Overwrite) {
        if force ?? forceDefault { return (.yes, .yes) }
        return (breaking ? .yes : .no, .no)
    }
}

/// The result kind of a registration (R19–R21).
public enum RegistrationResult: String, Sendable, Hashable {
    /// A new deployment was created.
    case created = "Created"
    /// An existing deployment at the same address was returned unchanged.
    case unchanged = "Unchanged"
    /// An existing deployment at the same address was replaced.
    case overwritten = "Overwritten"
}

/// What a registration produced.
public struct RegistrationOutcome: Sendable, Hashable {
    /// Created, unchanged or overwritten.
    public var result: RegistrationResult
    /// The deployment as stored (or as it would be, in a dry run).
    public var deployment: Deployment
}

/// A deployment update (PATCH /deployments/{id}) after defaults were filled in.
public struct UpdateRequest: Sendable, Hashable {
    /// The deployment to update.
    public var id: DeploymentID
    /// The new address fields; `nil` keeps the current address.
    public var address: AddressUpdate?
    /// The new headers; `nil` keeps the current ones.
    public var additionalHeaders: AdditionalHeaders?
    /// Whether services are replaced by the discovered ones.
    public var overwrite: Overwrite
    /// Store, or only compute.
    public var mode: ApplyMode

    /// Creates a request.
    public init(
        id: DeploymentID, address: AddressUpdate? = nil, additionalHeaders: AdditionalHeaders? = nil,
        overwrite: Overwrite = .no, mode: ApplyMode = .apply
    ) {
        self.id = id
        self.address = address
        self.additionalHeaders = additionalHeaders
        self.overwrite = overwrite
        self.mode = mode
    }
}

/// Service-level changes of PATCH /services/{name} (R40); `nil` fields are left alone.
public struct ServiceChanges: Sendable, Hashable {
    /// New visibility.
    public var isPublic: Bool?
    /// New idempotency retention.
    public var idempotencyRetention: RestateDuration?
    /// New journal retention.
    public var journalRetention: RestateDuration?
    /// New workflow completion retention (workflows only).
    public var workflowCompletionRetention: RestateDuration?
    /// New inactivity timeout.
    public var inactivityTimeout: RestateDuration?
    /// New abort timeout.
    public var abortTimeout: RestateDuration?

    /// Creates a change set.
    public init(
        isPublic: Bool? = nil, idempotencyRetention: RestateDuration? = nil, journalRetention: RestateDuration? = nil,
        workflowCompletionRetention: RestateDuration? = nil, inactivityTimeout: RestateDuration? = nil,
        abortTimeout: RestateDuration? = nil
    ) {
        self.isPublic = isPublic
        self.idempotencyRetention = idempotencyRetention
        self.journalRetention = journalRetention
        self.workflowCompletionRetention = workflowCompletionRetention
        self.inactivityTimeout = inactivityTimeout
        self.abortTimeout = abortTimeout
    }

    /// Whether no field is set (R40: a no-op).
    public var isEmpty: Bool {
        isPublic == nil && idempotencyRetention == nil && journalRetention == nil && workflowCompletionRetention == nil
            && inactivityTimeout == nil && abortTimeout == nil
    }
}

/// The address fields of an update request (PATCH /deployments/{id}); absent fields are taken
/// from the current deployment (VERSIONING.md R33, BEHAVIOR.md §5.2).
public enum AddressUpdate: Sendable, Hashable {
    /// HTTP fields: a new URI and/or the HTTP/1.1 switch.
    case http(uri: DeploymentURI?, useHTTP11: Bool?)
    /// Lambda fields: a new ARN and/or the role to assume.
    case lambda(arn: LambdaARN?, assumeRoleARN: String?)

    /// Whether no address field is set.
    public var isEmpty: Bool {
        switch self {
        case .http(let uri, let useHTTP11): return uri == nil && useHTTP11 == nil
        case .lambda(let arn, let role): return arn == nil && role == nil
        }
    }

    /// The address to discover, given the deployment being updated. An update without address
    /// fields keeps the current address, whatever its kind (a headers-only update works for both).
    /// - Throws: an uncoded `.invalidArgument` error when address fields of the other kind are set.
    public func resolve(against current: Deployment) throws(AdminError) -> RequestedAddress {
        if isEmpty { return SchemaUpdater.currentRequestedAddress(current) }
        switch (self, current.address) {
        case (.http(let uri, let useHTTP11), .http(let currentURI, _, let version)):
            if let uri { return .http(uri, useHTTP11: useHTTP11 ?? false) }
            return .http(currentURI, useHTTP11: useHTTP11 ?? (version == .http11))
        case (.lambda(let arn, let role), .lambda(let currentARN, let currentRole, _)):
            if let arn { return .lambda(arn, assumeRoleARN: role) }
            return .lambda(currentARN, assumeRoleARN: role ?? currentRole)
        case (.http, .lambda):
            throw AdminError(
                .invalidArgument, "cannot update the deployment, as the deployment type is lambda while the update options are for type http")
        case (.lambda, .http):
            throw AdminError(
                .invalidArgument, "cannot update the deployment, as the deployment type is http while the update options are for type lambda")
        }
    }
}
