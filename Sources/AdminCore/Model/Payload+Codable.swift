// Storage encoding of the manifest payload descriptors kept on each stored handler.

extension InputPayload: Codable {
    private enum Keys: String, CodingKey { case required, contentType, jsonSchema }

    /// Decodes the stored form.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(
            required: try c.decodeIfPresent(Bool.self, forKey: .required),
            contentType: try c.decodeIfPresent(String.self, forKey: .contentType),
            jsonSchema: try c.decodeIfPresent(JSONValue.self, forKey: .jsonSchema)
        )
    }

    /// Encodes the stored form.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encodeIfPresent(required, forKey: .required)
        try c.encodeIfPresent(contentType, forKey: .contentType)
        try c.encodeIfPresent(jsonSchema, forKey: .jsonSchema)
    }
}

extension OutputPayload: Codable {
    private enum Keys: String, CodingKey { case contentType, setContentTypeIfEmpty, jsonSchema }

    /// Decodes the stored form.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(
            contentType: try c.decodeIfPresent(String.self, forKey: .contentType),
            setContentTypeIfEmpty: try c.decodeIfPresent(Bool.self, forKey: .setContentTypeIfEmpty),
            jsonSchema: try c.decodeIfPresent(JSONValue.self, forKey: .jsonSchema)
        )
    }

    /// Encodes the stored form.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encodeIfPresent(contentType, forKey: .contentType)
        try c.encodeIfPresent(setContentTypeIfEmpty, forKey: .setContentTypeIfEmpty)
        try c.encodeIfPresent(jsonSchema, forKey: .jsonSchema)
    }
}
