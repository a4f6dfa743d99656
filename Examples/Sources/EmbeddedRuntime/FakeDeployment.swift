import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// A stand-in for a Restate SDK deployment, used when no real one is given: it answers
/// `GET /discover` with a fixed endpoint manifest over HTTP/1.1 (register it with
/// `use_http_11`).
enum FakeDeployment {
    static let manifest = #"""
        {"protocolMode":"BIDI_STREAM","minProtocolVersion":5,"maxProtocolVersion":6,"services":[
          {"name":"Greeter","ty":"SERVICE","handlers":[{"name":"greet"}]},
          {"name":"Counter","ty":"VIRTUAL_OBJECT","handlers":[{"name":"add","ty":"EXCLUSIVE"},{"name":"get","ty":"SHARED"}]}
        ]}
        """#

    /// The application serving `/discover` on 127.0.0.1 at `port` (0: any free port, reported to
    /// `onRunning`).
    static func application(port: Int, logger: Logger, onRunning: @escaping @Sendable (Int) async -> Void) -> some ApplicationProtocol {
        let router = Router()
        router.get("/discover") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "application/vnd.restate.endpointmanifest.v3+json", HTTPField.Name("x-restate-server")!: "fake-sdk/1.0"],
                body: .init(byteBuffer: ByteBuffer(string: manifest))
            )
        }
        return Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: nil),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) }, logger: logger
        )
    }
}
