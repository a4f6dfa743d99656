/// Validation of `additional_headers` maps (BEHAVIOR.md §4.2): names must be HTTP tokens and are
/// lower-cased; values must be valid header bytes.
enum HeaderMap {
    private static let tokenExtras = Set("!#$%&'*+-.^_`|~".unicodeScalars)

    /// The lower-cased map, or `nil` when a name or value is invalid.
    static func validated(_ headers: [String: String]) -> [String: String]? {
        var result: [String: String] = [:]
        for (name, value) in headers {
            guard !name.isEmpty, name.unicodeScalars.allSatisfy(isTokenCharacter) else { return nil }
            guard value.unicodeScalars.allSatisfy({ $0 == "\t" || ($0.value >= 0x20 && $0.value != 0x7F) }) else { return nil }
            result[name.lowercased()] = value
        }
        return result
    }

    private static func isTokenCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || tokenExtras.contains(scalar))
    }
}
