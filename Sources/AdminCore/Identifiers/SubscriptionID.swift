import Foundation

/// A subscription id, `sub_1` followed by the 22-character base62 form of a ULID (27 characters).
///
/// Ordered by the ULID, so the most recently created subscription is the greatest.
public struct SubscriptionID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The id prefix, `sub`.
    public static let prefix = "sub"

    /// The wrapped ULID.
    public let ulid: ULID

    /// Wraps a ULID.
    public init(ulid: ULID) {
        self.ulid = ulid
    }

    /// Parses `sub_1…` with Restate's reasons; trailing characters are rejected as `bad length`.
    /// - Throws: ``AdminError`` of kind `.invalidArgument`, no code, message = the reason only.
    public init(parsing text: String) throws(AdminError) {
        var cursor = try ResourceIDCodec.payload(of: text, expecting: .subscription)
        let raw = try cursor.nextUInt128()
        guard cursor.remaining == 0 else { throw ResourceIDCodec.error(.length) }
        self.ulid = ULID(rawValue: raw)
    }

    /// When the id was generated (the ULID timestamp).
    public var createdAt: Date { ulid.timestamp }

    /// The id text, `sub_1…`.
    public var description: String {
        ResourceIDCodec.render(.subscription, [.u128(ulid.rawValue)])
    }

    /// Orders by ULID (creation time first).
    public static func < (lhs: SubscriptionID, rhs: SubscriptionID) -> Bool {
        lhs.ulid < rhs.ulid
    }

    /// A new id for `now`, with randomness from `rng`.
    public static func generate(now: Date = Date(), using rng: inout some RandomNumberGenerator) -> SubscriptionID {
        SubscriptionID(ulid: .generate(now: now, using: &rng))
    }

    /// A new id for `now`, with the system random number generator.
    public static func generate(now: Date = Date()) -> SubscriptionID {
        SubscriptionID(ulid: .generate(now: now))
    }

    /// Decodes from the id text.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            self = try SubscriptionID(parsing: text)
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
