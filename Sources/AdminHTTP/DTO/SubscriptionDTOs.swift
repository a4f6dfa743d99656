import AdminCore

/// The body of `POST /subscriptions`.
struct CreateSubscriptionRequestDTO: Decodable {
    let source: String
    let sink: String
    let options: [String: String]?
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
