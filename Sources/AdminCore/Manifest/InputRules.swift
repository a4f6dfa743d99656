import Foundation

/// A content type an input accepts, in `Accept`-header form: `*/*`, `type/*` or `type/subtype`.
public enum InputContentType: Hashable, Sendable, CustomStringConvertible {
    /// `*/*`.
    case any
    /// `type/*`.
    case mimeType(String)
    /// `type/subtype` (parameters are kept as part of the subtype).
    case mimeTypeAndSubtype(String, String)

    /// Parses a manifest content type: trimmed, split at the first `/`; `*/subtype` is rejected.
    /// - Throws: ``AdminError`` (`.invalidArgument`) "can't parse the content-type '<s>': <reason>".
    public init(parsing text: String) throws(AdminError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let slash = trimmed.firstIndex(of: "/") else {
            throw AdminError(.invalidArgument, "can't parse the content-type '\(text)': must contain one /")
        }
        let type = String(trimmed[..<slash])
        let subtype = String(trimmed[trimmed.index(after: slash)...])
        switch (type, subtype) {
        case ("*", "*"): self = .any
        case ("*", _):
            throw AdminError(.invalidArgument, "can't parse the content-type '\(text)': the wildcard format */subType is not supported")
        case (_, "*"): self = .mimeType(type)
        default: self = .mimeTypeAndSubtype(type, subtype)
        }
    }

    /// `*/*`, `type/*` or `type/subtype`.
    public var description: String {
        switch self {
        case .any: return "*/*"
        case .mimeType(let type): return "\(type)/*"
        case .mimeTypeAndSubtype(let type, let subtype): return "\(type)/\(subtype)"
        }
    }
}

/// One way an input may look; a request passes when any rule of ``InputRules`` matches.
public enum InputValidationRule: Hashable, Sendable, CustomStringConvertible {
    /// No body and no content type.
    case noBodyAndContentType
    /// A body whose content type matches.
    case contentType(InputContentType)
    /// A non-empty JSON body whose content type matches; the schema is informative.
    case jsonValue(contentType: InputContentType, schema: JSONValue?)

    /// `none`, the content type, or `JSON '<title>'` / `JSON <type>` for JSON values.
    public var description: String {
        switch self {
        case .noBodyAndContentType: return "none"
        case .contentType(let contentType): return contentType.description
        case .jsonValue(let contentType, let schema):
            return JSONSchemaCheck.summary(of: schema) ?? contentType.description
        }
    }
}

/// The input rules of a handler, shown as `input_description` in the Admin API.
public struct InputRules: Hashable, Sendable, CustomStringConvertible {
    /// The rules, in order.
    public var rules: [InputValidationRule]

    /// The rules of a handler without an `input` descriptor: nothing, or anything (`*/*`).
    public static let `default` = InputRules(rules: [.noBodyAndContentType, .contentType(.any)])

    /// Creates rules.
    public init(rules: [InputValidationRule]) {
        self.rules = rules
    }

    /// Rules for display, without schema checks; `nil` when the content type does not parse.
    init?(lenient input: InputPayload?) {
        guard let input else {
            self = .default
            return
        }
        var rules: [InputValidationRule] = []
        if input.required != true { rules.append(.noBodyAndContentType) }
        if let raw = input.contentType {
            guard let contentType = try? InputContentType(parsing: raw) else { return nil }
            if let schema = input.jsonSchema {
                rules.append(.jsonValue(contentType: contentType, schema: schema))
            } else {
                rules.append(.contentType(contentType))
            }
        }
        self.rules = rules
    }

    /// The schema of the first JSON-value rule (`input_json_schema`).
    public var jsonSchema: JSONValue? {
        for rule in rules {
            if case .jsonValue(_, let schema) = rule { return schema }
        }
        return nil
    }

    /// `<invalid rules>` (none), the single rule, the non-`none` rule of a pair with `none`, or
    /// `one of ["a", "b", …]`.
    public var description: String {
        switch rules.count {
        case 0: return "<invalid rules>"
        case 1: return rules[0].description
        case 2 where rules.contains(.noBodyAndContentType):
            return rules[0] == .noBodyAndContentType ? rules[1].description : rules[0].description
        default: return "one of [" + rules.map { "\"\($0.description)\"" }.joined(separator: ", ") + "]"
        }
    }
}
