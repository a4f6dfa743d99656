import AdminCore
import Foundation
import Hummingbird

extension Response {
    /// A JSON response encoding `value` (members in the order the value encodes them, as
    /// Restate's serde does; see ``JSONStreamEncoder``).
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok, location: String? = nil) -> Response {
        let bytes: [UInt8]
        do {
            bytes = try JSONStreamEncoder.encode(value)
        } catch {
            return ErrorMapping.encodingFailure()
        }
        var headers: HTTPFields = [.contentType: "application/json"]
        if let location { headers[.location] = location }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// A response with no body and no content type.
    static func empty(_ status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: [.contentLength: "0"], body: .init())
    }

    /// A plain-text response.
    static func plainText(_ text: String, status: HTTPResponse.Status) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: text))
        )
    }
}
