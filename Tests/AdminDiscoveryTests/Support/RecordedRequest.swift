import Synchronization

/// A request as the test server saw it.
struct RecordedRequest: Sendable {
    var method: String
    var uri: String
    var version: String
    var headers: [(name: String, value: String)]
    var body: String = ""

    /// All values of a header (case-insensitive name).
    func values(_ name: String) -> [String] {
        headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }
}

/// What the test server answers.
struct TestResponse: Sendable {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: String

    static let manifestType = "application/vnd.restate.endpointmanifest.v4+json"

    /// A 200 with a manifest content type.
    static func manifest(_ body: String, contentType: String = manifestType) -> TestResponse {
        TestResponse(status: 200, headers: [("content-type", contentType), ("x-restate-server", "test-sdk/1.0")], body: body)
    }

    /// A plain-text status.
    static func status(_ status: Int, _ body: String = "") -> TestResponse {
        TestResponse(status: status, headers: [("content-type", "text/plain")], body: body)
    }
}

/// The requests a server received, in order.
final class RequestLog: Sendable {
    private let requests = Mutex<[RecordedRequest]>([])

    /// Appends a request and returns its index.
    func append(_ request: RecordedRequest) -> Int {
        requests.withLock { requests in
            requests.append(request)
            return requests.count - 1
        }
    }

    /// Everything received so far.
    var all: [RecordedRequest] { requests.withLock { $0 } }
}
