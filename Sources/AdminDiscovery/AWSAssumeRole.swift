import AdminCore
import Foundation
import NIOCore
import NIOSSL

/// STS `AssumeRole` for Lambda discovery with `assume_role_arn` (DISCOVERY.md §7): a SigV4-signed
/// query-protocol call whose XML answer carries temporary credentials.
enum AWSAssumeRole {
    /// Calls AssumeRole on `endpoint` (default `https://sts.<region>.amazonaws.com`) through
    /// `client` and returns the temporary credentials. Session name `restate-<unix seconds>`;
    /// external id from `AWS_EXTERNAL_ID`.
    /// - Parameter tls: the TLS settings of an `https://` endpoint.
    static func credentials(
        roleARN: String, region: String, base: AWSSigV4Signer.Credentials, endpoint: String?, client: AWSAPIClient,
        tls: (DeploymentURI) throws(AdminError) -> TLSConfiguration
    ) async throws -> AWSSigV4Signer.Credentials {
        let uri = try DeploymentURI(parsing: endpoint ?? "https://sts.\(region).amazonaws.com")
        var target = try HTTPDiscoveryClient.target(for: uri, useHTTP11: true)
        target.pathAndQuery = "/"
        var parameters = [
            ("Action", "AssumeRole"), ("Version", "2011-06-15"), ("RoleArn", roleARN),
            ("RoleSessionName", "restate-\(Int(Date().timeIntervalSince1970))"),
        ]
        if let external = ProcessInfo.processInfo.environment["AWS_EXTERNAL_ID"], !external.isEmpty {
            parameters.append(("ExternalId", external))
        }
        let form = parameters.map { "\(AWSSigV4Signer.encode($0.0))=\(AWSSigV4Signer.encode($0.1))" }.joined(separator: "&")
        let body = Array(form.utf8)
        let signer = AWSSigV4Signer(credentials: base, region: region, service: "sts")
        let requestHeaders = signer.signedPOSTHeaders(
            path: "/",
            headers: [("host", target.authority), ("content-type", "application/x-www-form-urlencoded; charset=utf-8")],
            body: body
        )
        let tlsConfiguration = try target.tls ? tls(uri) : nil
        let response: DiscoveryHTTPResponse
        do {
            response = try await client.post(target, headers: requestHeaders, body: body, tls: tlsConfiguration)
        } catch {
            let (wrapped, _) = HTTPDiscoveryClient.wrap(error, label: uri.description)
            throw AdminError(.discovery, code: .meta0003, "cannot assume role '\(roleARN)': \(wrapped.message)")
        }
        let xml = String(buffer: response.body)
        guard (200..<300).contains(response.status.code),
            let key = element("AccessKeyId", in: xml), let secret = element("SecretAccessKey", in: xml)
        else {
            throw AdminError(
                .discovery, code: .meta0003,
                "cannot assume role '\(roleARN)': STS answered \(response.status.code): \(ResponseBodyQuote.quote(response.body.readableBytesView))"
            )
        }
        return AWSSigV4Signer.Credentials(accessKeyID: key, secretAccessKey: secret, sessionToken: element("SessionToken", in: xml))
    }

    /// The text of the first `<name>…</name>` element.
    static func element(_ name: String, in xml: String) -> String? {
        guard let open = xml.range(of: "<\(name)>"),
            let close = xml.range(of: "</\(name)>", range: open.upperBound..<xml.endIndex)
        else { return nil }
        return String(xml[open.upperBound..<close.lowerBound]).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
