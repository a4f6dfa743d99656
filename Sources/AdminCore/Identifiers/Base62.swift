/// The fixed-width base62 codec of Restate resource ids (BEHAVIOR.md §3).
///
/// Alphabet `0-9a-zA-Z`; a `u64` takes 11 characters and a `u128` 22, left-padded with `'0'`.
/// The codec works on plain integers; the byte-order quirk (ids encode the byte-swapped value)
/// is applied by the callers, see ``ResourceIDCodec``.
enum Base62 {
    /// The alphabet, in digit order.
    static let alphabet: [UInt8] = Array("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
    /// Width of an encoded `UInt64`.
    static let u64Width = 11
    /// Width of an encoded `UInt128`.
    static let u128Width = 22

    /// Encodes `value` at exactly `width` digits (the width must be large enough for the type).
    static func encode<T: FixedWidthInteger & UnsignedInteger>(_ value: T, width: Int) -> String {
        var digits = [UInt8](repeating: UInt8(ascii: "0"), count: width)
        var rest = value
        var index = width - 1
        while rest > 0, index >= 0 {
            let (quotient, remainder) = rest.quotientAndRemainder(dividingBy: 62)
            digits[index] = alphabet[Int(remainder)]
            rest = quotient
            index -= 1
        }
        return String(decoding: digits, as: UTF8.self)
    }

    /// The value of one digit, or `nil` for a byte outside the alphabet.
    static func digitValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return byte - UInt8(ascii: "A") + 36
        default: return nil
        }
    }

    /// Decodes digits into a `UInt128`; `nil` on a byte outside the alphabet or on overflow.
    static func decode(_ digits: some Collection<UInt8>) -> UInt128? {
        var value: UInt128 = 0
        for byte in digits {
            guard let digit = digitValue(byte) else { return nil }
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 62)
            let (sum, overflow2) = shifted.addingReportingOverflow(UInt128(digit))
            if overflow1 || overflow2 { return nil }
            value = sum
        }
        return value
    }
}
