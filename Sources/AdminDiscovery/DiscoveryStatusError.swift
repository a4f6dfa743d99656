import AdminCore
import NIOHTTP1

/// The META0003 error for a non-2xx discovery response (DISCOVERY.md §4, row 1).
enum DiscoveryStatusError {
    /// Builds the error, worded as Restate's `DiscoveryError::BadStatusCode` (the body quoted up to 1 KiB).
    static func make(_ response: DiscoveryHTTPResponse) -> AdminError {
        let code = response.status.code
        let headers = debugMap(response.headers)
        let body = ResponseBodyQuote.quote(response.body.readableBytesView)
        if code == 404 {
            return AdminError(
                .discovery, code: .meta0003,
                "got status code '404'. Make sure the provided URI has the correct path where the Restate SDK endpoint is mounted. Response headers: \(headers). Body: \(body)"
            )
        }
        return AdminError(
            .discovery, code: .meta0003,
            "got status code '\(statusText(code))'. Response headers: \(headers). Body: \(body)"
        )
    }

    /// `415 Unsupported Media Type`, like Rust's `StatusCode` Display (canonical reason phrase).
    static func statusText(_ code: UInt) -> String {
        let reason = HTTPResponseStatus(statusCode: Int(code)).reasonPhrase
        return "\(code) \(reason.isEmpty ? "<unknown status code>" : reason)"
    }

    /// The headers rendered like Rust's `HeaderMap` Debug: `{"name": "value", …}`.
    static func debugMap(_ headers: HTTPHeaders) -> String {
        let entries = headers.map {
            "\(DiscoveryResponseValidator.debugQuoted($0.name.lowercased())): \(DiscoveryResponseValidator.debugQuoted($0.value))"
        }
        return "{" + entries.joined(separator: ", ") + "}"
    }
}
