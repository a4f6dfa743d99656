import AdminCore
import Foundation

/// A small JSON Schema checker for the admin API's own OpenAPI document: validates a JSON value
/// against a schema of the document, following `$ref`s into `components.schemas`. It knows the
/// keywords the document uses: `type` (one or a list), `required`, `properties`,
/// `additionalProperties`, `items`, `enum`, `const`, `oneOf`, `anyOf`, `minimum`, `maximum`,
/// `pattern`.
struct SchemaChecker {
    /// The whole document, for `$ref`s.
    let document: JSONValue

    /// The problems of `value` against `schema`, each with its JSON path; empty when it conforms.
    func problems(_ value: JSONValue, _ schema: JSONValue, path: String = "$") -> [String] {
        if case .string(let ref)? = schema["$ref"] {
            guard let target = resolve(ref) else { return ["\(path): unresolved \(ref)"] }
            return problems(value, target, path: path)
        }
        if let types = Self.types(schema["type"]), !types.contains(where: { Self.value(value, is: $0) }) {
            return ["\(path): \(value.jsonText) is not \(types.joined(separator: " or "))"]
        }
        var found: [String] = []
        if case .array(let options)? = schema["enum"], !options.contains(where: { Self.equal($0, value) }) {
            found.append("\(path): \(value.jsonText) is not one of \(JSONValue.array(options).jsonText)")
        }
        if let constant = schema["const"], !Self.equal(constant, value) { found.append("\(path): \(value.jsonText) is not \(constant.jsonText)") }
        if case .array(let branches)? = schema["oneOf"] {
            let matching = branches.filter { problems(value, $0, path: path).isEmpty }.count
            if matching != 1 { found.append("\(path): matches \(matching) branches of oneOf") }
        }
        if case .array(let branches)? = schema["anyOf"], !branches.contains(where: { problems(value, $0, path: path).isEmpty }) {
            found.append("\(path): matches no branch of anyOf")
        }
        if let number = Self.number(value) {
            if let minimum = schema["minimum"].flatMap(Self.number), number < minimum { found.append("\(path): \(number) is below \(minimum)") }
            if let maximum = schema["maximum"].flatMap(Self.number), number > maximum { found.append("\(path): \(number) is above \(maximum)") }
        }
        if case .string(let text) = value, case .string(let pattern)? = schema["pattern"],
            text.range(of: pattern, options: .regularExpression) == nil
        {
            found.append("\(path): \(text) does not match \(pattern)")
        }
        if case .object(let object) = value { found += objectProblems(object, schema, path: path) }
        if case .array(let array) = value, let items = schema["items"] {
            for (index, item) in array.enumerated() { found += problems(item, items, path: "\(path)[\(index)]") }
        }
        return found
    }

    private func objectProblems(_ object: [String: JSONValue], _ schema: JSONValue, path: String) -> [String] {
        var found: [String] = []
        if case .array(let required)? = schema["required"] {
            for case .string(let key) in required where object[key] == nil { found.append("\(path): misses \(key)") }
        }
        for (key, member) in object.sorted(by: { $0.key < $1.key }) {
            if let property = schema["properties"]?[key] {
                found += problems(member, property, path: "\(path).\(key)")
            } else if schema["additionalProperties"] == .bool(false) {
                found.append("\(path): \(key) is not a documented key")
            } else if let other = schema["additionalProperties"], case .object = other {
                found += problems(member, other, path: "\(path).\(key)")
            }
        }
        return found
    }

    /// The schema a `#/components/schemas/…` reference names.
    func resolve(_ ref: String) -> JSONValue? {
        let prefix = "#/components/schemas/"
        guard ref.hasPrefix(prefix) else { return nil }
        return document["components"]?["schemas"]?[String(ref.dropFirst(prefix.count))]
    }

    private static func types(_ value: JSONValue?) -> [String]? {
        switch value {
        case .string(let one)?: return [one]
        case .array(let many)?: return many.compactMap { if case .string(let name) = $0 { name } else { nil } }
        default: return nil
        }
    }

    private static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .int(let number): Double(number)
        case .double(let number): number
        default: nil
        }
    }

    private static func value(_ value: JSONValue, is type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("integer", .int), ("number", .int), ("number", .double), ("string", .string),
            ("array", .array), ("object", .object):
            return true
        case ("integer", .double(let number)): return number.rounded() == number
        default: return false
        }
    }

    private static func equal(_ a: JSONValue, _ b: JSONValue) -> Bool {
        if let x = number(a), let y = number(b) { return x == y }
        return a == b
    }
}
