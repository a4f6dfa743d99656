import Foundation
import Testing

/// What the client subcommands put on the wire, as a live server receives it: the path prefix of
/// the admin URL, the `host` header (an IPv6 address in brackets), percent-encoded path segments,
/// a sized JSON body.
@Suite("What the client subcommands send", .timeLimit(.minutes(1)))
struct ClientRequestTests {
    @Test(arguments: ["127.0.0.1", "::1"])
    func requestsUnderAPathPrefix(host: String) async throws {
        try await RecordingServer.run(host: host, answer: #"{"id":"dp_x","services":[]}"#) { port, recorder in
            let authority = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
            let url = "http://\(authority)/restate/admin/"
            let described = try await ClientCommandRunner.output(["deployments", "describe", "dp a/b", "--json"], url: url)
            #expect(described.contains("\"id\" : \"dp_x\""), "\(described)")
            _ = try await ClientCommandRunner.output(
                ["deployments", "register", "http://localhost:9080", "--force", "--header", "X-A: 1", "--header", "x-a:2"], url: url
            )
            #expect(try await ClientCommandRunner.output(["deployments", "remove", "dp_x"], url: url) == "Removed dp_x.")

            let requests = recorder.all
            try #require(requests.count == 4, "\(requests)")
            #expect(
                requests[0]
                    == ReceivedRequest(
                        method: "GET", path: "/restate/admin/deployments/dp%20a%2Fb?include=status", host: authority, contentType: nil,
                        contentLength: nil, body: ""
                    ))
            // register reads the services first, to say what changed.
            #expect(requests[1].method == "GET" && requests[1].path == "/restate/admin/services" && requests[1].host == authority)
            let post = requests[2]
            #expect(post.method == "POST" && post.path == "/restate/admin/deployments" && post.host == authority)
            #expect(post.contentType == "application/json")
            #expect(post.contentLength == String(post.body.utf8.count))
            let sent = try #require(try JSONSerialization.jsonObject(with: Data(post.body.utf8)) as? [String: Any])
            #expect(sent["uri"] as? String == "http://localhost:9080")
            #expect(sent["force"] as? Bool == true && sent["breaking"] as? Bool == false && sent["dry_run"] as? Bool == false)
            #expect(sent["additional_headers"] as? [String: String] == ["x-a": "2"])
            // Without --force: the server's safe removal.
            #expect(requests[3].method == "DELETE" && requests[3].path == "/restate/admin/deployments/dp_x")
            #expect(requests[3].host == authority && requests[3].body.isEmpty)
        }
    }

    /// `https://` is spoken over TLS: a plain HTTP/1.1 server gets a TLS handshake, never a
    /// request, and the client reports that it cannot reach the server.
    @Test func httpsSpeaksTLS() async throws {
        try await RecordingServer.run(host: "127.0.0.1", answer: "{}") { port, recorder in
            let url = "https://127.0.0.1:\(port)"
            let failure = try await ClientCommandRunner.failure(["services", "list"], url: url)
            #expect(failure?.hasPrefix("error: cannot reach the admin API at \(url): ") == true, "\(failure ?? "")")
            #expect(recorder.all.isEmpty, "\(recorder.all)")
        }
    }
}
