/// How a handler's declared payloads become request bodies, responses and component schemas of
/// its ingress OpenAPI operations (Restate 1.6.2). Pure functions over the model.
enum IngressPayloadMapping {
    /// `{handler}Request`.
    static func requestSchemaName(_ handler: String) -> String { handler + "Request" }

    /// `{handler}Response`.
    static func responseSchemaName(_ handler: String) -> String { handler + "Response" }

    /// The `requestBody` of the call and send operations, and the `{handler}Request` schema it
    /// refers to.
    ///
    /// - No descriptor: the body is optional and of any type (`*/*`, no schema).
    /// - No content type: no request body at all.
    /// - Otherwise the body is `required` as declared (default false) under the normalized content
    ///   type; with a JSON schema, the content refers to `{handler}Request` (the schema `true`
    ///   becomes `{}`).
    static func requestBody(handler: String, input: InputPayload?) -> (body: JSONValue?, schema: JSONValue?) {
        guard let input else {
            return (.object(["required": false, "content": .object(["*/*": .object([:])])]), nil)
        }
        guard let raw = input.contentType else { return (nil, nil) }
        let contentType = (try? InputContentType(parsing: raw))?.description ?? raw
        var content: JSONValue = .object([:])
        var schema: JSONValue?
        if let declared = input.jsonSchema {
            let name = requestSchemaName(handler)
            schema = relocatingReferences(in: declared == .bool(true) ? .object([:]) : declared, to: schemaLocation(name))
            content = .object(["schema": .object(["$ref": .string(schemaLocation(name))])])
        }
        let body: JSONValue = .object([
            "required": .bool(input.required ?? false),
            "content": .object([contentType: content]),
        ])
        return (body, schema)
    }

    /// The `200` response of the call, attach and output operations, and the `{handler}Response`
    /// schema it refers to.
    ///
    /// - No descriptor: `application/json` without a schema.
    /// - No content type: a response described as `Empty`, without content.
    /// - Otherwise the declared content type, referring to `{handler}Response` when a JSON schema is
    ///   declared (kept as declared, even `true`).
    static func response(handler: String, output: OutputPayload?) -> (response: JSONValue, schema: JSONValue?) {
        guard let output else {
            return (.object(["description": "", "content": .object(["application/json": .object([:])])]), nil)
        }
        guard let contentType = output.contentType else { return (.object(["description": "Empty"]), nil) }
        guard let declared = output.jsonSchema else {
            return (.object(["description": "", "content": .object([contentType: .object([:])])]), nil)
        }
        let location = schemaLocation(responseSchemaName(handler))
        let content: JSONValue = .object(["schema": .object(["$ref": .string(location)])])
        return (.object(["description": "", "content": .object([contentType: content])]), relocatingReferences(in: declared, to: location))
    }

    /// `schema` with every local `$ref` (one starting with `#`) rebased onto `location`, the place
    /// the schema now lives: `#/$defs/Item` becomes `<location>/$defs/Item`, `#` becomes `location`.
    static func relocatingReferences(in schema: JSONValue, to location: String) -> JSONValue {
        switch schema {
        case .array(let items):
            return .array(items.map { relocatingReferences(in: $0, to: location) })
        case .object(var members):
            if case .string(let reference) = members["$ref"], reference.hasPrefix("#") {
                members["$ref"] = .string(location + reference.drop { $0 == "#" })
            }
            return .object(members.mapValues { relocatingReferences(in: $0, to: location) })
        default:
            return schema
        }
    }

    private static func schemaLocation(_ name: String) -> String { "#/components/schemas/" + name }
}
