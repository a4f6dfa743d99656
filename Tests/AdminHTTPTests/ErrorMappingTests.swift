import AdminCore
import Foundation
import Hummingbird
import Testing

@testable import AdminHTTP

/// ``ErrorMapping``: the one place statuses and error bodies are decided.
struct ErrorMappingTests {
    /// Every domain kind and its status (a new kind must be added here and to ErrorMapping).
    static let statuses: [(AdminError.Kind, Int)] = [
        (.notFound, 404), (.conflict, 409), (.invalidArgument, 400), (.discovery, 500), (.storage, 500),
        (.internal, 500), (.staleVersion, 409), (.alreadyCompleted, 409), (.notCompleted, 409), (.notRunning, 409),
        (.notReady, 425), (.dataGone, 410), (.notSupported, 422),
    ]

    @Test(arguments: statuses.indices)
    func statusOfEveryKind(_ index: Int) {
        let (kind, code) = Self.statuses[index]
        #expect(Int(ErrorMapping.status(for: kind).code) == code, "\(kind)")
        let response = ErrorMapping.response(for: AdminError(kind, "boom"))
        #expect(Int(response.status.code) == code, "\(kind)")
        #expect(response.headers[.contentType] == "application/json")
    }

    @Test func notReadyIsTooEarly() {
        #expect(ErrorMapping.status(for: .notReady).reasonPhrase == "Too Early")
    }

    @Test func adapterRefusalsInTheJSONShape() throws {
        let put = ErrorMapping.response(for: HTTPRejection.deprecatedPut)
        #expect(put.status == .methodNotAllowed)
        #expect(put.headers[.contentType] == "application/json")
        let query = ErrorMapping.response(for: HTTPRejection.queryNotImplemented)
        #expect(query.status == .notImplemented)
        #expect(query.headers[.contentType] == "application/json")
    }

    @Test func rejectionsArePlainTextOrEmpty() {
        let v1 = ErrorMapping.response(for: HTTPRejection.unsupportedAPIVersionV1)
        #expect(v1.status == .badRequest)
        #expect(v1.headers[.contentType] == "text/plain; charset=utf-8")
        let shed = ErrorMapping.response(for: HTTPRejection.tooManyRequests)
        #expect(shed.status == .tooManyRequests)
        #expect(shed.headers[.contentType] == nil)
        #expect(shed.headers[.contentLength] == "0")
    }

    @Test func unencodableResponseIsA500JSONError() {
        struct Unencodable: Encodable {
            func encode(to encoder: any Encoder) throws {
                throw EncodingError.invalidValue(Double.nan, .init(codingPath: [], debugDescription: "not encodable"))
            }
        }
        let response = Response.json(Unencodable())
        #expect(response.status == .internalServerError)
        #expect(response.headers[.contentType] == "application/json")
    }

    @Test func unknownErrorsAre500JSON() {
        struct Opaque: Error {}
        let response = ErrorMapping.response(for: Opaque())
        #expect(response.status == .internalServerError)
        #expect(response.headers[.contentType] == "application/json")
    }
}
