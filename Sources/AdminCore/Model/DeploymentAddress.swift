/// Where a deployment lives and how the admin talks to it.
public enum DeploymentAddress: Hashable, Sendable, Codable {
    /// An HTTP endpoint, with the protocol mode it announced and the HTTP version discovery used.
    case http(uri: DeploymentURI, protocolType: ProtocolType, httpVersion: HTTPVersion)
    /// An AWS Lambda function.
    case lambda(arn: LambdaARN, assumeRoleARN: String?, compression: LambdaCompression?)

    /// The key under which storage indexes deployments for "same endpoint" detection
    /// (VERSIONING.md R18): `http:` + lower-cased authority + path, or `lambda:` + ARN.
    public var identityKey: String {
        switch self {
        case .http(let uri, _, _): return Self.identityKey(uri: uri)
        case .lambda(let arn, _, _): return Self.identityKey(arn: arn)
        }
    }

    /// The identity key of an HTTP address: scheme and query do not count.
    public static func identityKey(uri: DeploymentURI) -> String { "http:" + uri.identityKey }

    /// The identity key of a Lambda address: the ARN.
    public static func identityKey(arn: LambdaARN) -> String { "lambda:" + arn.description }

    /// The protocol type: Lambda deployments are always request/response.
    public var protocolType: ProtocolType {
        switch self {
        case .http(_, let protocolType, _): return protocolType
        case .lambda: return .requestResponse
        }
    }
}
