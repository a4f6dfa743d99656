/// Whether and which content type a handler's response gets.
public enum OutputContentTypeRule: Hashable, Sendable, CustomStringConvertible {
    /// No content type is set.
    case none
    /// The content type is set; for an empty response only when `setContentTypeIfEmpty`.
    case set(contentType: String, setContentTypeIfEmpty: Bool)

    /// `none`, or `[optional ]<content type>`.
    public var description: String {
        switch self {
        case .none: return "none"
        case .set(let contentType, let ifEmpty): return (ifEmpty ? "optional " : "") + contentType
        }
    }
}

/// The output rules of a handler, shown as `output_description` in the Admin API.
public struct OutputRules: Hashable, Sendable, CustomStringConvertible {
    /// The content type rule.
    public var contentTypeRule: OutputContentTypeRule
    /// The JSON schema (`output_json_schema`), kept only when a content type is set.
    public var jsonSchema: JSONValue?

    /// The rules of a handler without an `output` descriptor: `application/json`, not set when empty.
    public static let `default` = OutputRules(
        contentTypeRule: .set(contentType: "application/json", setContentTypeIfEmpty: false),
        jsonSchema: nil
    )

    /// Creates rules.
    public init(contentTypeRule: OutputContentTypeRule, jsonSchema: JSONValue?) {
        self.contentTypeRule = contentTypeRule
        self.jsonSchema = jsonSchema
    }

    /// Rules for display, without validation.
    init(lenient output: OutputPayload?) {
        guard let output else {
            self = .default
            return
        }
        guard let contentType = output.contentType else {
            self.init(contentTypeRule: .none, jsonSchema: nil)
            return
        }
        self.init(
            contentTypeRule: .set(contentType: contentType, setContentTypeIfEmpty: output.setContentTypeIfEmpty ?? false),
            jsonSchema: output.jsonSchema
        )
    }

    /// `JSON '<title>'` / `JSON <type>` from the schema, else the content type rule.
    public var description: String {
        JSONSchemaCheck.summary(of: jsonSchema) ?? contentTypeRule.description
    }
}
