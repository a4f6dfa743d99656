/// The additional headers of a deployment: sent with its discovery and its invocations.
///
/// The one validation of header names and values, used by the HTTP adapter, the discovery client
/// and the command line. Its rules are Restate's (BEHAVIOR.md §4.2):
/// - a name is an HTTP token (letters, digits, the backtick and `!#$%&'*+-.^_|~`), 1 to 65,535
///   bytes, and is stored lower-cased;
/// - a value may hold any byte but the control characters (TAB excepted) and DEL, so CR, LF and
///   NUL are refused.
///
/// Names that differ only in case name one header. When headers arrive in an order (a JSON
/// object, repeated `--header` options), the later one wins, as in Restate; a Swift dictionary has
/// no order, so ``init(validating:)`` refuses such names instead of picking one by chance.
public struct AdditionalHeaders: Hashable, Sendable, Codable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    /// The headers by lower-cased name.
    public private(set) var dictionary: [String: String]

    /// No headers.
    public init() { dictionary = [:] }

    /// Headers in the order they were given; of two names that differ only in case, the later wins.
    /// - Throws: ``AdminError`` (`.invalidArgument`) naming the first invalid name or value.
    public init(ordered pairs: some Sequence<(String, String)>) throws(AdminError) {
        var dictionary: [String: String] = [:]
        for (name, value) in pairs {
            try Self.validate(name: name, value: value)
            dictionary[name.lowercased()] = value
        }
        self.dictionary = dictionary
    }

    /// Headers from a dictionary.
    /// - Throws: ``AdminError`` (`.invalidArgument`) naming the first invalid name or value (in
    ///   name order), or two names that differ only in case.
    public init(validating headers: [String: String]) throws(AdminError) {
        let sorted = headers.sorted { $0.key < $1.key }
        var seen: [String: String] = [:]
        for (name, _) in sorted {
            if let other = seen.updateValue(name, forKey: name.lowercased()) {
                throw AdminError(.invalidArgument, "the header names '\(other)' and '\(name)' differ only in case; give one of them")
            }
        }
        try self.init(ordered: sorted.map { ($0.key, $0.value) })
    }

    /// Headers from a literal; an invalid name or value is a programming error.
    public init(dictionaryLiteral elements: (String, String)...) {
        do {
            try self.init(ordered: elements)
        } catch {
            preconditionFailure("invalid header literal: \(error.message)")
        }
    }

    /// Checks one header.
    /// - Throws: ``AdminError`` (`.invalidArgument`) saying what is wrong with the name or value.
    public static func validate(name: String, value: String) throws(AdminError) {
        guard !name.isEmpty, name.utf8.count <= 65_535, name.utf8.allSatisfy(isTokenByte) else {
            throw AdminError(
                .invalidArgument,
                "invalid header name '\(name)': a header name is 1 to 65535 letters, digits or any of !#$%&'*+-.^_`|~"
            )
        }
        guard value.utf8.allSatisfy({ $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }) else {
            throw AdminError(
                .invalidArgument, "invalid value for header '\(name)': control characters (such as CR, LF, NUL) and DEL are not allowed"
            )
        }
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    /// Whether there are no headers.
    public var isEmpty: Bool { dictionary.isEmpty }

    /// How many headers there are.
    public var count: Int { dictionary.count }

    /// The value of the header `name` (compared case-insensitively).
    public subscript(name: String) -> String? { dictionary[name.lowercased()] }

    /// The headers sorted by name.
    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
        dictionary.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }.makeIterator()
    }

    /// `{name: value, …}`, sorted by name.
    public var description: String {
        "{" + map { "\($0.name): \($0.value)" }.joined(separator: ", ") + "}"
    }

    /// Decodes a JSON object of strings and validates it, in the order the decoder gives the
    /// members (``JSONBodyDecoder`` gives document order, so the later of two names that differ
    /// only in case wins).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Name.self)
        var pairs: [(String, String)] = []
        for key in container.allKeys { pairs.append((key.stringValue, try container.decode(String.self, forKey: key))) }
        do { try self.init(ordered: pairs) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    /// A member name.
    private struct Name: CodingKey {
        let stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
        var intValue: Int? { nil }
    }

    /// Encodes a JSON object of strings.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(dictionary)
    }
}
