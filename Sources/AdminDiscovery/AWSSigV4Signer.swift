import Crypto
import Foundation
import NIOHTTP1

/// Signs AWS API requests with Signature Version 4 (used for the Lambda Invoke call of Lambda
/// discovery, DISCOVERY.md §7).
public struct AWSSigV4Signer: Sendable {
    /// AWS credentials.
    public struct Credentials: Sendable, Hashable {
        /// `AWS_ACCESS_KEY_ID`.
        public var accessKeyID: String
        /// `AWS_SECRET_ACCESS_KEY`.
        public var secretAccessKey: String
        /// `AWS_SESSION_TOKEN`, for temporary credentials.
        public var sessionToken: String?

        /// Creates credentials.
        public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
            self.accessKeyID = accessKeyID
            self.secretAccessKey = secretAccessKey
            self.sessionToken = sessionToken
        }

        /// Reads the standard AWS environment variables; `nil` when the key pair is not set.
        public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Credentials? {
            guard let key = environment["AWS_ACCESS_KEY_ID"], !key.isEmpty,
                let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty
            else { return nil }
            let token = environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
            return Credentials(accessKeyID: key, secretAccessKey: secret, sessionToken: token)
        }
    }

    /// The credentials used to sign.
    public var credentials: Credentials
    /// The region, e.g. `eu-central-1`.
    public var region: String
    /// The service, e.g. `lambda` or `sts`.
    public var service: String

    /// Creates a signer.
    public init(credentials: Credentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// Returns `headers` plus `x-amz-date`, `x-amz-security-token` (when a session token is set) and
    /// `authorization`. The request has no query string and the payload hash is not sent as a header
    /// (as for Lambda `Invoke` and STS `AssumeRole`).
    /// - Parameters:
    ///   - method: the HTTP method.
    ///   - path: the canonical URI, already percent-encoded as sent on the wire.
    ///   - headers: the headers to sign; must include `host`.
    ///   - body: the request body.
    ///   - date: the signing time.
    public func sign(
        method: String, path: String, headers: [(String, String)], body: [UInt8], date: Date = Date()
    ) -> [(String, String)] {
        let (amzDate, day) = Self.timestamps(date)
        let payloadHash = Self.hex(SHA256.hash(data: body))
        var signed = headers.map { ($0.0.lowercased(), $0.1.trimmingCharacters(in: .whitespaces)) }
        signed.append(("x-amz-date", amzDate))
        if let token = credentials.sessionToken { signed.append(("x-amz-security-token", token)) }
        signed.sort { $0.0 < $1.0 }
        let canonicalHeaders = signed.map { "\($0.0):\($0.1)\n" }.joined()
        let signedHeaders = signed.map(\.0).joined(separator: ";")
        // Non-S3 services sign the wire path encoded once more, segment by segment.
        let canonicalPath = path.split(separator: "/", omittingEmptySubsequences: false)
            .map { Self.encode(String($0)) }.joined(separator: "/")
        // The canonical query string is empty: these requests carry none.
        let canonicalRequest = [method, canonicalPath, "", canonicalHeaders, signedHeaders, payloadHash]
            .joined(separator: "\n")
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, Self.hex(SHA256.hash(data: Array(canonicalRequest.utf8)))]
            .joined(separator: "\n")
        var key = SymmetricKey(data: Array("AWS4\(credentials.secretAccessKey)".utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        let signature = Self.hex(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key))
        let authorization =
            "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), "
            + "SignedHeaders=\(signedHeaders), Signature=\(signature)"
        return signed + [("authorization", authorization)]
    }

    /// The headers of a signed POST: ``sign(method:path:headers:body:date:)`` as `HTTPHeaders`.
    /// ``AWSAPIClient`` sends them as they are and adds the body's `content-length` (a sized body,
    /// as the AWS SDKs send it).
    func signedPOSTHeaders(path: String, headers: [(String, String)], body: [UInt8]) -> HTTPHeaders {
        HTTPHeaders(sign(method: "POST", path: path, headers: headers, body: body))
    }

    /// RFC 3986 percent-encoding of everything but unreserved characters (AWS `UriEncode`).
    public static func encode(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                output += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return output
    }

    private static func timestamps(_ date: Date) -> (amzDate: String, day: String) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func pad(_ value: Int?, _ width: Int) -> String {
            let text = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let day = pad(c.year, 4) + pad(c.month, 2) + pad(c.day, 2)
        return (day + "T" + pad(c.hour, 2) + pad(c.minute, 2) + pad(c.second, 2) + "Z", day)
    }

    private static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
