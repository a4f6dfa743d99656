import AdminCore

/// Builders for the JSON Schema fragments of the admin API's OpenAPI 3.1 document
/// (``OpenAPISchema``), so each shape reads as a list of its keys.
enum JSONSchema {
    /// Any string.
    static let string: JSONValue = .object(["type": "string"])
    /// A string or `null`.
    static let nullableString: JSONValue = .object(["type": ["string", "null"]])
    /// `true` or `false`.
    static let boolean: JSONValue = .object(["type": "boolean"])
    /// An integer that fits in a `u32`.
    static let u32: JSONValue = .object(["type": "integer", "format": "int32", "minimum": .int(0), "maximum": .int(Int64(UInt32.max))])
    /// An integer that fits in an `i32`.
    static let i32: JSONValue = .object(["type": "integer", "format": "int32"])
    /// An object of string values (headers, metadata, subscription options).
    static let stringMap: JSONValue = .object(["type": "object", "additionalProperties": string])
    /// Any JSON value.
    static let any: JSONValue = .object([:])

    /// A reference to a component schema.
    static func ref(_ schema: OpenAPISchema) -> JSONValue {
        .object(["$ref": .string("#/components/schemas/\(schema.rawValue)")])
    }

    /// `schema` or `null`.
    static func nullable(_ schema: JSONValue) -> JSONValue {
        .object(["oneOf": [.object(["type": "null"]), schema]])
    }

    /// An array of `items`.
    static func array(_ items: JSONValue) -> JSONValue {
        .object(["type": "array", "items": items])
    }

    /// One of the given strings.
    static func enumeration(_ values: [String], description: String? = nil) -> JSONValue {
        described(.object(["type": "string", "enum": .array(values.map(JSONValue.string))]), description)
    }

    /// `schema` with a description.
    static func described(_ schema: JSONValue, _ description: String?) -> JSONValue {
        guard let description, case .object(var members) = schema else { return schema }
        members["description"] = .string(description)
        return .object(members)
    }

    /// `schema` flagged as this project's addition to Restate's API, with what it is.
    static func addition(_ schema: JSONValue, _ description: String) -> JSONValue {
        guard case .object(var members) = described(schema, description) else { return schema }
        members["x-swift-restate-admin-addition"] = true
        return .object(members)
    }

    /// An object with `properties`, of which `required` are always present.
    /// - Parameters:
    ///   - closed: whether other keys are refused (`additionalProperties: false`): set on what
    ///     this server answers, whose keys are exactly known; request bodies stay open, since the
    ///     server ignores unknown keys as Restate's does.
    ///   - description: what the object is.
    static func object(
        _ properties: KeyValuePairs<String, JSONValue>, required: [String] = [], closed: Bool = false, description: String? = nil
    ) -> JSONValue {
        var members: [String: JSONValue] = [
            "type": "object",
            "properties": .object(Dictionary(uniqueKeysWithValues: properties.map { ($0.key, $0.value) })),
        ]
        if !required.isEmpty { members["required"] = .array(required.map(JSONValue.string)) }
        if closed { members["additionalProperties"] = false }
        return described(.object(members), description)
    }
}
