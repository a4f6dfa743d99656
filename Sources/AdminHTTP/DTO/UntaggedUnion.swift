import AdminCore

/// Decoding of Restate's untagged request unions (`RegisterDeploymentRequest`,
/// `UpdateDeploymentRequest`, BEHAVIOR.md §1.3): serde tries each form in turn and, when none
/// matches, reports one message with neither path nor position. The message here adds what was
/// wrong with the form that was tried, so that a client learns which field to fix.
enum UntaggedUnion {
    /// serde's "data did not match any variant" error (422) for a body of `union` that failed
    /// with `error`.
    static func failure(_ union: String, _ error: any Error) -> JSONBodyError {
        JSONBodyError(category: .data, message: "data did not match any variant of untagged enum \(union) (\(JSONBodyError.reason(of: error)))")
    }

    /// The `uri` of the HTTP form when it is a string that parses as a URI, `nil` when the key is
    /// absent (or, unless `required`, when its value does not parse: the Lambda form is tried).
    /// - Throws: when `required` and the key is absent, or its value is not a URI.
    static func httpURI<Key: CodingKey>(in container: KeyedDecodingContainer<Key>, key: Key, required: Bool) throws -> String? {
        guard container.contains(key) else {
            if required { throw DecodingError.keyNotFound(key, .init(codingPath: container.codingPath, debugDescription: "")) }
            return nil
        }
        do {
            let text = try container.decode(String.self, forKey: key)
            do { _ = try URIReference(parsing: text) } catch {
                throw DecodingError.dataCorrupted(.init(codingPath: container.codingPath + [key], debugDescription: error.message))
            }
            return text
        } catch  where !required {
            return nil
        }
    }
}
