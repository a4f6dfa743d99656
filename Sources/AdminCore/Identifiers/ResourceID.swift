/// A Restate resource id (`dp_1…`, `sub_1…`, `inv_1…`): parsed from and rendered to its text,
/// which is also how it is encoded (a JSON string).
public protocol ResourceID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Parses the id from its text with Restate's reasons (BEHAVIOR.md §3).
    /// - Throws: ``AdminError`` of kind `.invalidArgument`, no code, message = the reason only.
    init(parsing text: String) throws(AdminError)
}

extension ResourceID {
    /// Decodes the id from its text.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            self = try Self(parsing: text)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    /// Encodes the id's text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
