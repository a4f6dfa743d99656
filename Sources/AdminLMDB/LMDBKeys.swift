import AdminCore

/// How records are keyed in the named databases.
///
/// Variable-length parts are length-prefixed (big-endian `UInt16`), so a prefix never matches a
/// longer name; revisions are big-endian, so byte order is numeric order and the highest revision
/// of a service is found by one cursor seek. Parts longer than ``maximumPart`` bytes are shortened
/// to a prefix plus a 64-bit FNV-1a hash (LMDB keys are at most 511 bytes). Two different names can
/// therefore share a key, so every record keyed by a name is a *bucket*: the value lists the full
/// names (with their data) that map to the key, writers merge into it and readers pick their own
/// entry.
struct LMDBKeys {
    /// The longest part stored verbatim.
    static let maximumPart = 240

    static let schemaVersion = Array("schema_version".utf8)
    static let formatVersion = Array("format_version".utf8)

    /// ANDed into the hash of shortened parts. Always `UInt64.max` in production; tests pass `0`
    /// to make every shortened part with the same prefix collide.
    let hashMask: UInt64

    init(hashMask: UInt64 = .max) { self.hashMask = hashMask }

    /// A length-prefixed, possibly shortened part.
    func part(_ text: String) -> [UInt8] {
        var bytes = Array(text.utf8)
        if bytes.count > Self.maximumPart {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            bytes = Array(bytes.prefix(Self.maximumPart - 8)) + Self.bigEndian(hash & hashMask)
        }
        return Self.bigEndian(UInt16(bytes.count)) + bytes
    }

    /// `identity`: part(identity key) + deployment id. A deployment has one identity key, so two
    /// keys never share an entry; the value is the full identity key, which readers compare.
    func identity(_ key: String, _ id: String) -> [UInt8] { part(key) + Array(id.utf8) }

    /// `revisions`: part(service) + big-endian revision + deployment id. The value is a bucket of
    /// the full service names (one deployment may serve two names that shorten alike).
    func revision(_ service: String, _ revision: UInt32, _ id: String) -> [UInt8] {
        part(service) + Self.bigEndian(revision) + Array(id.utf8)
    }

    /// `pinned`: part(deployment id) + invocation id, for an unfinished invocation pinned to it.
    func pinned(_ deployment: DeploymentID, _ invocation: InvocationID) -> [UInt8] {
        part(deployment.description) + Array(invocation.description.utf8)
    }

    /// `state`: part(service) + part(key).
    func state(_ service: String, _ key: String) -> [UInt8] { part(service) + part(key) }

    /// The big-endian bytes of an integer.
    static func bigEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }

    /// Reads a big-endian integer from `bytes` at `offset`, or `nil` when too short.
    static func integer<T: FixedWidthInteger>(_ type: T.Type, _ bytes: [UInt8], at offset: Int = 0) -> T? {
        let size = MemoryLayout<T>.size
        guard bytes.count >= offset + size else { return nil }
        return bytes[offset..<offset + size].reduce(T.zero) { ($0 << 8) | T($1) }
    }
}
