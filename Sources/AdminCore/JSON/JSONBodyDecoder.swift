/// Decodes a JSON document (a request body) into a `Decodable` type with the core's parser, in
/// one pass over the text, and words every failure as Restate's stack does (serde_json read
/// through serde_path_to_error, BEHAVIOR.md §1.3):
/// - a syntax error names its message, the path it happened under, and its real line and column:
///   `force: expected ident at line 1 column 33`;
/// - a value of the wrong shape names the path, serde's message, and the position serde reports:
///   the last byte of the offending value (`force: invalid type: string "yes", expected a boolean
///   at line 1 column 15`), the closing `}` for a missing field.
///
/// Objects keep their members in document order: a type that iterates a keyed container's
/// `allKeys` sees them in that order (a repeated key counts once, at its last place), so "the later
/// one wins" rules such as ``AdditionalHeaders``' can be applied.
public enum JSONBodyDecoder {
    /// Parses `bytes` and decodes a `T` from them.
    /// - Throws: ``JSONBodyError``: `.syntax` when the text is not JSON, `.data` when it is JSON
    ///   of the wrong shape (errors a type throws from `init(from:)` included).
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws(JSONBodyError) -> T {
        let parsed: (value: ParsedJSON, spans: [[JSONPathComponent]: JSONSpan])
        do {
            parsed = try JSONParser.parse(bytes: bytes, recordingSpans: true)
        } catch {
            throw JSONBodyError(
                category: .syntax, message: error.message, path: JSONPathComponent.render(error.path),
                line: error.position.line, column: error.position.column
            )
        }
        do {
            return try T(from: ParsedJSONDecoder(parsed.value, path: []))
        } catch let error as JSONBodyError {
            throw error
        } catch {
            let problem = ParsedJSONDecoder.Problem(error)
            var line: Int?
            var column: Int?
            if let span = parsed.spans[problem.path] {
                let position: JSONPosition
                switch problem.anchor {
                case .lastByte: position = JSONPosition.of(byte: span.last, in: bytes)
                case .beforeFirstByte: position = JSONPosition.of(byte: span.first - 1, in: bytes)
                }
                line = position.line
                column = position.column
            }
            throw JSONBodyError(
                category: .data, message: problem.message, path: JSONPathComponent.render(problem.path), line: line, column: column
            )
        }
    }
}

/// A request body that is not JSON (`.syntax`) or not of the expected shape (`.data`), worded as
/// serde_json and serde_path_to_error word it: `path: message at line L column C`.
public struct JSONBodyError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Whether the text is not JSON, or the JSON has the wrong shape.
    public enum Category: Hashable, Sendable {
        /// Not JSON: a syntax error or an unexpected end of the text.
        case syntax
        /// JSON of the wrong shape: a wrong type, a missing field, an invalid value.
        case data
    }

    /// Syntax or data.
    public let category: Category
    /// What is wrong, e.g. `invalid type: string "yes", expected a boolean`.
    public let message: String
    /// Where, e.g. `additional_headers.x-a` or `items[1]`; empty at the top level.
    public let path: String
    /// The line and column serde would report, when it reports one.
    public let line: Int?
    /// The column (see ``line``).
    public let column: Int?

    /// Creates an error; a type's `init(from:)` may throw one to be reported as it is (for
    /// example serde's untagged-union message, which has neither path nor position).
    public init(category: Category, message: String, path: String = "", line: Int? = nil, column: Int? = nil) {
        self.category = category
        self.message = message
        self.path = path
        self.line = line
        self.column = column
    }

    /// `path: message` for an error that a `Decodable` type threw while ``JSONBodyDecoder``
    /// decoded it (no position: the decoder adds that when the error reaches it).
    public static func reason(of error: any Error) -> String {
        if let error = error as? JSONBodyError { return error.path.isEmpty ? error.message : "\(error.path): \(error.message)" }
        let problem = ParsedJSONDecoder.Problem(error)
        let path = JSONPathComponent.render(problem.path)
        return path.isEmpty ? problem.message : "\(path): \(problem.message)"
    }

    /// `path: message at line L column C`, without the parts it has none of.
    public var description: String {
        var text = path.isEmpty ? message : "\(path): \(message)"
        if let line, let column { text += " at line \(line) column \(column)" }
        return text
    }
}
