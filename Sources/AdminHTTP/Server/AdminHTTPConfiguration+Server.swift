import HummingbirdCore
import NIOCore

extension AdminHTTPConfiguration {
    /// The server of ``buildApplication(service:configuration:logger:)``: HTTP/1.1 with
    /// ``idleTimeout`` as Hummingbird's idle timeout and, when set, ``requestHeaderTimeout``.
    var server: HTTPServerBuilder {
        let http1 = HTTP1Channel.Configuration(idleTimeout: idleTimeout.map { TimeAmount($0) })
        guard let requestHeaderTimeout else { return .http1(configuration: http1) }
        return .http1(requestHeaderTimeout: requestHeaderTimeout, configuration: http1)
    }
}
