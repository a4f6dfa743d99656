import AdminCore
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL

/// The network ``DiscoveryClient``: calls a deployment's `/discover` endpoint the way Restate 1.6.2
/// does (DISCOVERY.md §3–§4).
///
/// `http://` deployments are discovered over HTTP/2 with prior knowledge (h2c), or HTTP/1.1 when
/// `useHTTP11` is set; `https://` deployments over TLS with ALPN (`h2`, `http/1.1`), all on SwiftNIO
/// (`DiscoveryGET`). Lambda deployments are discovered with a signed `Invoke` call (and STS
/// `AssumeRole` when asked) over AsyncHTTPClient (`AWSAPIClient`). Connect errors, body-read
/// errors and the statuses 408, 429, 500, 502, 503 and 504 are retried; the whole discovery is
/// bounded by ``Configuration/deadline``, and each response body by
/// ``Configuration/maxResponseSize`` (refused while it streams, not retried).
public struct HTTPDiscoveryClient: DiscoveryClient {
    /// The client's settings.
    public let configuration: Configuration

    /// Creates a client.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Discovers the endpoint described by `request`.
    /// - Throws: ``AdminError``: `.invalidArgument` for invalid headers, `.discovery` with META0003
    ///   (unreachable, bad status, deadline, HTTP/2-only server with `useHTTP11`, a response body
    ///   larger than ``Configuration/maxResponseSize``), META0014 (HTTP/1.1-only
    ///   server over h2c) or any error of
    ///   ``DiscoveryResponseValidator``.
    public func discover(_ request: DiscoveryRequest) async throws -> DiscoveredEndpoint {
        switch request.address {
        case .http(let uri, let useHTTP11):
            return try await discoverHTTP(uri: uri, useHTTP11: useHTTP11, additionalHeaders: request.additionalHeaders)
        case .lambda(let arn, let assumeRoleARN):
            return try await discoverLambda(
                arn: arn, assumeRoleARN: assumeRoleARN, additionalHeaders: request.additionalHeaders
            )
        }
    }

    /// The statuses Restate retries.
    static let retryableStatuses: Set<UInt> = [408, 429, 500, 502, 503, 504]

    private func discoverHTTP(
        uri: DeploymentURI, useHTTP11: Bool, additionalHeaders: AdditionalHeaders
    ) async throws -> DiscoveredEndpoint {
        let target = try Self.target(for: uri, useHTTP11: useHTTP11)
        let headers = try DiscoveryRequestHeaders.build(
            authority: target.authority, additionalHeaders: additionalHeaders, clusterName: configuration.clusterName
        )
        let sslContext = try target.tls ? makeSSLContext(uri: uri, useHTTP11: useHTTP11) : nil
        let closer = ChannelCloser()
        return try await withDeadline(label: uri.description, closer: closer) {
            try await attempts(uri: uri, target: target, headers: headers, sslContext: sslContext, closer: closer)
        }
    }

    /// Runs the attempts with retries; returns the validated endpoint or throws the last error.
    private func attempts(
        uri: DeploymentURI, target: DiscoveryHTTPTarget, headers: HTTPHeaders, sslContext: NIOSSLContext?,
        closer: ChannelCloser
    ) async throws -> DiscoveredEndpoint {
        try await retrying(label: uri.description) { () async throws(DiscoveryAttemptError) in
            try await DiscoveryGET.send(
                target: target, headers: headers, group: configuration.eventLoopGroup,
                connectTimeout: configuration.connectTimeout, maxResponseSize: configuration.maxResponseSize,
                sslContext: sslContext, closer: closer
            )
        } accept: { response in
            try DiscoveryResponseValidator.validate(
                contentType: response.headers.first(name: "content-type"),
                body: Data(response.body.readableBytesView),
                transport: .http(response.version),
                serverHeader: response.headers.first(name: "x-restate-server")
            )
        }
    }

    /// The retry loop shared by HTTP and Lambda discovery: `perform` one request; a 2xx goes
    /// through `unwrap` (Lambda: the function's payload becomes the response, DISCOVERY.md §7) and,
    /// when the unwrapped status is 2xx too, to `accept` (never retried). Transport errors and the
    /// statuses of either level are retried per the policy (DISCOVERY.md §3.5); errors thrown by
    /// `unwrap` or `accept` are not.
    func retrying(
        label: String,
        perform: () async throws(DiscoveryAttemptError) -> DiscoveryHTTPResponse,
        unwrap: (DiscoveryHTTPResponse) throws -> DiscoveryHTTPResponse = { $0 },
        accept: (DiscoveryHTTPResponse) throws -> DiscoveredEndpoint
    ) async throws -> DiscoveredEndpoint {
        let policy = configuration.retryPolicy
        var retry = 0
        while true {
            var response: DiscoveryHTTPResponse
            do {
                response = try await perform()
            } catch let attemptError {
                try Task.checkCancellation()
                let (error, retryable) = Self.wrap(attemptError, label: label)
                guard retryable, retry < policy.maxRetries else { throw error }
                try await backOff(retry: &retry, label: label, error: error)
                continue
            }
            if (200..<300).contains(response.status.code) {
                response = try unwrap(response)
                if (200..<300).contains(response.status.code) {
                    return try accept(response)
                }
            }
            let error = DiscoveryStatusError.make(response)
            guard Self.retryableStatuses.contains(response.status.code), retry < policy.maxRetries else { throw error }
            try await backOff(retry: &retry, label: label, error: error)
        }
    }

    /// Races `operation` against the configured deadline. At the deadline `operation` is cancelled
    /// and `closer` (the discovery GET's connections, which do not end on cancellation alone) closes
    /// its channel; AsyncHTTPClient's requests end on cancellation.
    func withDeadline(
        label: String, closer: ChannelCloser?, _ operation: @escaping @Sendable () async throws -> DiscoveredEndpoint
    ) async throws -> DiscoveredEndpoint {
        let deadline = configuration.deadline
        return try await withThrowingTaskGroup(of: DiscoveredEndpoint?.self) { group in
            group.addTask {
                try await withTaskCancellationHandler {
                    try await operation()
                } onCancel: {
                    closer?.cancel()
                }
            }
            group.addTask {
                try await Task.sleep(for: deadline)
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            closer?.cancel()
            guard let first else {
                throw AdminError(
                    .discovery, code: .meta0003,
                    "error when calling '\(label)': discovery did not complete within the \(deadline.shortDescription) deadline"
                )
            }
            return first
        }
    }

    /// Logs the retry and sleeps for the policy's delay.
    private func backOff(retry: inout Int, label: String, error: AdminError) async throws {
        let delay = configuration.retryPolicy.delay(beforeRetry: retry)
        configuration.logger.warning(
            "Error when discovering deployment at address '\(label)'. Retrying in \(delay.seconds) seconds: \(error)"
        )
        try await Task.sleep(for: delay)
        retry += 1
    }

    /// Maps a transport error to Restate's wording and says whether it is retried.
    static func wrap(_ error: DiscoveryAttemptError, label: String) -> (AdminError, Bool) {
        let prefix = "error when calling '\(label)': "
        switch error {
        case .connect(let reason):
            return (AdminError(.discovery, code: .meta0003, prefix + "unable to reach the remote endpoint.\nReason: \(reason)"), true)
        case .bodyRead(let reason):
            return (AdminError(.discovery, code: .meta0003, prefix + reason), true)
        case .tooLarge(let reason):
            return (AdminError(.discovery, code: .meta0003, prefix + reason), false)
        case .possibleHTTP11Only(let reason):
            return (
                AdminError(
                    .discovery, code: .meta0014,
                    prefix + "server possibly supports only HTTP1.1, consider discovery with --use-http1.1.\nReason: \(reason)"
                ), false
            )
        case .possibleHTTP2Only(let reason):
            return (
                AdminError(
                    .discovery, code: .meta0003,
                    prefix + "server possibly supports only HTTP/2, consider discovering without --use-http1.1.\nReason: \(reason)"
                ), false
            )
        case .other(let reason):
            return (AdminError(.discovery, code: .meta0003, prefix + reason), false)
        }
    }

    /// Computes host, port, authority and request target of a deployment URI (DISCOVERY.md §3.2).
    static func target(for uri: DeploymentURI, useHTTP11: Bool) throws(AdminError) -> DiscoveryHTTPTarget {
        guard uri.scheme == "http" || uri.scheme == "https" else {
            throw AdminError(.discovery, code: .meta0003, "error when calling '\(uri)': unsupported URI scheme '\(uri.scheme)'")
        }
        guard let port = uri.port else {
            throw AdminError(.discovery, code: .meta0003, "error when calling '\(uri)': the URI has no port")
        }
        var path = Substring(uri.path)
        if path.hasSuffix("/") { path = path.dropLast() }
        let pathAndQuery = "\(path)/discover" + (uri.query.map { "?\($0)" } ?? "")
        return DiscoveryHTTPTarget(
            host: uri.host, port: port, authority: uri.endpoint.hostAndPort, pathAndQuery: pathAndQuery,
            tls: uri.scheme == "https", useHTTP11: useHTTP11
        )
    }

    /// The TLS context of an `https://` discovery GET.
    func makeSSLContext(uri: DeploymentURI, useHTTP11: Bool) throws(AdminError) -> NIOSSLContext {
        let tls = try tlsConfiguration(uri: uri, useHTTP11: useHTTP11)
        do {
            return try NIOSSLContext(configuration: tls)
        } catch {
            throw AdminError(.discovery, code: .meta0003, "error when calling '\(uri)': cannot set up TLS: \(error)")
        }
    }

    /// The TLS settings of an `https://` call to `uri`: ``Configuration/tlsTrust``'s roots, ALPN
    /// `http/1.1` with `useHTTP11` and `h2`, `http/1.1` otherwise.
    func tlsConfiguration(uri: DeploymentURI, useHTTP11: Bool) throws(AdminError) -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.applicationProtocols = useHTTP11 ? ["http/1.1"] : ["h2", "http/1.1"]
        do {
            switch configuration.tlsTrust {
            case .systemRoots:
                tls.trustRoots = .default
            case .certificates(let pem):
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(pem.utf8)))
            case .systemRootsAndCertificates(let pem):
                tls.trustRoots = .default
                tls.additionalTrustRoots = [.certificates(try NIOSSLCertificate.fromPEMBytes(Array(pem.utf8)))]
            case .insecureSkipVerification:
                tls.certificateVerification = .none
            }
            return tls
        } catch {
            throw AdminError(.discovery, code: .meta0003, "error when calling '\(uri)': cannot set up TLS: \(error)")
        }
    }
}
