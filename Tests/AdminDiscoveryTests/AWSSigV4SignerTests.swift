import AdminDiscovery
import Foundation
import Testing

/// SigV4 signatures checked against botocore (values computed with botocore's `SigV4Auth` for the
/// same credentials, request and time).
struct AWSSigV4SignerTests {
    @Test func lambdaInvokeSignatureMatchesBotocore() {
        let signer = AWSSigV4Signer(
            credentials: .init(
                accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                sessionToken: "session-token-1"
            ),
            region: "eu-central-1", service: "lambda"
        )
        let arn = "arn:aws:lambda:eu-central-1:123456789012:function:my-fn:1"
        let headers = signer.sign(
            method: "POST",
            path: "/2015-03-31/functions/\(AWSSigV4Signer.encode(arn))/invocations",
            headers: [("host", "lambda.eu-central-1.amazonaws.com"), ("content-type", "application/json")],
            body: Array(#"{"path":"/discover"}"#.utf8),
            date: Date(timeIntervalSince1970: 1_767_323_045)  // 2026-01-02T03:04:05Z
        )
        let values = Dictionary(headers, uniquingKeysWith: { first, _ in first })
        #expect(values["x-amz-date"] == "20260102T030405Z")
        #expect(values["x-amz-security-token"] == "session-token-1")
        #expect(
            values["authorization"]
                == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260102/eu-central-1/lambda/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=1c31a871532fbc02b31e1ee83e6e585e1ab52bfc89d4307fa61b37862785039a"
        )
    }

    @Test func credentialsFromEnvironment() {
        #expect(AWSSigV4Signer.Credentials.fromEnvironment([:]) == nil)
        let credentials = AWSSigV4Signer.Credentials.fromEnvironment(["AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b"])
        #expect(credentials == .init(accessKeyID: "a", secretAccessKey: "b"))
    }
}
