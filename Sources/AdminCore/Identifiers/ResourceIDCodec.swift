/// The resource-id scheme V1 shared by all ids: `<prefix>_1<fixed-width base62 payload>`.
///
/// Parsing follows Restate's order and reasons (BEHAVIOR.md §3): empty → `bad length`; no `_` →
/// `bad format`; unknown prefix → `unrecognized resource type: {prefix}`; version char missing →
/// `bad length`, not `1` → `unrecognized codec version`; wrong prefix → `id doesn't match the
/// expected type`; short payload → `bad length`; bad digit or overflow → `base62 decode error`.
enum ResourceIDCodec {
    /// The resource types of the scheme, by prefix.
    enum ResourceType: String, CaseIterable {
        case invocation = "inv"
        case deployment = "dp"
        case subscription = "sub"
        case awakeable = "prom"
        case signal = "sign"
        case snapshot = "snap"
    }

    /// The scheme version character.
    static let versionCharacter = "1"

    /// Reads the payload of an id, integer by integer, from its UTF-8 bytes.
    struct Cursor {
        let bytes: [UInt8]
        var offset: Int

        /// How many bytes were not consumed.
        var remaining: Int { bytes.count - offset }

        /// Decodes the next fixed-width `UInt128` (byte-swapped on the wire).
        mutating func nextUInt128() throws(AdminError) -> UInt128 {
            let raw = try nextRaw(width: Base62.u128Width)
            return raw.byteSwapped
        }

        /// Decodes the next fixed-width `UInt64` (byte-swapped on the wire).
        mutating func nextUInt64() throws(AdminError) -> UInt64 {
            let raw = try nextRaw(width: Base62.u64Width)
            guard let value = UInt64(exactly: raw) else { throw ResourceIDCodec.error(.codec) }
            return value.byteSwapped
        }

        private mutating func nextRaw(width: Int) throws(AdminError) -> UInt128 {
            let end = offset + width
            guard end <= bytes.count, ResourceIDCodec.isCharBoundary(bytes, end) else {
                throw ResourceIDCodec.error(.length)
            }
            guard let value = Base62.decode(bytes[offset..<end]) else { throw ResourceIDCodec.error(.codec) }
            offset = end
            return value
        }
    }

    /// Restate's parse reasons.
    enum Reason {
        case length, codec, format, version, typeMismatch
        case unrecognizedType(String)

        var text: String {
            switch self {
            case .length: return "bad length"
            case .codec: return "base62 decode error"
            case .format: return "bad format"
            case .version: return "unrecognized codec version"
            case .typeMismatch: return "id doesn't match the expected type"
            case .unrecognizedType(let prefix): return "unrecognized resource type: \(prefix)"
            }
        }
    }

    /// The error for a reason: `.invalidArgument`, no code, the reason as message.
    static func error(_ reason: Reason) -> AdminError {
        AdminError(.invalidArgument, reason.text)
    }

    /// Parses prefix and version, checks the type, and returns a cursor on the payload.
    static func payload(of input: String, expecting prefix: String) throws(AdminError) -> Cursor {
        let bytes = Array(input.utf8)
        guard !bytes.isEmpty else { throw error(.length) }
        guard let separator = bytes.firstIndex(of: UInt8(ascii: "_")) else { throw error(.format) }
        let found = String(decoding: bytes[..<separator], as: UTF8.self)
        guard ResourceType(rawValue: found) != nil else { throw error(.unrecognizedType(found)) }
        let versionIndex = separator + 1
        guard versionIndex + 1 <= bytes.count, isCharBoundary(bytes, versionIndex + 1) else {
            throw error(.length)
        }
        guard bytes[versionIndex] == UInt8(ascii: "1") else { throw error(.version) }
        guard found == prefix else { throw error(.typeMismatch) }
        return Cursor(bytes: bytes, offset: versionIndex + 1)
    }

    /// Renders an id: prefix, `_1`, then each integer byte-swapped and base62-encoded.
    static func render(_ prefix: String, _ parts: [Part]) -> String {
        var text = prefix + "_" + versionCharacter
        for part in parts {
            switch part {
            case .u64(let value): text += Base62.encode(value.byteSwapped, width: Base62.u64Width)
            case .u128(let value): text += Base62.encode(value.byteSwapped, width: Base62.u128Width)
            }
        }
        return text
    }

    /// One integer of an id payload.
    enum Part {
        case u64(UInt64)
        case u128(UInt128)
    }

    /// Whether `index` falls on a UTF-8 character boundary (as Rust's `str::get` requires).
    static func isCharBoundary(_ bytes: [UInt8], _ index: Int) -> Bool {
        index == bytes.count || (index < bytes.count && bytes[index] & 0xC0 != 0x80)
    }
}
