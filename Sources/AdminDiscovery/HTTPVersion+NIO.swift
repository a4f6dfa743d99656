import AdminCore
import NIOHTTP1

extension AdminCore.HTTPVersion {
    /// The version of a response head as SwiftNIO (and AsyncHTTPClient) report it.
    init(_ version: NIOHTTP1.HTTPVersion) {
        switch (version.major, version.minor) {
        case (0, _): self = .http09
        case (1, 0): self = .http10
        case (1, _): self = .http11
        case (2, _): self = .http2
        default: self = .http3
        }
    }
}
