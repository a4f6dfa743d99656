import Foundation

/// Whether a deployment could be registered after another one without breaking anything, decided
/// offline by the registration rules themselves.
///
/// The check registers `old` and then `new`, under two different addresses, into a throwaway
/// in-memory registry with ``SchemaUpdater/register(_:discovered:in:configuration:newID:now:)``
/// and breaking changes not allowed, exactly as `POST /deployments` without `breaking` or `force`
/// would. It has no rules of its own: what it reports as breaking is what the META0006 refusal of
/// that second registration lists (VERSIONING.md R22–R25), and what it refuses as invalid is what
/// the registration of either endpoint alone refuses (R11–R16).
///
/// ```swift
/// let old = try CompatibilityCheck.endpoint(manifest: Data(contentsOf: oldFile))
/// let new = try CompatibilityCheck.endpoint(manifest: Data(contentsOf: newFile))
/// let report = try CompatibilityCheck.check(old: old, new: new)
/// if !report.isCompatible { print(report.breakingChanges) }
/// ```
public enum CompatibilityCheck {
    /// The content type a manifest file is read with: the newest manifest version discovery
    /// accepts (v4). Restate decodes every version with the same, newest type and does not check
    /// that the fields belong to the announced version, so a v1, v2 or v3 manifest reads the same.
    public static let manifestFileContentType = DiscoveryResponseValidator.manifestContentTypes[3]

    /// The transport a manifest file is treated as discovered over: HTTP/2, on which every
    /// protocol mode is accepted.
    public static let manifestFileTransport = DiscoveryTransport.http(.http2)

    /// Reads an endpoint manifest (the body of a `/discover` response) as discovery would: decoded
    /// strictly, then checked for a protocol mode and a supported protocol version range.
    /// - Parameter body: the manifest JSON, any manifest version v1…v4.
    /// - Returns: the endpoint as discovery would return it, with no SDK version.
    /// - Throws: ``AdminError`` of kind `.discovery`: no code for a body that does not decode,
    ///   META0013 for a missing protocol mode or bad version bounds, META0012 for a range that
    ///   misses the supported versions.
    public static func endpoint(manifest body: Data) throws(AdminError) -> DiscoveredEndpoint {
        try DiscoveryResponseValidator.validate(
            contentType: manifestFileContentType, body: body, transport: manifestFileTransport, serverHeader: nil
        )
    }

    /// Registers `endpoint` alone into an empty registry and returns the deployment it would
    /// create: whether registration would accept it at all, whatever came before.
    /// - Parameters:
    ///   - endpoint: a discovered endpoint (``endpoint(manifest:)``, or a ``DiscoveryClient``'s).
    ///   - configuration: the settings the rules read.
    /// - Returns: the deployment, with its service revisions as the rules built them.
    /// - Throws: ``AdminError``: META0005 for a reserved service name, or the first uncoded
    ///   validation error (a bad service and handler type combination, a misplaced retention, a
    ///   public handler in a private service, a bad content type or JSON schema).
    @discardableResult
    public static func validate(
        _ endpoint: DiscoveredEndpoint, configuration: AdminConfiguration = AdminConfiguration()
    ) throws(AdminError)
        -> Deployment
    {
        try register(endpoint, as: .old, in: InMemoryTransaction(state: InMemoryRegistry(changeLogRetention: 1)), configuration: configuration)
    }

    /// Checks whether `new` can be registered after `old` (under another address) without
    /// `breaking` or `force`.
    /// - Parameters:
    ///   - old: the endpoint registered first: its services become the latest revisions.
    ///   - new: the endpoint registered second.
    ///   - configuration: the settings the rules read.
    /// - Returns: every breaking change (empty when compatible), and the compatible differences.
    /// - Throws: the ``AdminError`` that registering `old` alone, else `new` alone, raises (see
    ///   ``validate(_:configuration:)``; call it on each first to tell which one is invalid).
    public static func check(
        old: DiscoveredEndpoint, new: DiscoveredEndpoint, configuration: AdminConfiguration = AdminConfiguration()
    )
        throws(AdminError) -> CompatibilityReport
    {
        let proposed = try validate(new, configuration: configuration)
        let registry = InMemoryTransaction(state: InMemoryRegistry(changeLogRetention: 1))
        let previous = try register(old, as: .old, in: registry, configuration: configuration)
        var breakingChanges: [BreakingChange] = []
        do {
            try register(new, as: .new, in: registry, configuration: configuration)
        } catch  where error.code == .meta0006 {
            breakingChanges = error.violations
        }
        return CompatibilityReport(breakingChanges: breakingChanges, old: previous, new: proposed)
    }

    /// The two sides of a check: each is registered at an address of its own.
    private enum Side {
        /// The endpoint registered first.
        case old
        /// The endpoint registered second.
        case new

        /// A placeholder address; the two differ, so the second registration creates a deployment
        /// rather than finding the first one unchanged (R18–R21).
        var uri: String { self == .old ? "http://old.check-compat.invalid:9080/" : "http://new.check-compat.invalid:9080/" }
        /// A fixed id (a check stores nothing).
        var id: DeploymentID { DeploymentID(ulid: ULID(timestampMilliseconds: 0, random: self == .old ? 1 : 2)) }
    }

    /// Registers `endpoint` as `side` into `registry` and applies the changes.
    @discardableResult
    private static func register(
        _ endpoint: DiscoveredEndpoint, as side: Side, in registry: InMemoryTransaction, configuration: AdminConfiguration
    ) throws(AdminError) -> Deployment {
        let request = RegistrationRequest(address: .http(try DeploymentURI(parsing: side.uri), useHTTP11: false))
        let (changes, outcome) = try SchemaUpdater.register(
            request, discovered: endpoint, in: registry, configuration: configuration, newID: side.id, now: 0
        )
        do {
            try changes.apply(to: registry)
        } catch {
            throw AdminError(.internal, "cannot apply a registration to the in-memory registry: \(error)")
        }
        return outcome.deployment
    }
}
