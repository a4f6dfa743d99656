import Foundation
import Synchronization

/// A ``DiscoveryClient`` that answers from canned responses, for tests and examples.
///
/// Responses are registered per address (the ``RequestedAddress/identityKey`` of the request);
/// each goes through the same ``DiscoveryResponseValidator`` as a real response.
public final class StubDiscoveryClient: DiscoveryClient, Sendable {
    /// One canned response.
    public struct Response: Sendable, Hashable {
        /// The `content-type` header.
        public var contentType: String?
        /// The body.
        public var body: Data
        /// How the response arrived.
        public var transport: DiscoveryTransport
        /// The `x-restate-server` header.
        public var serverHeader: String?

        /// Creates a response; by default a v4 manifest over HTTP/2.
        public init(
            body: Data, contentType: String? = "application/vnd.restate.endpointmanifest.v4+json",
            transport: DiscoveryTransport = .http(.http2), serverHeader: String? = nil
        ) {
            self.contentType = contentType
            self.body = body
            self.transport = transport
            self.serverHeader = serverHeader
        }
    }

    private let state = Mutex<(responses: [String: Response], requests: [DiscoveryRequest])>(([:], []))

    /// Creates a stub with no responses.
    public init() {}

    /// Sets the response for every request to `address`.
    public func respond(to address: RequestedAddress, with response: Response) {
        state.withLock { $0.responses[address.identityKey] = response }
    }

    /// The requests received so far.
    public var requests: [DiscoveryRequest] { state.withLock { $0.requests } }

    /// Answers with the canned response for the address, or META0003 when there is none.
    public func discover(_ request: DiscoveryRequest) async throws -> DiscoveredEndpoint {
        let response = state.withLock { state -> Response? in
            state.requests.append(request)
            return state.responses[request.address.identityKey]
        }
        guard var response else {
            throw AdminError(
                .discovery, code: .meta0003, "error when calling '\(request.address)': unable to reach the remote endpoint.\nReason: no stub response"
            )
        }
        if case .http(_, true) = request.address, case .http = response.transport {
            response.transport = .http(.http11)
        }
        return try DiscoveryResponseValidator.validate(
            contentType: response.contentType, body: response.body, transport: response.transport,
            serverHeader: response.serverHeader
        )
    }
}
