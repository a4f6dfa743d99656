/// Handler payload rules (DISCOVERY.md §6, §6.1; VERSIONING.md R16): validation of a handler's
/// `input`/`output` descriptors at registration, and the Admin API's `input_description` /
/// `output_description` strings.
public enum PayloadRules {
    /// Validates a handler's payload descriptors, input first, then output.
    ///
    /// Input: the content type must contain a `/` and must not be `*/subtype`; with a content type, a
    /// present JSON schema must compile. Output: with a content type, a present JSON schema must
    /// compile, then the content type must be a valid header value.
    /// - Throws: ``AdminError`` of kind `.invalidArgument`, no code, with Restate's messages.
    public static func validate(service: String, handler: ManifestHandler) throws(AdminError) {
        _ = try inputRules(service: service, handler: handler)
        _ = try outputRules(service: service, handler: handler)
    }

    /// The input rules of a handler, validated.
    /// - Throws: ``AdminError`` (`.invalidArgument`) for a bad content type or JSON schema.
    public static func inputRules(service: String, handler: ManifestHandler) throws(AdminError) -> InputRules {
        guard let input = handler.input else { return .default }
        var rules: [InputValidationRule] = []
        if input.required != true { rules.append(.noBodyAndContentType) }
        if let raw = input.contentType {
            let contentType: InputContentType
            do {
                contentType = try InputContentType(parsing: raw)
            } catch {
                throw AdminError(.invalidArgument, "the handler '\(handler.name)' input content-type is not valid: \(error.message)")
            }
            if let schema = input.jsonSchema {
                try checkSchema(schema, service: service, handler: handler.name, position: "input")
                rules.append(.jsonValue(contentType: contentType, schema: schema))
            } else {
                rules.append(.contentType(contentType))
            }
        }
        return InputRules(rules: rules)
    }

    /// The output rules of a handler, validated.
    /// - Throws: ``AdminError`` (`.invalidArgument`) for a bad content type or JSON schema.
    public static func outputRules(service: String, handler: ManifestHandler) throws(AdminError) -> OutputRules {
        guard let output = handler.output else { return .default }
        guard let contentType = output.contentType else { return OutputRules(contentTypeRule: .none, jsonSchema: nil) }
        if let schema = output.jsonSchema {
            try checkSchema(schema, service: service, handler: handler.name, position: "output")
        }
        guard isValidHeaderValue(contentType) else {
            throw AdminError(.invalidArgument, "the handler '\(contentType)' output content-type is not valid: failed to parse header value")
        }
        return OutputRules(
            contentTypeRule: .set(contentType: contentType, setContentTypeIfEmpty: output.setContentTypeIfEmpty ?? false),
            jsonSchema: output.jsonSchema
        )
    }

    /// The Admin API `input_description` of an input descriptor, e.g. `*/*`, `none`,
    /// `JSON 'Title'`, `JSON object`, `application/json`. Content types that fail validation are
    /// shown as written.
    public static func inputDescription(_ input: InputPayload?) -> String {
        guard let rules = InputRules(lenient: input) else { return input?.contentType ?? "<invalid rules>" }
        return rules.description
    }

    /// The Admin API `output_description` of an output descriptor, e.g. `application/json` (absent),
    /// `none` (no content type), `JSON 'Title'`, `JSON string`, `optional application/proto`.
    public static func outputDescription(_ output: OutputPayload?) -> String {
        OutputRules(lenient: output).description
    }

    /// Whether `text` is a valid HTTP header value: no control characters other than tab, no DEL.
    static func isValidHeaderValue(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }
    }

    /// The "compile" check of a JSON schema: an object or a boolean, without external `$ref`s.
    static func checkSchema(_ schema: JSONValue, service: String, handler: String, position: String) throws(AdminError) {
        if let problem = JSONSchemaCheck.problem(in: schema) {
            throw AdminError(.invalidArgument, "the json schema for \(service)/\(handler) \(position) is invalid: \(problem)")
        }
    }
}
