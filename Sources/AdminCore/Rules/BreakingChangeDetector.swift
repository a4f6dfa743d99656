/// Finds the breaking changes between a service's latest revision and a proposed one
/// (VERSIONING.md R22–R25), and renders them as one META0006 error.
public enum BreakingChangeDetector {
    /// Every violation of `proposed` against `latest`: a type change first (R23), then each
    /// removed handler in name order (R24).
    public static func violations(latest: ServiceRevision, proposed: ManifestService) -> [BreakingChange] {
        violations(latest: latest, type: proposed.ty, handlers: Set(proposed.handlers.map(\.name)))
    }

    /// Every violation of a stored revision `proposed` (a promotion) against `latest`, in the
    /// same order.
    public static func violations(latest: ServiceRevision, proposed: ServiceRevision) -> [BreakingChange] {
        violations(latest: latest, type: proposed.ty, handlers: Set(proposed.handlers.keys))
    }

    private static func violations(latest: ServiceRevision, type: ServiceType, handlers proposedNames: Set<String>) -> [BreakingChange] {
        var found: [BreakingChange] = []
        if latest.ty != type {
            found.append(
                BreakingChange(
                    rule: .serviceTypeChanged, service: latest.name, before: latest.ty.adminName, after: type.adminName
                ))
        }
        for name in latest.handlers.keys.sorted() where !proposedNames.contains(name) {
            found.append(BreakingChange(rule: .handlerRemoved, service: latest.name, handler: name, before: name))
        }
        return found
    }

    /// The META0006 error for `violations` (non-empty, grouped by service in the order given).
    ///
    /// With one service affected the message is exactly Restate's. With several, it opens with
    /// Restate's message for the first one and lists the others on following lines; the
    /// structured list is in ``AdminError/violations``.
    public static func error(for violations: [BreakingChange]) -> AdminError {
        var messages: [String] = []
        var index = violations.startIndex
        while index < violations.endIndex {
            let service = violations[index].service
            var end = index
            while end < violations.endIndex, violations[end].service == service { end += 1 }
            let group = violations[index..<end]
            if group.contains(where: { $0.rule == .serviceTypeChanged }) {
                messages.append(
                    "detected a new service revision for '\(service)' changing the service type from previous revision. Service type cannot be changed across revisions."
                )
            }
            let removed = group.compactMap { $0.rule == .handlerRemoved ? $0.handler : nil }
            if !removed.isEmpty {
                let list = removed.map { "\"\($0)\"" }.joined(separator: ", ")
                messages.append("the service '\(service)' already exists but the new revision removed the handlers [\(list)]")
            }
            index = end
        }
        var message = messages[0]
        if messages.count > 1 {
            message += "\nFurther breaking changes (\(messages.count - 1) more):\n" + messages.dropFirst().map { "- \($0)" }.joined(separator: "\n")
        }
        return AdminError(.conflict, code: .meta0006, message, violations: violations)
    }
}
