import AdminCore
import Foundation
import NIOCore
import NIOHTTP1

extension HTTPDiscoveryClient {
    /// Lambda discovery (DISCOVERY.md §7): a SigV4-signed `Invoke` call carrying the API-Gateway-like
    /// discovery event; the function's answer is decoded and validated like an HTTP response. The
    /// deadline covers everything that goes over the network, the STS `AssumeRole` call included;
    /// both calls go through one ``AWSAPIClient``, whose HTTP client lives as long as the discovery.
    func discoverLambda(
        arn: LambdaARN, assumeRoleARN: String?, additionalHeaders: AdditionalHeaders
    ) async throws -> DiscoveredEndpoint {
        guard let baseCredentials = configuration.awsCredentials ?? AWSSigV4Signer.Credentials.fromEnvironment() else {
            throw AdminError(
                .discovery, code: .meta0003,
                "error when calling '\(arn)': no AWS credentials (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)"
            )
        }
        let endpoint = configuration.lambdaEndpoint ?? "https://lambda.\(arn.region).amazonaws.com"
        let base = try DeploymentURI(parsing: endpoint)
        var target = try Self.target(for: base, useHTTP11: true)
        target.pathAndQuery = "/2015-03-31/functions/\(AWSSigV4Signer.encode(arn.description))/invocations"

        let eventHeaders = try DiscoveryRequestHeaders.build(
            authority: "", additionalHeaders: additionalHeaders, clusterName: configuration.clusterName
        )
        var headerMap: [String: String] = [:]
        for header in eventHeaders where header.name != "host" && headerMap[header.name] == nil {
            headerMap[header.name] = header.value
        }
        let event: [String: Any] = [
            "path": "/discover", "httpMethod": "GET", "headers": headerMap, "body": "", "isBase64Encoded": true,
        ]
        let payload = Array(try JSONSerialization.data(withJSONObject: event, options: [.sortedKeys]))
        let tls = try target.tls ? tlsConfiguration(uri: base, useHTTP11: true) : nil
        let label = arn.description
        let requestTarget = target
        return try await withDeadline(label: label, closer: nil) {
            try await AWSAPIClient.with(configuration) { aws in
                let credentials = try await assumeRoleIfRequested(
                    assumeRoleARN, region: arn.region, base: baseCredentials, aws: aws
                )
                let signer = AWSSigV4Signer(credentials: credentials, region: arn.region, service: "lambda")
                let requestHeaders = signer.signedPOSTHeaders(
                    path: requestTarget.pathAndQuery,
                    headers: [("host", requestTarget.authority), ("content-type", "application/json")], body: payload
                )
                return try await retrying(label: label) { () async throws(DiscoveryAttemptError) in
                    try await aws.post(requestTarget, headers: requestHeaders, body: payload, tls: tls)
                } unwrap: { response in
                    try Self.lambdaPayloadResponse(response, arn: arn)
                } accept: { response in
                    try DiscoveryResponseValidator.validate(
                        contentType: response.headers.first(name: "content-type"), body: Data(response.body.readableBytesView),
                        transport: .lambda, serverHeader: response.headers.first(name: "x-restate-server")
                    )
                }
            }
        }
    }

    /// The credentials of the Invoke call: `base`, or with `assumeRoleARN` the temporary ones STS
    /// hands out (asked through the discovery's `aws` client).
    private func assumeRoleIfRequested(
        _ assumeRoleARN: String?, region: String, base: AWSSigV4Signer.Credentials, aws: AWSAPIClient
    ) async throws -> AWSSigV4Signer.Credentials {
        guard let assumeRoleARN else { return base }
        return try await AWSAssumeRole.credentials(
            roleARN: assumeRoleARN, region: region, base: base, endpoint: configuration.stsEndpoint, client: aws,
            tls: { uri throws(AdminError) in try tlsConfiguration(uri: uri, useHTTP11: true) }
        )
    }

    /// Turns a 2xx Invoke answer into the function's own HTTP response: a function error, then
    /// `{statusCode, headers, body, isBase64Encoded}` (an invalid status becomes 200). Its status is
    /// classified by the retry loop like an HTTP status (DISCOVERY.md §3.5, §7); errors thrown here
    /// are not retried.
    static func lambdaPayloadResponse(_ response: DiscoveryHTTPResponse, arn: LambdaARN) throws -> DiscoveryHTTPResponse {
        let payload = Data(response.body.readableBytesView)
        if response.headers.contains(name: "x-amz-function-error") {
            throw AdminError(
                .discovery, code: .meta0003,
                "function returned an error during execution: \(ResponseBodyQuote.quote(payload))"
            )
        }
        guard let object = try? JSONSerialization.jsonObject(with: payload) as? [String: Any] else {
            throw AdminError(
                .discovery, code: .meta0003,
                "error when calling '\(arn)': cannot decode the Lambda response: \(ResponseBodyQuote.quote(payload))"
            )
        }
        var status = (object["statusCode"] as? NSNumber)?.intValue ?? 200
        if !(100...999).contains(status) { status = 200 }
        var headers = HTTPHeaders()
        for (name, value) in (object["headers"] as? [String: Any]) ?? [:] {
            if let value = value as? String { headers.add(name: name.lowercased(), value: value) }
        }
        var body = Data(((object["body"] as? String) ?? "").utf8)
        if (object["isBase64Encoded"] as? Bool) == true {
            guard let decoded = Data(base64Encoded: body) else {
                throw AdminError(.discovery, code: .meta0003, "error when calling '\(arn)': invalid base64 body")
            }
            body = decoded
        }
        return DiscoveryHTTPResponse(
            status: HTTPResponseStatus(statusCode: status), headers: headers, body: ByteBuffer(bytes: body), version: .http11
        )
    }
}
