import Hummingbird
import NIOCore

/// A stand-in Admin API for checking what the client subcommands send: every request, whatever
/// its method and path, is recorded and answered with one fixed status and body.
enum AnsweringRouter {
    /// A router that appends every request to `recorder` and answers `status` with `body` (JSON
    /// when not empty).
    static func make(recorder: RequestRecorder, status: HTTPResponse.Status, body: String = "") -> Router<BasicRequestContext> {
        let router = Router()
        let answer: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
            let received = try await request.body.collect(upTo: 1 << 20)
            recorder.append(
                ReceivedRequest(
                    method: request.method.rawValue, path: request.head.path ?? "", host: request.head.authority ?? "",
                    contentType: request.headers[.contentType], contentLength: request.headers[.contentLength],
                    body: String(buffer: received)
                ))
            let headers: HTTPFields = body.isEmpty ? [:] : [.contentType: "application/json"]
            return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        for method in [HTTPRequest.Method.get, .post, .patch, .delete] {
            router.on("**", method: method, use: answer)
        }
        return router
    }
}
