import Foundation

/// Locates the official Restate Python SDK peer (`../shared/peers/serve.sh`) and its venv, and
/// starts/stops it for tests.
struct PeerEnvironment: Sendable {
    /// The project root (the directory whose `../shared/peers` holds the peer).
    let root: URL
    /// `serve.sh`.
    let serveScript: URL
    /// The venv's python.
    let python: URL

    /// Whether the CI flag is set: then a missing peer is a failure, not a skip.
    static let isCI = ProcessInfo.processInfo.environment["CI"] == "true"

    /// The peer environment, or `nil` when `../shared/peers` or the venv is absent.
    static let current: PeerEnvironment? = locate()

    /// Why the peer tests cannot run here.
    static var absenceReason: String {
        "the Restate Python SDK peer needs ../shared/peers/serve.sh and the venv .build/peers-venv "
            + "(python3 -m venv .build/peers-venv && .build/peers-venv/bin/pip install -r ../shared/peers/requirements.txt)"
    }

    /// Run the peer tests when the peer is available, or always under CI (where absence fails).
    static var shouldRun: Bool { current != nil || isCI }

    private static func locate() -> PeerEnvironment? {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let fileManager = FileManager.default
        while directory.path != "/" {
            let serve = directory.deletingLastPathComponent().appendingPathComponent("shared/peers/serve.sh")
            if fileManager.fileExists(atPath: directory.appendingPathComponent("Package.swift").path),
                fileManager.isExecutableFile(atPath: serve.path)
            {
                let python =
                    ProcessInfo.processInfo.environment["PEER_PYTHON"].map {
                        $0.hasPrefix("/") ? URL(fileURLWithPath: $0) : directory.appendingPathComponent($0)
                    } ?? directory.appendingPathComponent(".build/peers-venv/bin/python")
                guard fileManager.isExecutableFile(atPath: python.path) else { return nil }
                return PeerEnvironment(root: directory, serveScript: serve, python: python)
            }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }

    /// The contract file with the expected admin view of the h2c discovery.
    var expectedAdminView: URL {
        root.deletingLastPathComponent()
            .appendingPathComponent("shared/contract/discovery-captures/expected-admin-view_h2c-accept-restate162.json")
    }

    /// Starts the peer on a free port of 127.0.0.1 and returns the port and the PID.
    ///
    /// `serve.sh` needs a port number, so a candidate comes from binding port 0 and releasing it
    /// (``ReservedPort``); another process may take it before hypercorn binds it. Such a start is
    /// retried on a new port, at most `attempts` times in all: when `serve.sh` refuses the busy port,
    /// when hypercorn fails with "Address already in use", or when hypercorn's log never reports
    /// serving that port (`serve.sh` only checked that *something* answers there).
    func startOnFreePort(attempts: Int = 5) async throws -> (port: Int, pid: Int32) {
        var failures: [String] = []
        for _ in 0..<attempts {
            let port = try ReservedPort().port  // released at once: only a candidate
            switch try await start(port: port) {
            case .running(let pid):
                return (port, pid)
            case .portTaken(let output):
                failures.append("port \(port):\n\(output)")
            }
        }
        throw PeerError.noFreePort(attempts: failures)
    }

    /// What one start on a given port came to.
    private enum StartOutcome {
        case running(Int32)
        case portTaken(String)
    }

    /// Starts the peer on `port` and waits until hypercorn's log says it serves that port.
    ///
    /// Runs `serve.sh` through `system(3)` with its output in a file: Foundation's `Process` hung in
    /// `waitUntilExit` here, and a pipe would be inherited by the background hypercorn.
    private func start(port: Int) async throws -> StartOutcome {
        let outputFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("peer-serve-\(port)-\(UUID().uuidString).out")
        defer { try? FileManager.default.removeItem(at: outputFile) }
        let log =
            ProcessInfo.processInfo.environment["PEER_LOG"].map { "\($0).\(port)" }
            ?? root.appendingPathComponent(".build/peer-\(port).log").path
        let command =
            "PEER_PYTHON=\(quoted(python.path)) PEER_LOG=\(quoted(log)) \(quoted(serveScript.path)) \(port)"
            + " > \(quoted(outputFile.path)) 2>&1 < /dev/null"
        let status = system(command)
        let text = (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
        let lastLine = text.split(separator: "\n").last.map(String.init) ?? ""
        let pid = Int32(lastLine.trimmingCharacters(in: .whitespaces))
        guard status == 0, let pid else {
            // serve.sh also prints the PID when the port never became ready.
            if let pid { stop(pid: pid) }
            if Self.portWasTaken(text) { return .portTaken(text) }
            throw PeerError.startFailed(status: status, output: text)
        }
        let serving = "Running on http://127.0.0.1:\(port) "
        for _ in 0..<200 {
            let logText = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            if logText.contains(serving) { return .running(pid) }
            if Self.portWasTaken(logText) {
                stop(pid: pid)
                return .portTaken(logText)
            }
            guard kill(pid, 0) == 0 else { throw PeerError.startFailed(status: status, output: text + logText) }
            try await Task.sleep(for: .milliseconds(100))
        }
        stop(pid: pid)
        return .portTaken("hypercorn never reported serving port \(port); log:\n" + ((try? String(contentsOfFile: log, encoding: .utf8)) ?? ""))
    }

    private static func portWasTaken(_ output: String) -> Bool {
        output.contains("already listens") || output.contains("Address already in use")
    }

    private func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Stops the peer (SIGTERM to the PID `serve.sh` printed).
    func stop(pid: Int32) {
        kill(pid, SIGTERM)
    }
}

enum PeerError: Error {
    case startFailed(status: Int32, output: String)
    case noFreePort(attempts: [String])
}
