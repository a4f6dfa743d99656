"""Seeds the server that .ci/schemathesis fuzzes, so generated requests reach more than 404s.

Serves a fake Restate deployment (HTTP/1.1, the standard library only) on a free port, registers it
twice (two paths; the second removes a handler, with breaking=true), creates a Kafka subscription,
then stops the fake deployment and appends to the given schemathesis.toml dictionaries of the ids and
names that exist, bound to the path parameters.

    python schemathesis-seed.py ADMIN_BASE_URL TOML_PATH
"""

import json
import sys
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MANIFEST_TYPE = "application/vnd.restate.endpointmanifest.v4+json"


def manifest(counter_handlers):
    return {
        "protocolMode": "BIDI_STREAM",
        "minProtocolVersion": 5,
        "maxProtocolVersion": 6,
        "services": [
            {"name": "Greeter", "ty": "SERVICE", "handlers": [{"name": "greet"}]},
            {"name": "Counter", "ty": "VIRTUAL_OBJECT", "handlers": counter_handlers},
            {"name": "Signup", "ty": "WORKFLOW", "handlers": [{"name": "run", "ty": "WORKFLOW"}, {"name": "status", "ty": "SHARED"}]},
        ],
    }


MANIFESTS = {
    "/a/discover": manifest([{"name": "add", "ty": "EXCLUSIVE"}, {"name": "get", "ty": "SHARED"}]),
    "/b/discover": manifest([{"name": "add", "ty": "EXCLUSIVE"}]),
}


class Deployment(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        body = json.dumps(MANIFESTS.get(self.path.split("?")[0], {})).encode()
        found = self.path.split("?")[0] in MANIFESTS
        self.send_response(200 if found else 404)
        self.send_header("content-type", MANIFEST_TYPE)
        self.send_header("content-length", str(len(body) if found else 0))
        self.end_headers()
        if found:
            self.wfile.write(body)

    def log_message(self, *args):
        pass


def post(base, path, body):
    request = urllib.request.Request(
        base + path, data=json.dumps(body).encode(), headers={"content-type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def main():
    base, toml_path = sys.argv[1], sys.argv[2]
    server = ThreadingHTTPServer(("127.0.0.1", 0), Deployment)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    uri = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        first = post(base, "/deployments", {"uri": f"{uri}/a", "use_http_11": True})["id"]
        second = post(base, "/deployments", {"uri": f"{uri}/b", "use_http_11": True, "breaking": True})["id"]
        subscription = post(base, "/subscriptions", {"source": "kafka://my-cluster/orders", "sink": "service://Counter/add"})["id"]
    finally:
        server.shutdown()
    values = {
        "deployments": [first, second],
        "subscriptions": [subscription],
        "services": ["Greeter", "Counter", "Signup"],
        "handlers": ["greet", "add", "get", "run", "status"],
    }
    with open(toml_path, "a") as toml:
        toml.write("\n# Appended by schemathesis-seed.py: what exists on the server.\n")
        for name, entries in values.items():
            toml.write(f"[dictionaries.{name}]\nvalues = {json.dumps(entries)}\n")
        toml.write("\n[parameters]\n")
        for parameter, dictionary in [
            ("deployment", "deployments"), ("subscription", "subscriptions"), ("service", "services"), ("handler", "handlers")
        ]:
            toml.write(f'"path.{parameter}" = {{ dictionary = "{dictionary}", probability = 0.6 }}\n')
    print(f"seeded: deployments {first} {second}, subscription {subscription}")


if __name__ == "__main__":
    main()
