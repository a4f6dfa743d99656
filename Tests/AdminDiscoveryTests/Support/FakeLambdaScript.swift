/// The fake AWS Lambda Invoke endpoint (Python: stdlib `http.server` + botocore), written to a
/// temporary file and run with the peer venv's python. Kept in Swift so the test target has no
/// unhandled resource files.
///
/// `POST /2015-03-31/functions/<name>/invocations`: 411 without `content-length` (the AWS SDKs
/// always size the body); otherwise botocore's `SigV4Auth` recomputes the signature (service
/// `lambda`, `--region`, the request's own `x-amz-date`) and the whole `Authorization` header must
/// match, else 403 `InvalidSignatureException`. On a match the official Restate Python SDK's Lambda
/// handler (`services.py` from `--peers`) answers the event. Known credentials:
/// `--credentials KEY:SECRET[:TOKEN]` and, with `--sts URL`, the temporary credentials moto's STS
/// handed out (from moto's `/moto-api/data.json`). One JSON line per request goes to `--log`; the
/// bound port goes to `--port-file` once the server is ready.
enum FakeLambdaScript {
    static let source = #"""
        """Fake AWS Lambda Invoke endpoint that checks SigV4 with botocore (see FakeLambdaScript.swift)."""

        import argparse
        import datetime
        import json
        import os
        import sys
        import urllib.parse
        import urllib.request
        from http.server import BaseHTTPRequestHandler, HTTPServer

        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials

        PREFIX = "/2015-03-31/functions/"
        SUFFIX = "/invocations"


        class Rejection(Exception):
            def __init__(self, error_type, message):
                super().__init__(message)
                self.error_type = error_type
                self.message = message


        def parse_authorization(value):
            algorithm, _, rest = value.partition(" ")
            fields = {}
            for part in rest.split(","):
                name, _, field = part.strip().partition("=")
                fields[name] = field
            if algorithm != "AWS4-HMAC-SHA256" or not {"Credential", "SignedHeaders", "Signature"} <= fields.keys():
                raise Rejection("IncompleteSignatureException", "Authorization header is not AWS4-HMAC-SHA256: " + value)
            return fields


        class Fake:
            def __init__(self, args):
                self.region = args.region
                self.static = {}
                for text in args.credentials:
                    key, secret, *token = text.split(":", 2)
                    self.static[key] = (secret, token[0] if token else None)
                self.sts = args.sts
                self.log_path = args.log
                sys.path.insert(0, args.peers)
                os.environ.setdefault("AWS_LAMBDA_FUNCTION_NAME", "restate-discovery-peer")
                import services  # the SDK's Lambda handler, because AWS_LAMBDA_FUNCTION_NAME is set

                self.handler = services.app

            def lookup(self, access_key):
                """(secret, session token, log details) of a known access key."""
                if access_key in self.static:
                    return self.static[access_key] + ({},)
                if self.sts:
                    with urllib.request.urlopen(self.sts.rstrip("/") + "/moto-api/data.json", timeout=10) as answer:
                        data = json.load(answer)
                    for role in data.get("sts", {}).get("AssumedRole", []):
                        if role.get("access_key_id") == access_key:
                            details = {"assumed_role": role.get("role_arn"), "role_session": role.get("session_name")}
                            return role["secret_access_key"], role.get("session_token"), details
                raise Rejection("UnrecognizedClientException", "The security token included in the request is invalid.")

            def verify(self, method, path, headers, body, entry):
                """Recomputes the signature with botocore; raises Rejection unless it matches."""
                authorization = headers.get("authorization", "")
                fields = parse_authorization(authorization)
                access_key = fields["Credential"].split("/", 1)[0]
                entry["access_key"] = access_key
                secret, token, details = self.lookup(access_key)
                entry.update(details)
                signed = fields["SignedHeaders"].split(";")
                for required in ["host", "x-amz-date"] + (["x-amz-security-token"] if token else []):
                    if required not in signed:
                        raise Rejection("IncompleteSignatureException", "header not signed: " + required)
                if token is not None and headers.get("x-amz-security-token") != token:
                    raise Rejection("UnrecognizedClientException", "The security token included in the request is invalid.")
                amz_date = headers["x-amz-date"]
                sent = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
                if abs((datetime.datetime.now(datetime.timezone.utc) - sent).total_seconds()) > 15 * 60:
                    raise Rejection("InvalidSignatureException", "Signature expired: " + amz_date)
                try:
                    request_headers = {name: headers[name] for name in signed}
                except KeyError as missing:
                    raise Rejection("IncompleteSignatureException", "signed header missing: %s" % missing)
                request = AWSRequest(method=method, url="http://" + headers["host"] + path, data=body, headers=request_headers)
                request.context["timestamp"] = amz_date
                signer = SigV4Auth(Credentials(access_key, secret, token), "lambda", self.region)
                canonical = signer.canonical_request(request)
                signature = signer.signature(signer.string_to_sign(request, canonical), request)
                expected = "AWS4-HMAC-SHA256 Credential=%s, SignedHeaders=%s, Signature=%s" % (
                    signer.scope(request), signer.signed_headers(signer.headers_to_sign(request)), signature,
                )
                if authorization != expected:
                    raise Rejection(
                        "InvalidSignatureException",
                        "The request signature we calculated does not match the signature you provided. "
                        "Expected: " + expected + " Canonical request: " + canonical,
                    )

            def log(self, entry):
                if self.log_path:
                    with open(self.log_path, "a") as log:
                        log.write(json.dumps(entry, sort_keys=True) + "\n")


        def make_handler(fake):
            class Handler(BaseHTTPRequestHandler):
                protocol_version = "HTTP/1.1"

                def do_POST(self):
                    path = self.path
                    if self.headers.get("content-length") is None:
                        # The AWS SDKs always send a sized body; refuse chunked uploads like S3 does.
                        fake.log({"verdict": "MissingContentLength", "transfer_encoding": self.headers.get("transfer-encoding")})
                        self.close_connection = True
                        return self.answer(411, {"x-amzn-ErrorType": "MissingContentLength"}, {"message": "Content-Length required"})
                    body = self.rfile.read(int(self.headers["content-length"]))
                    if not (path.startswith(PREFIX) and path.endswith(SUFFIX)):
                        return self.answer(404, {"x-amzn-ErrorType": "UnknownOperationException"}, {"message": "unknown path " + path})
                    function = urllib.parse.unquote(path[len(PREFIX):-len(SUFFIX)])
                    headers = {name.lower(): value for name, value in self.headers.items()}
                    entry = {"function": function, "authorization": headers.get("authorization", "")}
                    try:
                        fake.verify("POST", path, headers, body, entry)
                    except Rejection as rejection:
                        entry.update(verdict=rejection.error_type, message=rejection.message)
                        fake.log(entry)
                        return self.answer(403, {"x-amzn-ErrorType": rejection.error_type}, {"message": rejection.message})
                    entry["verdict"] = "ok"
                    entry["session_token"] = headers.get("x-amz-security-token")
                    fake.log(entry)
                    response = fake.handler(json.loads(body), None)
                    self.answer(200, {"x-amz-executed-version": "1"}, response)

                def answer(self, status, headers, payload):
                    data = json.dumps(payload).encode()
                    self.send_response(status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(data)))
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    try:
                        self.wfile.write(data)
                    except BrokenPipeError:
                        pass

                def log_message(self, format, *args):
                    sys.stderr.write("fake_lambda: " + format % args + "\n")

            return Handler


        def main():
            parser = argparse.ArgumentParser(description=__doc__)
            parser.add_argument("--port-file", required=True)
            parser.add_argument("--peers", required=True, help="directory holding the SDK peer's services.py")
            parser.add_argument("--region", default="eu-central-1")
            parser.add_argument("--credentials", action="append", default=[], help="KEY:SECRET[:TOKEN]")
            parser.add_argument("--sts", help="moto server URL whose AssumeRole credentials are accepted")
            parser.add_argument("--log", help="JSON-lines file of the requests seen")
            args = parser.parse_args()
            fake = Fake(args)
            server = HTTPServer(("127.0.0.1", 0), make_handler(fake))
            port = server.server_address[1]
            with open(args.port_file + ".tmp", "w") as out:
                out.write(str(port))
            os.replace(args.port_file + ".tmp", args.port_file)
            print(port, flush=True)
            server.serve_forever()


        if __name__ == "__main__":
            main()
        """#
}
