import Foundation

/// The kind of a ULID-backed resource id: its prefix.
public protocol ULIDResourceKind: Sendable {
    /// The id prefix, e.g. `dp`.
    static var prefix: String { get }
}

/// A resource id that wraps a ULID: the prefix, `_1`, then the 22-character base62 form of the
/// ULID. Ordered by the ULID, so the most recently created resource is the greatest.
///
/// Deployment and subscription ids are this one type with different kinds (``DeploymentID``,
/// ``SubscriptionID``).
public struct ULIDResourceID<Kind: ULIDResourceKind>: ResourceID {
    /// The id prefix.
    public static var prefix: String { Kind.prefix }

    /// The wrapped ULID.
    public let ulid: ULID

    /// Wraps a ULID.
    public init(ulid: ULID) {
        self.ulid = ulid
    }

    /// Parses `<prefix>_1…` with Restate's reasons; trailing characters are rejected as `bad length`.
    /// - Throws: ``AdminError`` of kind `.invalidArgument`, no code, message = the reason only.
    public init(parsing text: String) throws(AdminError) {
        var cursor = try ResourceIDCodec.payload(of: text, expecting: Kind.prefix)
        let raw = try cursor.nextUInt128()
        guard cursor.remaining == 0 else { throw ResourceIDCodec.error(.length) }
        self.ulid = ULID(rawValue: raw)
    }

    /// When the id was generated (the ULID timestamp).
    public var createdAt: Date { ulid.timestamp }

    /// The id text, `<prefix>_1…`.
    public var description: String {
        ResourceIDCodec.render(Kind.prefix, [.u128(ulid.rawValue)])
    }

    /// Orders by ULID (creation time first).
    public static func < (lhs: Self, rhs: Self) -> Bool {
        lhs.ulid < rhs.ulid
    }

    /// A new id for `now`, with randomness from `rng`.
    public static func generate(now: Date = Date(), using rng: inout some RandomNumberGenerator) -> Self {
        Self(ulid: .generate(now: now, using: &rng))
    }

    /// A new id for `now`, with the system random number generator.
    public static func generate(now: Date = Date()) -> Self {
        Self(ulid: .generate(now: now))
    }
}

/// The kind of deployment ids (`dp`).
public enum DeploymentKind: ULIDResourceKind {
    /// `dp`.
    public static var prefix: String { "dp" }
}

/// The kind of subscription ids (`sub`).
public enum SubscriptionKind: ULIDResourceKind {
    /// `sub`.
    public static var prefix: String { "sub" }
}

/// A deployment id, `dp_1` followed by the 22-character base62 form of a ULID (26 characters).
public typealias DeploymentID = ULIDResourceID<DeploymentKind>

/// A subscription id, `sub_1` followed by the 22-character base62 form of a ULID (27 characters).
public typealias SubscriptionID = ULIDResourceID<SubscriptionKind>
