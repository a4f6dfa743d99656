import AdminCore
import Foundation

/// How `check-compat` prints a ``CompatibilityReport``: text for people, JSON for scripts.
struct CompatibilityOutput {
    /// The first input as given on the command line.
    let old: String
    /// The second input as given on the command line.
    let new: String
    /// What the check found.
    let report: CompatibilityReport

    /// The report as text: a verdict, each breaking change with its fix, then the compatible
    /// changes.
    func text(style: TextStyle) -> String {
        var lines: [String] = []
        let count = report.breakingChanges.count
        if report.isCompatible {
            lines.append(style.green(style.bold("Compatible:")) + " \(new) can be registered after \(old) without --breaking.")
        } else {
            lines.append(
                style.red(style.bold("Breaking:"))
                    + " \(new) cannot be registered after \(old) without --breaking (\(count) breaking change\(count == 1 ? "" : "s"), META0006)."
            )
            for change in report.breakingChanges {
                lines.append("  " + style.red(change.rule.rawValue) + " " + Self.summary(of: change))
                lines.append("      " + style.dim("fix: " + Self.hint(for: change)))
            }
        }
        let compatible = compatibleLines(style: style)
        if !report.isCompatible, !compatible.isEmpty { lines.append("Compatible changes:") }
        lines += compatible
        if report.isCompatible, compatible.isEmpty { lines.append("  No service or handler added, none omitted.") }
        return lines.joined(separator: "\n")
    }

    /// One line per compatible change: added services and handlers, handler type changes,
    /// omitted services.
    private func compatibleLines(style: TextStyle) -> [String] {
        var lines: [String] = []
        for service in report.addedServices { lines.append("  " + style.green("+") + " service \(service)") }
        for added in report.addedHandlers { lines.append("  " + style.green("+") + " handler \(added.service)/\(added.handler)") }
        for change in report.handlerTypeChanges {
            lines.append("  " + style.yellow("~") + " handler \(change.service)/\(change.handler): \(change.before) -> \(change.after)")
        }
        for service in report.omittedServices {
            lines.append("  " + style.yellow("=") + " service \(service) is not in \(new): the old deployment keeps serving it (not breaking)")
        }
        return lines
    }

    /// The report as pretty-printed JSON with sorted keys (the shape `check-compat --help`
    /// describes); absent values are `null`.
    func json() -> String {
        let null = NSNull()
        let object: [String: Any] = [
            "compatible": report.isCompatible,
            "old": old,
            "new": new,
            "breaking_changes": report.breakingChanges.map { change -> [String: Any] in
                [
                    "rule": change.rule.rawValue, "service": change.service, "handler": change.handler ?? null,
                    "before": change.before ?? null, "after": change.after ?? null, "hint": Self.hint(for: change),
                ]
            },
            "added_services": report.addedServices,
            "added_handlers": report.addedHandlers.map { ["service": $0.service, "handler": $0.handler] },
            "handler_type_changes": report.handlerTypeChanges.map {
                ["service": $0.service, "handler": $0.handler, "before": $0.before, "after": $0.after]
            },
            "omitted_services": report.omittedServices,
        ]
        return ClientOutput.json(object)
    }

    /// What changed, with the rule's before and after values.
    static func summary(of change: BreakingChange) -> String {
        let before = change.before ?? "-"
        let after = change.after ?? "-"
        switch change.rule {
        case .serviceTypeChanged:
            return "\(change.service): service type changed (before: \(before), after: \(after))"
        case .handlerRemoved:
            return "\(change.service)/\(change.handler ?? "-"): handler removed (before: \(before), after: \(after))"
        }
    }

    /// A one-line fix for a breaking change.
    static func hint(for change: BreakingChange) -> String {
        let dropped = "or register with --breaking (or --force) when every in-flight invocation of \(change.service) can be dropped"
        switch change.rule {
        case .serviceTypeChanged:
            return "keep \(change.service) a \(change.before ?? "service of its old type"), or register the "
                + "\(change.after ?? "new") version under a new service name, \(dropped)"
        case .handlerRemoved:
            return "restore handler \(change.handler ?? "") in \(change.service), or register the service under a new name, \(dropped)"
        }
    }
}
