import Foundation

/// A size in bytes, such as the bound on a discovery response (`admin.discovery-max-response-size`).
///
/// It is read from a whole number of bytes (`16777216`) or a number with a unit (`"16MiB"`,
/// `"16 MiB"`, `"500kB"`; binary units `KiB`, `MiB`, `GiB`, decimal units `kB`, `MB`, `GB`, and
/// `B`, in any letter case) and renders in the largest binary unit that divides it (`16 MiB`),
/// otherwise in bytes.
public struct ByteSize: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The number of bytes.
    public var bytes: Int

    /// A size of `bytes` bytes.
    public init(bytes: Int) {
        self.bytes = bytes
    }

    /// `count` KiB (1,024 bytes each).
    public static func kibibytes(_ count: Int) -> ByteSize { ByteSize(bytes: count * 1024) }

    /// `count` MiB (1,048,576 bytes each).
    public static func mebibytes(_ count: Int) -> ByteSize { ByteSize(bytes: count * 1024 * 1024) }

    /// Reads a size such as `16777216`, `"16MiB"` or `"16 MiB"`.
    /// - Throws: ``AdminError`` of kind `.invalidArgument` for anything else, a negative number or a
    ///   size beyond `Int.max`.
    public init(parsing text: String) throws(AdminError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let digits = trimmed.prefix { $0.isASCII && $0.isNumber }
        let unitText = trimmed.dropFirst(digits.count).trimmingCharacters(in: .whitespaces).lowercased()
        guard !digits.isEmpty, let number = Int(digits), let unit = Self.units[unitText] else {
            throw AdminError(
                .invalidArgument,
                "'\(text)' is not a size: expected a whole number of bytes, optionally with a unit (B, KiB, MiB, GiB, kB, MB, GB)"
            )
        }
        let (product, overflow) = number.multipliedReportingOverflow(by: unit)
        guard !overflow else { throw AdminError(.invalidArgument, "'\(text)' is too large a size") }
        self.bytes = product
    }

    /// The units a size may carry, lower-cased, with their factors.
    private static let units: [String: Int] = [
        "": 1, "b": 1, "kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "kb": 1_000, "mb": 1_000_000, "gb": 1_000_000_000,
    ]

    /// `16 MiB`, `1 KiB`, `1000 bytes`, `1 byte`.
    public var description: String {
        for (factor, unit) in [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")] where bytes > 0 && bytes % factor == 0 {
            return "\(bytes / factor) \(unit)"
        }
        return bytes == 1 ? "1 byte" : "\(bytes) bytes"
    }

    /// Orders sizes by their number of bytes.
    public static func < (lhs: ByteSize, rhs: ByteSize) -> Bool { lhs.bytes < rhs.bytes }
}
