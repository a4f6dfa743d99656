import Foundation
import HTTPTypes

/// One HTTP answer, with the body as text and parsed JSON.
package struct Answer: Sendable {
    /// The status code.
    package let status: Int
    /// The response headers.
    package let headers: HTTPFields
    /// The body as UTF-8 text.
    package let text: String

    /// Creates an answer.
    package init(status: Int, headers: HTTPFields, text: String) {
        self.status = status
        self.headers = headers
        self.text = text
    }

    /// The body parsed as a JSON object (empty when it is not one).
    package var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:] }
    /// Whether the `content-type` is JSON.
    package var isJSON: Bool { headers[.contentType]?.hasPrefix("application/json") ?? false }
    /// The JSON error's `message`.
    package var message: String { json["message"] as? String ?? "" }
    /// The JSON error's `restate_code`.
    package var code: Any? { json["restate_code"] }
    /// Whether the JSON body has a `restate_code` key (possibly `null`).
    package var hasCodeKey: Bool { json.keys.contains("restate_code") }
}
