import Foundation

/// A JSON value, e.g. a handler's JSON schema. Round-trips JSON; objects encode with sorted keys.
///
/// ``parse(_:)`` and ``jsonText`` keep `2.0` and `2` apart; through `Codable` an integral double
/// may come back as ``int(_:)``, depending on the coder.
public enum JSONValue: Hashable, Sendable, Codable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// An integral number that fits in `Int64`.
    case int(Int64)
    /// Any other number.
    case double(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object.
    case object([String: JSONValue])

    /// Decodes any JSON value.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else if let value = try? container.decode([String: JSONValue].self) {
            self = .object(value)
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a JSON value")
        }
    }

    /// Encodes the value.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// Parses JSON text strictly (RFC 8259, like serde_json).
    /// - Throws: ``AdminError`` (`.invalidArgument`) with serde_json-like syntax messages.
    public static func parse(_ data: Data) throws(AdminError) -> JSONValue {
        do {
            return try JSONParser.parse(data).jsonValue
        } catch {
            throw AdminError(.invalidArgument, error.description)
        }
    }

    /// Compact JSON text, objects with sorted keys.
    public var jsonText: String {
        JSONWriter.write(OrderedJSON(self))
    }

    /// The member `key` when this is an object.
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }
}
