import Foundation

/// The local AWS fakes for Lambda discovery, run with the peer venv's python: the fake Invoke
/// endpoint of ``FakeLambdaScript`` (botocore checks the signature, the SDK peer answers) and moto's
/// server mode as STS.
struct AWSFakeEnvironment: Sendable {
    /// The SDK peer and its venv.
    let peer: PeerEnvironment

    /// The environment, or `nil` when the peer, its venv, botocore or moto's server mode is missing.
    static let current: AWSFakeEnvironment? = PeerEnvironment.current.flatMap { peer in
        let command = "\(shellQuoted(peer.python.path)) -c 'import botocore.auth, moto.server' > /dev/null 2>&1 < /dev/null"
        return system(command) == 0 ? AWSFakeEnvironment(peer: peer) : nil
    }

    /// Why these tests cannot run here.
    static var absenceReason: String {
        PeerEnvironment.absenceReason + ", with botocore and moto's server mode in that venv "
            + "(.build/peers-venv/bin/pip install botocore \"moto[server]\")"
    }

    /// Run when the fakes are available, or always under CI (where absence fails).
    static var shouldRun: Bool { current != nil || PeerEnvironment.isCI }

    /// `../shared/peers`, whose `services.py` answers the Lambda event.
    var peersDirectory: URL { peer.serveScript.deletingLastPathComponent() }

    /// The contract's capture of the SDK answering the discovery event on Lambda.
    var lambdaCapture: URL {
        peer.root.deletingLastPathComponent().appendingPathComponent("shared/contract/discovery-captures/lambda-discover.json")
    }

    /// Starts the fake Invoke endpoint in `directory`, accepting `credentials` (`KEY:SECRET[:TOKEN]`)
    /// and, with `sts`, the temporary credentials that moto server handed out.
    func startFakeLambda(in directory: URL, credentials: [String], sts: String? = nil) async throws -> FakeLambda {
        let script = directory.appendingPathComponent("fake_lambda.py")
        try FakeLambdaScript.source.write(to: script, atomically: true, encoding: .utf8)
        let portFile = directory.appendingPathComponent("fake_lambda.port")
        let log = directory.appendingPathComponent("fake_lambda.jsonl")
        var arguments = [
            script.path, "--port-file", portFile.path, "--peers", peersDirectory.path, "--log", log.path,
            "--region", "eu-central-1",
        ]
        arguments += credentials.flatMap { ["--credentials", $0] }
        if let sts { arguments += ["--sts", sts] }
        let process = try PythonServerProcess(
            name: "fake Lambda", python: peer.python, arguments: arguments,
            outputFile: directory.appendingPathComponent("fake_lambda.out")
        )
        do {
            let port = try await process.waitUntilReady { () async -> Int? in
                (try? String(contentsOf: portFile, encoding: .utf8)).flatMap { Int($0) }
            }
            return FakeLambda(process: process, port: port, logFile: log)
        } catch {
            process.stop()
            throw error
        }
    }

    /// Starts moto's server mode (all its services, STS among them) on a port of 127.0.0.1 that the
    /// child binds itself (port 0) and reports through a file, so no other process can take it first.
    func startMoto(in directory: URL) async throws -> MotoServer {
        let portFile = directory.appendingPathComponent("moto.port")
        let script = """
            import os, sys, threading
            from moto.server import ThreadedMotoServer
            server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
            server.start()
            with open(sys.argv[1] + ".tmp", "w") as out:
                out.write(str(server.get_host_and_port()[1]))
            os.replace(sys.argv[1] + ".tmp", sys.argv[1])
            threading.Event().wait()
            """
        let process = try PythonServerProcess(
            name: "moto server", python: peer.python, arguments: ["-c", script, portFile.path],
            outputFile: directory.appendingPathComponent("moto.out")
        )
        do {
            let port = try await process.waitUntilReady { () async -> Int? in
                (try? String(contentsOf: portFile, encoding: .utf8)).flatMap { Int($0) }
            }
            return MotoServer(process: process, port: port)
        } catch {
            process.stop()
            throw error
        }
    }
}

/// A running moto server.
struct MotoServer: Sendable {
    /// The Python process.
    let process: PythonServerProcess
    /// Its port on 127.0.0.1.
    let port: Int

    /// The endpoint URL, e.g. for `HTTPDiscoveryClient.Configuration.stsEndpoint`.
    var endpoint: String { "http://127.0.0.1:\(port)" }
}

/// A running fake Invoke endpoint.
struct FakeLambda: Sendable {
    /// The Python process.
    let process: PythonServerProcess
    /// Its port on 127.0.0.1.
    let port: Int
    /// Its JSON-lines request log.
    let logFile: URL

    /// The endpoint URL for `HTTPDiscoveryClient.Configuration.lambdaEndpoint`.
    var endpoint: String { "http://127.0.0.1:\(port)" }

    /// One entry per request: `function`, `access_key`, `verdict` (`ok` or the AWS error type),
    /// `session_token`, and for moto's credentials `assumed_role` and `role_session`.
    func requests() throws -> [[String: Any]] {
        let text = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
        return try text.split(separator: "\n").map { line in
            try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
        }
    }
}

/// A scratch directory for one test's fakes, removed by `remove()`.
struct FakeDirectory: Sendable {
    /// The directory.
    let url: URL

    /// Creates a fresh directory under the temporary directory.
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("aws-fakes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Deletes the directory and its files.
    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}

/// `text` in single quotes for `system(3)`.
func shellQuoted(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
