import AdminCore
import Foundation

/// Compares two endpoint manifests with the admin's pure rules: which services would be new,
/// which would get a new revision, and every breaking change with its rule id, service, handler,
/// before and after. No storage, no network.
///
///     swift run VersioningRules                 # the built-in pair of manifests below
///     swift run VersioningRules old.json new.json
///
/// Exit status: 0 when the new manifest can be registered over the old one without
/// `--breaking`, 1 when it cannot (breaking changes or invalid services), 64 for bad usage.
@main
struct VersioningRules {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let old: Data
        let new: Data
        switch arguments.count {
        case 0:
            (old, new) = (Samples.old, Samples.new)
        case 2:
            guard let first = FileManager.default.contents(atPath: arguments[0]),
                let second = FileManager.default.contents(atPath: arguments[1])
            else {
                print("VersioningRules: cannot read \(arguments[0]) or \(arguments[1])")
                exit(64)
            }
            (old, new) = (first, second)
        default:
            print("usage: VersioningRules [old-manifest.json new-manifest.json]")
            exit(64)
        }
        do {
            let report = try Comparison(old: EndpointManifest.decode(old), new: EndpointManifest.decode(new))
            print(report.text, terminator: "")
            exit(report.registrable ? 0 : 1)
        } catch {
            print("a manifest is not valid: \(error)")
            exit(1)
        }
    }
}

/// The outcome of registering `new` while `old` holds the latest revision of its services.
struct Comparison {
    /// Service name → what registering the new manifest would do to it.
    private(set) var lines: [String] = []
    /// Every breaking change, in the order Restate checks them.
    private(set) var violations: [BreakingChange] = []
    /// Services of the new manifest that fail validation, with the reason.
    private(set) var invalid: [(service: String, reason: String)] = []

    init(old: EndpointManifest, new: EndpointManifest, configuration: AdminConfiguration = AdminConfiguration()) throws {
        // The old manifest is the registry: each of its services at revision 1.
        var latest: [String: ServiceRevision] = [:]
        for service in old.services {
            latest[service.name] = try ServiceRevisionBuilder.build(service, revision: 1, configuration: configuration)
        }
        do {
            try ServiceNameRules.checkNotReserved(new.services.map(\.name))
        } catch {
            invalid.append(("(names)", error.description))
        }
        // In name order, as the admin checks them, so the refusal reads as the server's would.
        for service in new.services.sorted(by: { $0.name < $1.name }) {
            let current = latest[service.name]
            let found = current.map { BreakingChangeDetector.violations(latest: $0, proposed: service) } ?? []
            violations += found
            do {
                let revision = try ServiceRevisionBuilder.build(service, revision: (current?.revision ?? 0) + 1, configuration: configuration)
                let handlers = revision.handlers.keys.sorted().joined(separator: ", ")
                let what = current == nil ? "new service" : found.isEmpty ? "new revision" : "new revision only with --breaking"
                lines.append("\(service.name): \(what) → revision \(revision.revision) (\(revision.ty.adminName): \(handlers))")
            } catch {
                invalid.append((service.name, error.message))
            }
        }
        for name in latest.keys.sorted() where !new.services.contains(where: { $0.name == name }) {
            lines.append("\(name): not in the new manifest → keeps revision 1 in the old deployment")
        }
    }

    /// Whether a registration without `--breaking` would be accepted.
    var registrable: Bool { violations.isEmpty && invalid.isEmpty }

    /// The report, one finding per line.
    var text: String {
        var out = lines.map { "\($0)\n" }.joined()
        out += "breaking changes: \(violations.count)\n"
        for violation in violations {
            out += "  \(violation.rule.rawValue) service=\(violation.service) handler=\(violation.handler ?? "-")"
            out += " before=\(violation.before ?? "-") after=\(violation.after ?? "-")\n"
        }
        if !violations.isEmpty {
            out += "the registration would be refused with:\n  \(BreakingChangeDetector.error(for: violations))\n"
        }
        for (service, reason) in invalid { out += "invalid: \(service): \(reason)\n" }
        out += registrable ? "registrable without --breaking\n" : "not registrable without --breaking\n"
        return out
    }
}

/// Two versions of one deployment's manifest: `Greeter` loses a handler, `Counter` changes type,
/// `Cart` gains a handler, `Payments` is new and `Legacy` is dropped.
enum Samples {
    static let old = Data(
        """
        {"protocolMode":"BIDI_STREAM","minProtocolVersion":5,"maxProtocolVersion":6,"services":[
          {"name":"Greeter","ty":"SERVICE","handlers":[{"name":"greet"},{"name":"farewell"}]},
          {"name":"Counter","ty":"VIRTUAL_OBJECT","handlers":[{"name":"add","ty":"EXCLUSIVE"},{"name":"get","ty":"SHARED"}]},
          {"name":"Cart","ty":"VIRTUAL_OBJECT","handlers":[{"name":"add"}]},
          {"name":"Legacy","ty":"SERVICE","handlers":[{"name":"run"}]}
        ]}
        """.utf8)

    static let new = Data(
        """
        {"protocolMode":"BIDI_STREAM","minProtocolVersion":5,"maxProtocolVersion":6,"services":[
          {"name":"Greeter","ty":"SERVICE","handlers":[{"name":"greet"}]},
          {"name":"Counter","ty":"WORKFLOW","handlers":[{"name":"run","ty":"WORKFLOW"}]},
          {"name":"Cart","ty":"VIRTUAL_OBJECT","handlers":[{"name":"add"},{"name":"checkout"}]},
          {"name":"Payments","ty":"SERVICE","handlers":[{"name":"charge"}]}
        ]}
        """.utf8)
}
