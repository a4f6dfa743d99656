/// What the admin needs from a handler's JSON schema: a short summary for descriptions, and the
/// subset of "does it compile" that can be decided without a schema engine.
enum JSONSchemaCheck {
    /// `JSON '<title>'` when the schema has a string `title`, else `JSON <type>` for a string
    /// `type`, else `nil`.
    static func summary(of schema: JSONValue?) -> String? {
        if case .string(let title)? = schema?["title"] { return "JSON '\(title)'" }
        if case .string(let type)? = schema?["type"] { return "JSON \(type)" }
        return nil
    }

    /// Why the schema would not compile, or `nil`: it must be an object or a boolean, and every
    /// `$ref` must point inside the document (a fragment, or a URI declared by an `$id`).
    static func problem(in schema: JSONValue) -> String? {
        switch schema {
        case .bool: return nil
        case .object:
            var ids = Set<String>()
            collectIDs(schema, into: &ids)
            if let external = externalReference(in: schema, ids: ids) {
                return
                    "the schema contains an external reference \(external). This is not supported, all schemas uploaded to Restate should be normalized first, bundling the external references."
            }
            return keywordProblem(in: schema)
        default:
            return "\(schema.jsonText) is not of types \"boolean\", \"object\""
        }
    }

    /// The JSON types a `type` keyword may name.
    private static let typeNames: Set<String> = ["array", "boolean", "integer", "null", "number", "object", "string"]

    /// Keywords whose value must be a subschema (object or boolean), a map of subschemas, or an
    /// array of subschemas, as the meta-schema requires.
    private static let schemaKeywords: Set<String> = [
        "additionalProperties", "items", "contains", "not", "if", "then", "else", "propertyNames",
        "unevaluatedItems", "unevaluatedProperties", "additionalItems",
    ]
    private static let schemaMapKeywords: Set<String> = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]
    private static let schemaArrayKeywords: Set<String> = ["allOf", "anyOf", "oneOf", "prefixItems"]

    /// The first keyword whose value has the wrong shape for the meta-schema (the checks a schema
    /// compiler makes before anything else), or `nil`.
    private static func keywordProblem(in value: JSONValue) -> String? {
        guard case .object(let members) = value else { return nil }
        for key in members.keys.sorted() {
            guard let member = members[key] else { continue }
            switch key {
            case "type":
                let names: [JSONValue]
                if case .array(let items) = member { names = items } else { names = [member] }
                let valid =
                    !names.isEmpty
                    && names.allSatisfy {
                        if case .string(let name) = $0 { return typeNames.contains(name) }
                        return false
                    }
                if !valid { return "\(member.jsonText) is not valid under any of the schemas listed in the 'anyOf' keyword" }
            case "required":
                guard case .array(let items) = member, items.allSatisfy({ if case .string = $0 { return true } else { return false } }) else {
                    return "\(member.jsonText) is not of type \"array\""
                }
            case _ where schemaKeywords.contains(key):
                if case .array(let items) = member, key == "items" {
                    for item in items { if let problem = subschemaProblem(item) { return problem } }
                } else if let problem = subschemaProblem(member) {
                    return problem
                }
            case _ where schemaMapKeywords.contains(key):
                guard case .object(let entries) = member else { return "\(member.jsonText) is not of type \"object\"" }
                for name in entries.keys.sorted() {
                    if let entry = entries[name], let problem = subschemaProblem(entry) { return problem }
                }
            case _ where schemaArrayKeywords.contains(key):
                guard case .array(let items) = member, !items.isEmpty else { return "\(member.jsonText) is not of type \"array\"" }
                for item in items { if let problem = subschemaProblem(item) { return problem } }
            default:
                break
            }
        }
        return nil
    }

    private static func subschemaProblem(_ value: JSONValue) -> String? {
        switch value {
        case .bool: return nil
        case .object: return keywordProblem(in: value)
        default: return "\(value.jsonText) is not of types \"boolean\", \"object\""
        }
    }

    /// Keywords whose values are data, not subschemas.
    private static let dataKeywords: Set<String> = ["const", "enum", "examples", "default"]

    private static func collectIDs(_ value: JSONValue, into ids: inout Set<String>) {
        switch value {
        case .object(let members):
            if case .string(let id)? = members["$id"] { ids.insert(withoutFragment(id)) }
            for (key, member) in members where !dataKeywords.contains(key) { collectIDs(member, into: &ids) }
        case .array(let items):
            for item in items { collectIDs(item, into: &ids) }
        default:
            break
        }
    }

    private static func externalReference(in value: JSONValue, ids: Set<String>) -> String? {
        switch value {
        case .object(let members):
            for key in ["$ref", "$dynamicRef"] {
                if case .string(let reference)? = members[key], !reference.hasPrefix("#"),
                    !ids.contains(withoutFragment(reference))
                {
                    return resolved(reference)
                }
            }
            for key in members.keys.sorted() where !dataKeywords.contains(key) {
                if let member = members[key], let found = externalReference(in: member, ids: ids) { return found }
            }
            return nil
        case .array(let items):
            for item in items {
                if let found = externalReference(in: item, ids: ids) { return found }
            }
            return nil
        default:
            return nil
        }
    }

    private static func withoutFragment(_ uri: String) -> String {
        uri.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? uri
    }

    /// The URI a retriever would be asked for: absolute references as written (without fragment),
    /// relative ones against the default base `json-schema:///`.
    private static func resolved(_ reference: String) -> String {
        let target = withoutFragment(reference)
        if target.contains(":") { return target }
        return "json-schema:///" + (target.hasPrefix("/") ? String(target.dropFirst()) : target)
    }
}
