import AdminDiscovery
import Foundation

/// Calls a running Admin API for the client subcommands.
struct AdminClient: Sendable {
    /// Why a call failed: the text to print, and the exit code (1).
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The Admin API's base URL, e.g. `http://127.0.0.1:9070`.
    let baseURL: String

    /// A 2xx answer.
    struct Answer {
        /// The status code.
        let status: Int
        /// The parsed JSON body (`nil` when empty).
        let json: Any?
    }

    /// Sends `method path` (with a JSON body when given) and returns the parsed JSON of a 2xx
    /// answer (`nil` for an empty body).
    /// - Throws: ``Failure`` with ``ClientOutput/failure(status:body:contentType:)``'s text for any
    ///   other status, or the transport's reason.
    func call(_ method: String, _ path: String, body: [String: Any]? = nil) async throws -> Any? {
        try await send(method, path, body: body).json
    }

    /// Like ``call(_:_:body:)``, keeping the status.
    func send(_ method: String, _ path: String, body: [String: Any]? = nil) async throws -> Answer {
        let data = try body.map { try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]) }
        let response: AdminAPIExchange.Response
        do {
            response = try await AdminAPIExchange.send(method, path, to: baseURL, json: data)
        } catch {
            throw Failure(description: "error: \(error)")
        }
        guard (200..<300).contains(response.status) else {
            throw Failure(description: ClientOutput.failure(status: response.status, body: response.body, contentType: response.contentType))
        }
        return Answer(status: response.status, json: response.body.isEmpty ? nil : try? JSONSerialization.jsonObject(with: response.body))
    }

    /// Percent-encodes one path segment.
    static func segment(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? value
    }
}
