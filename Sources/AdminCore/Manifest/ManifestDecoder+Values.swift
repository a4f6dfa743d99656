/// Value readers of ``ManifestDecoder``, with serde-like messages.
extension ManifestDecoder {
    /// Visits the members of an object in document order, rejecting unknown and duplicate keys.
    static func readObject(
        _ json: ParsedJSON,
        path: String,
        type: String,
        fields: [String],
        _ visit: (String, ParsedJSON, String) throws(Failure) -> Void
    ) throws(Failure) {
        guard case .object(let members) = json else {
            throw Failure(path: path, message: "invalid type: \(json.unexpectedDescription), expected struct \(type)")
        }
        var seen = Set<String>()
        for member in members {
            guard fields.contains(member.key) else {
                throw Failure(path: path, message: "unknown field `\(member.key)`, \(expectation(fields, noun: "fields"))")
            }
            guard seen.insert(member.key).inserted else {
                throw Failure(path: path, message: "duplicate field `\(member.key)`")
            }
            try visit(member.key, member.value, join(path, member.key))
        }
    }

    /// serde's "expected …" wording for a list of alternatives.
    static func expectation(_ names: [String], noun: String) -> String {
        switch names.count {
        case 0: return "there are no \(noun)"
        case 1: return "expected `\(names[0])`"
        case 2: return "expected `\(names[0])` or `\(names[1])`"
        default: return "expected one of " + names.map { "`\($0)`" }.joined(separator: ", ")
        }
    }

    static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    static func missing(_ field: String, at path: String) -> Failure {
        Failure(path: path, message: "missing field `\(field)`")
    }

    static func invalidType(_ json: ParsedJSON, expected: String, path: String) -> Failure {
        Failure(path: path, message: "invalid type: \(json.unexpectedDescription), expected \(expected)")
    }

    static func sequence<T>(
        _ json: ParsedJSON,
        path: String,
        _ element: (ParsedJSON, String) throws(Failure) -> T
    ) throws(Failure) -> [T] {
        guard case .array(let items) = json else { throw invalidType(json, expected: "a sequence", path: path) }
        var result: [T] = []
        result.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            result.append(try element(item, "\(path)[\(index)]"))
        }
        return result
    }

    /// A JSON integer ≥ 0 (≥ 1 when `nonZero`): floats such as `1000.0` and negatives are rejected.
    static func unsigned(_ json: ParsedJSON, path: String, nonZero: Bool = false) throws(Failure) -> UInt64 {
        let expected = nonZero ? "a nonzero u64" : "u64"
        switch json {
        case .unsigned(let value):
            if nonZero && value == 0 {
                throw Failure(path: path, message: "invalid value: integer `0`, expected \(expected)")
            }
            return value
        case .negative(let value):
            throw Failure(path: path, message: "invalid value: integer `\(value)`, expected \(expected)")
        default:
            throw invalidType(json, expected: expected, path: path)
        }
    }

    static func optionalUnsigned(_ json: ParsedJSON, path: String) throws(Failure) -> UInt64? {
        if case .null = json { return nil }
        return try unsigned(json, path: path)
    }

    static func optionalDouble(_ json: ParsedJSON, path: String) throws(Failure) -> Double? {
        switch json {
        case .null: return nil
        case .unsigned(let value): return Double(value)
        case .negative(let value): return Double(value)
        case .float(let value): return value
        default: throw invalidType(json, expected: "f64", path: path)
        }
    }

    static func optionalBool(_ json: ParsedJSON, path: String) throws(Failure) -> Bool? {
        switch json {
        case .null: return nil
        case .bool(let value): return value
        default: throw invalidType(json, expected: "a boolean", path: path)
        }
    }

    static func string(_ json: ParsedJSON, path: String) throws(Failure) -> String {
        guard case .string(let value) = json else { throw invalidType(json, expected: "a string", path: path) }
        return value
    }

    static func optionalString(_ json: ParsedJSON, path: String) throws(Failure) -> String? {
        if case .null = json { return nil }
        return try string(json, path: path)
    }

    /// A name string checked against its pattern.
    static func name(_ json: ParsedJSON, path: String, pattern: String, valid: (String) -> Bool) throws(Failure) -> String {
        let value = try string(json, path: path)
        guard valid(value) else {
            throw Failure(path: path, message: "\(JSONWriter.quoted(value)) doesn't match pattern \(JSONWriter.quoted(pattern))")
        }
        return value
    }

    /// An exact enum string, in the variant order of the schema.
    static func requiredEnum<T: RawRepresentable & CaseIterable>(_ json: ParsedJSON, path: String, type: String) throws(Failure) -> T
    where T.RawValue == String {
        guard case .string(let text) = json else { throw invalidType(json, expected: "enum \(type)", path: path) }
        guard let value = T(rawValue: text) else {
            let variants = schemaOrder(T.allCases.map(\.rawValue))
            throw Failure(path: path, message: "unknown variant `\(text)`, \(expectation(variants, noun: "variants"))")
        }
        return value
    }

    static func optionalEnum<T: RawRepresentable & CaseIterable>(_ json: ParsedJSON, path: String, type: String) throws(Failure) -> T?
    where T.RawValue == String {
        if case .null = json { return nil }
        let value: T = try requiredEnum(json, path: path, type: type)
        return value
    }

    /// The schema lists service types as VIRTUAL_OBJECT, SERVICE, WORKFLOW; others as declared.
    private static func schemaOrder(_ variants: [String]) -> [String] {
        if variants == ["SERVICE", "VIRTUAL_OBJECT", "WORKFLOW"] { return ["VIRTUAL_OBJECT", "SERVICE", "WORKFLOW"] }
        return variants
    }

    /// A string-to-string map (duplicate keys: the last one wins).
    static func metadata(_ json: ParsedJSON, path: String) throws(Failure) -> [String: String] {
        guard case .object(let members) = json else { throw invalidType(json, expected: "a map", path: path) }
        var result: [String: String] = [:]
        for member in members {
            result[member.key] = try string(member.value, path: join(path, member.key))
        }
        return result
    }

    /// Any JSON value; `null` counts as absent.
    static func schema(_ json: ParsedJSON) -> JSONValue? {
        if case .null = json { return nil }
        return json.jsonValue
    }
}
