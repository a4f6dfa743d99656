/// A qualified AWS Lambda function ARN: `arn:partition:lambda:region:account:function:name:version`.
public struct LambdaARN: Hashable, Sendable, TextEncodable {
    /// The partition, e.g. `aws`.
    public let partition: String
    /// The region, e.g. `eu-central-1`.
    public let region: String
    /// The account id.
    public let accountID: String
    /// The function name.
    public let functionName: String
    /// The version or alias qualifier.
    public let version: String

    /// Parses and validates a qualified Lambda ARN with Restate's reasons.
    /// - Throws: ``AdminError`` (`.invalidArgument`) whose message is the reason.
    public init(parsing text: String) throws(AdminError) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 8 else {
            if parts.count == 7 {
                throw AdminError(
                    .invalidArgument,
                    "A qualified ARN needs a version or alias suffix. If you want to use the unpublished version, provide $LATEST and make sure your shell doesn't treat it as a variable"
                )
            }
            throw AdminError(.invalidArgument, "A qualified ARN must have 8 components delimited by `:`")
        }
        guard parts[0] == "arn" else { throw AdminError(.invalidArgument, "First component of the ARN must be `arn`") }
        guard parts[5] == "function" else { throw AdminError(.invalidArgument, "ARN must refer to a `function` resource") }
        guard ![parts[1], parts[2], parts[3], parts[4], parts[6], parts[7]].contains(where: \.isEmpty) else {
            throw AdminError(.invalidArgument, "Partition, service, region, account ID, function name and version must all be non-empty")
        }
        guard parts[2] == "lambda" else { throw AdminError(.invalidArgument, "ARN must be for the lambda service") }
        partition = parts[1]
        region = parts[3]
        accountID = parts[4]
        functionName = parts[6]
        version = parts[7]
    }

    /// The ARN text.
    public var description: String {
        "arn:\(partition):lambda:\(region):\(accountID):function:\(functionName):\(version)"
    }
}
