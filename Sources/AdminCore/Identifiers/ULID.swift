import Foundation

/// A ULID: a 128-bit identifier made of a 48-bit millisecond Unix timestamp (high bits) and
/// 80 random bits. Deployment and subscription ids wrap one.
///
/// Ordering follows the 128-bit value, so a later timestamp always sorts after an earlier one.
public struct ULID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The 128-bit value: timestamp in the top 48 bits, randomness in the low 80.
    public let rawValue: UInt128

    /// The mask of the 80 random bits.
    static let randomMask: UInt128 = (UInt128(1) << 80) - 1
    /// The mask of the 48 timestamp bits (before shifting).
    static let timestampMask: UInt64 = (UInt64(1) << 48) - 1

    /// Wraps a raw 128-bit value.
    public init(rawValue: UInt128) {
        self.rawValue = rawValue
    }

    /// Builds a ULID from its parts; the timestamp keeps its low 48 bits, the random part its low 80.
    public init(timestampMilliseconds: UInt64, random: UInt128) {
        let timestamp = UInt128(timestampMilliseconds & Self.timestampMask) << 80
        self.rawValue = timestamp | (random & Self.randomMask)
    }

    /// Builds a ULID from its 16 canonical big-endian bytes; `nil` unless exactly 16 bytes.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 16 else { return nil }
        var value: UInt128 = 0
        for byte in bytes { value = value << 8 | UInt128(byte) }
        self.rawValue = value
    }

    /// The creation time in milliseconds since the Unix epoch.
    public var timestampMilliseconds: UInt64 {
        UInt64(truncatingIfNeeded: rawValue >> 80)
    }

    /// The creation time.
    public var timestamp: Date {
        Date(timeIntervalSince1970: Double(timestampMilliseconds) / 1000)
    }

    /// The 80 random bits.
    public var random: UInt128 {
        rawValue & Self.randomMask
    }

    /// The 16 canonical big-endian bytes.
    public var bytes: [UInt8] {
        (0..<16).map { UInt8(truncatingIfNeeded: rawValue >> (8 * (15 - $0))) }
    }

    /// The canonical 26-character Crockford base32 text, e.g. `01JH0N5ZQF…`.
    public var description: String {
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)
        var characters = [UInt8](repeating: 0, count: 26)
        var value = rawValue
        for index in stride(from: 25, through: 0, by: -1) {
            characters[index] = alphabet[Int(value & 0x1F)]
            value >>= 5
        }
        return String(decoding: characters, as: UTF8.self)
    }

    /// Orders by the 128-bit value (time order first).
    public static func < (lhs: ULID, rhs: ULID) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    /// Generates a ULID for `now` with 80 bits from `rng`.
    public static func generate(now: Date = Date(), using rng: inout some RandomNumberGenerator) -> ULID {
        let high = UInt128(rng.next() as UInt64)
        let low = UInt128((rng.next() as UInt64) & 0xFFFF)
        return ULID(timestampMilliseconds: milliseconds(of: now), random: high << 16 | low)
    }

    /// Generates a ULID for `now` with the system random number generator.
    public static func generate(now: Date = Date()) -> ULID {
        var rng = SystemRandomNumberGenerator()
        return generate(now: now, using: &rng)
    }

    /// Milliseconds since the epoch, clamped at zero.
    static func milliseconds(of date: Date) -> UInt64 {
        let value = (date.timeIntervalSince1970 * 1000).rounded(.down)
        guard value > 0 else { return 0 }
        guard value < Double(timestampMask) else { return timestampMask }
        return UInt64(value)
    }
}
