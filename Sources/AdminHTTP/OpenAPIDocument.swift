import AdminCore

/// The admin API's own OpenAPI 3.1 document, built from the route table (BEHAVIOR.md §5.1): one
/// operation per documented ``AdminRoute``, with its path and query parameters, its success
/// statuses and the shared JSON error body, including this project's `violations` addition. What
/// this project adds to Restate's API is described on each operation concerned and flagged with
/// `x-swift-restate-admin-addition`.
struct OpenAPIDocument {
    let routes: [AdminRoute]

    /// The document.
    var json: JSONValue {
        var paths: [String: JSONValue] = [:]
        for route in routes where route.documented {
            var item: [String: JSONValue] = [:]
            if case .object(let existing) = paths[route.path] { item = existing }
            item[route.method.rawValue.lowercased()] = operation(route)
            paths[route.path] = .object(item)
        }
        return .object([
            "openapi": "3.1.0",
            "info": .object([
                "title": "Admin API",
                "description": "Restate Admin API 1.6.2, served by swift-restate-admin.",
                "version": "1.6.2",
            ]),
            "paths": .object(paths),
            "components": .object(["schemas": .object(["ErrorDescriptionResponse": Self.errorSchema, "Violation": Self.violationSchema])]),
        ])
    }

    private func operation(_ route: AdminRoute) -> JSONValue {
        var parameters: [JSONValue] = route.parameterNames.map {
            .object(["name": .string($0), "in": "path", "required": true, "schema": .object(["type": "string"])])
        }
        parameters += route.queryParameters.map {
            .object(["name": .string($0), "in": "query", "required": false, "schema": .object(["type": "string"])])
        }
        var responses: [String: JSONValue] = [:]
        for status in route.successStatuses {
            responses[String(status)] = .object(["description": "Success"])
        }
        let error: JSONValue = .object([
            "description": "Error",
            "content": .object(["application/json": .object(["schema": .object(["$ref": "#/components/schemas/ErrorDescriptionResponse"])])]),
        ])
        for status in ["400", "404", "405", "409", "500"] { responses[status] = error }
        if route.operationID == "query" { responses["501"] = error }
        var op: [String: JSONValue] = [
            "operationId": .string(route.operationID),
            "tags": .array([.string(route.tag)]),
            "summary": .string(route.summary),
            "responses": .object(responses),
        ]
        if !parameters.isEmpty { op["parameters"] = .array(parameters) }
        if let addition = route.addition {
            op["description"] = .string(addition)
            op["x-swift-restate-admin-addition"] = true
        }
        let takesBody = route.method == .post || (route.method == .patch && !route.path.hasPrefix("/invocations"))
        if takesBody {
            op["requestBody"] = .object([
                "required": .bool(!route.path.hasSuffix("/promote")),
                "content": .object(["application/json": .object(["schema": .object(["type": "object"])])]),
            ])
        }
        return .object(op)
    }

    private static let errorSchema: JSONValue = .object([
        "type": "object",
        "required": ["message"],
        "properties": .object([
            "message": .object(["type": "string"]),
            "restate_code": .object(["type": ["string", "null"], "description": "A Restate error code such as META0006."]),
            "violations": .object([
                "type": "array",
                "description": "Every breaking change of a META0006 refusal (an addition of this server).",
                "items": .object(["$ref": "#/components/schemas/Violation"]),
            ]),
        ]),
    ])

    private static let violationSchema: JSONValue = .object([
        "type": "object",
        "required": ["rule", "service"],
        "properties": .object([
            "rule": .object(["type": "string", "description": "The VERSIONING.md rule: R23 (type changed) or R24 (handler removed)."]),
            "service": .object(["type": "string"]),
            "handler": .object(["type": ["string", "null"]]),
            "before": .object(["type": ["string", "null"]]),
            "after": .object(["type": ["string", "null"]]),
        ]),
    ])
}
