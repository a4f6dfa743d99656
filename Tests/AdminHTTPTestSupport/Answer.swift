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

    /// The body parsed as a JSON object; a body that is not one fails the test (it never reads as `[:]`).
    package var json: [String: Any] {
        get throws {
            guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
                throw NotAJSONObject(status: status, body: text)
            }
            return object
        }
    }
    /// Whether the `content-type` is JSON.
    package var isJSON: Bool { headers[.contentType]?.hasPrefix("application/json") ?? false }
    /// The JSON error's `message` (the body must be a JSON object with a string `message`).
    package var message: String {
        get throws {
            guard let message = try json["message"] as? String else { throw NotAJSONObject(status: status, body: text) }
            return message
        }
    }
    /// The JSON error's `restate_code`.
    package var code: Any? { get throws { try json["restate_code"] } }
    /// Whether the JSON body has a `restate_code` key (possibly `null`).
    package var hasCodeKey: Bool { get throws { try json.keys.contains("restate_code") } }
}

/// A body that was expected to be a JSON object (with the fields asked for) and is not.
package struct NotAJSONObject: Error, CustomStringConvertible {
    /// The status of the answer.
    package let status: Int
    /// The body (its first 500 characters are shown).
    package let body: String
    /// What was expected and what came.
    package var description: String { "expected a JSON object, got HTTP \(status) with body: \(body.prefix(500))" }
}
