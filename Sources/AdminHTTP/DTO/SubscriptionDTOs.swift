import AdminCore

/// The body of `POST /subscriptions`.
struct CreateSubscriptionRequestDTO: Decodable {
    let source: String
    let sink: String
    let options: [String: String]?

    private enum Keys: String, CodingKey { case source, sink, options }

    /// `source` and `sink` must parse as URIs (else 422 naming the field, as Restate's URI
    /// fields); whether they are valid subscription URIs is the core's decision.
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        source = try Self.uri(c, .source)
        sink = try Self.uri(c, .sink)
        options = try c.decodeIfPresent([String: String].self, forKey: .options)
    }

    private static func uri(_ c: KeyedDecodingContainer<Keys>, _ key: Keys) throws -> String {
        let text = try c.decode(String.self, forKey: key)
        do { _ = try URIReference(parsing: text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath + [key], debugDescription: error.message))
        }
        return text
    }
}

/// `SubscriptionResponse`.
struct SubscriptionDTO: Encodable {
    let id: String
    let source: String
    let sink: String
    let options: [String: String]

    init(_ value: Subscription) {
        id = value.id.description
        source = value.source
        sink = value.sink
        options = value.options
    }
}

/// `{"subscriptions": [...]}`.
struct SubscriptionListDTO: Encodable {
    let subscriptions: [SubscriptionDTO]
}
