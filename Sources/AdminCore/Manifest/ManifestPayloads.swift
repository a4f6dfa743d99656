/// A handler's `input` descriptor. An empty object means "no body, no content-type".
public struct InputPayload: Hashable, Sendable {
    /// If true, a body with a content-type is mandatory (default false).
    public var required: Bool?
    /// The accepted content type, possibly a wildcard (`*/*`, `type/*`).
    public var contentType: String?
    /// The JSON schema of the body; JSON `null` in the manifest counts as absent.
    public var jsonSchema: JSONValue?

    /// Creates an input descriptor.
    public init(required: Bool? = nil, contentType: String? = nil, jsonSchema: JSONValue? = nil) {
        self.required = required
        self.contentType = contentType
        self.jsonSchema = jsonSchema
    }
}

/// A handler's `output` descriptor. No `contentType` means no content-type is set on responses.
public struct OutputPayload: Hashable, Sendable {
    /// The content type set on the response.
    public var contentType: String?
    /// If true, the content type is set even for an empty response (default false).
    public var setContentTypeIfEmpty: Bool?
    /// The JSON schema of the response; JSON `null` in the manifest counts as absent.
    public var jsonSchema: JSONValue?

    /// Creates an output descriptor.
    public init(contentType: String? = nil, setContentTypeIfEmpty: Bool? = nil, jsonSchema: JSONValue? = nil) {
        self.contentType = contentType
        self.setContentTypeIfEmpty = setContentTypeIfEmpty
        self.jsonSchema = jsonSchema
    }
}
