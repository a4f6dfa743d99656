import Foundation

/// A deployment id, `dp_1` followed by the 22-character base62 form of a ULID (26 characters).
///
/// Ordered by the ULID, so the most recently created deployment is the greatest.
public struct DeploymentID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The id prefix, `dp`.
    public static let prefix = "dp"

    /// The wrapped ULID.
    public let ulid: ULID

    /// Wraps a ULID.
    public init(ulid: ULID) {
        self.ulid = ulid
    }

    /// Parses `dp_1…` with Restate's reasons; trailing characters are rejected as `bad length`.
    /// - Throws: ``AdminError`` of kind `.invalidArgument`, no code, message = the reason only.
    public init(parsing text: String) throws(AdminError) {
        var cursor = try ResourceIDCodec.payload(of: text, expecting: .deployment)
        let raw = try cursor.nextUInt128()
        guard cursor.remaining == 0 else { throw ResourceIDCodec.error(.length) }
        self.ulid = ULID(rawValue: raw)
    }

    /// When the id was generated (the ULID timestamp).
    public var createdAt: Date { ulid.timestamp }

    /// The id text, `dp_1…`.
    public var description: String {
        ResourceIDCodec.render(.deployment, [.u128(ulid.rawValue)])
    }

    /// Orders by ULID (creation time first).
    public static func < (lhs: DeploymentID, rhs: DeploymentID) -> Bool {
        lhs.ulid < rhs.ulid
    }

    /// A new id for `now`, with randomness from `rng`.
    public static func generate(now: Date = Date(), using rng: inout some RandomNumberGenerator) -> DeploymentID {
        DeploymentID(ulid: .generate(now: now, using: &rng))
    }

    /// A new id for `now`, with the system random number generator.
    public static func generate(now: Date = Date()) -> DeploymentID {
        DeploymentID(ulid: .generate(now: now))
    }

    /// Decodes from the id text.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            self = try DeploymentID(parsing: text)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    /// Encodes the id text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
