import Hummingbird
import HummingbirdTesting

/// Sends requests through HummingbirdTesting.
package struct Client: Sendable {
    /// The test framework's client.
    package let client: any TestClientProtocol

    /// Wraps a test framework's client.
    package init(client: any TestClientProtocol) {
        self.client = client
    }

    /// Sends `method path` with an optional JSON body (and its content type) and extra headers.
    package func send(
        _ method: HTTPRequest.Method, _ path: String, json: String? = nil, contentType: String? = "application/json",
        headers extra: HTTPFields = [:]
    ) async throws -> Answer {
        var headers = extra
        if json != nil, let contentType { headers[.contentType] = contentType }
        return try await client.execute(uri: path, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) }) { response in
            Answer(status: Int(response.status.code), headers: response.headers, text: String(buffer: response.body))
        }
    }

    /// Sends `method path` with a raw body and the given content type.
    package func send(
        _ method: HTTPRequest.Method, _ path: String, raw: ByteBuffer, contentType: String = "application/json"
    ) async throws -> Answer {
        try await client.execute(uri: path, method: method, headers: [.contentType: contentType], body: raw) { response in
            Answer(status: Int(response.status.code), headers: response.headers, text: String(buffer: response.body))
        }
    }
}
