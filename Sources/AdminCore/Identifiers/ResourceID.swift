/// A value written as text: parsed from it, rendered to it (`description`), and encoded as a JSON
/// string of it (resource ids, deployment URIs, Lambda ARNs).
public protocol TextEncodable: Codable, CustomStringConvertible {
    /// Parses the value from its text.
    /// - Throws: ``AdminError`` of kind `.invalidArgument` saying what is wrong.
    init(parsing text: String) throws(AdminError)
}

extension TextEncodable {
    /// Decodes the value from its text.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            self = try Self(parsing: text)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    /// Encodes the value's text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A Restate resource id (`dp_1…`, `sub_1…`, `inv_1…`), parsed with Restate's reasons
/// (BEHAVIOR.md §3: the error's message is the reason only, with no code).
public protocol ResourceID: TextEncodable, Hashable, Comparable, Sendable {}
