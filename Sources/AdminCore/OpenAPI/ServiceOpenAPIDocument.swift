/// The ingress OpenAPI 3.1 document of one service (BEHAVIOR.md §5.3), shaped like the one
/// Restate 1.6.2 generates.
///
/// For every handler that is not explicitly private there is a call operation
/// (`POST /{Service}[/{key}]/{handler}`) and a send operation (`…/send`). A workflow's run handler
/// adds `GET /restate/workflow/{Service}/{key}/attach` and `…/output`; every handler of a service or
/// virtual object adds the idempotency-key variants under `/restate/invocation/…`. Request bodies,
/// responses and the `{handler}Request` / `{handler}Response` schemas follow
/// `IngressPayloadMapping`; the parameters, error responses and the send response are shared
/// components (`IngressComponents`).
public struct ServiceOpenAPIDocument: Sendable {
    /// The service revision described.
    public let metadata: ServiceMetadata
    /// The advertised ingress URL, listed as the only server.
    public let ingress: String

    /// Describes `metadata`, reachable at `ingress`.
    public init(_ metadata: ServiceMetadata, ingress: String) {
        self.metadata = metadata
        self.ingress = ingress
    }

    /// The document.
    public var json: JSONValue {
        var paths: [String: JSONValue] = [:]
        var schemas = IngressComponents.schemas
        // Only an explicit handler-level `false` hides a handler: a private service's handlers that
        // inherit the service's visibility are still described, as in Restate.
        for handler in metadata.handlers where handler.explicitPublic != false {
            let request = IngressPayloadMapping.requestBody(handler: handler.name, input: handler.input)
            let response = IngressPayloadMapping.response(handler: handler.name, output: handler.output)
            if let schema = request.schema { schemas[IngressPayloadMapping.requestSchemaName(handler.name)] = schema }
            if let schema = response.schema { schemas[IngressPayloadMapping.responseSchemaName(handler.name)] = schema }
            for (path, item) in pathItems(handler, requestBody: request.body, response: response.response) {
                paths[path] = item
            }
        }
        var info: [String: JSONValue] = ["title": .string(metadata.name), "version": .string(String(metadata.revision))]
        if let documentation = metadata.documentation { info["description"] = .string(documentation) }
        if let extensions = Self.extensions(metadata.metadata) { info["x-restate-extensions"] = extensions }
        return .object([
            "openapi": "3.1.0",
            "info": .object(info),
            "servers": .array([.object(["url": .string(ingress), "description": "Restate Ingress URL"])]),
            "paths": .object(paths),
            "components": .object([
                "schemas": .object(schemas),
                "responses": .object(IngressComponents.responses),
                "parameters": .object(IngressComponents.parameters),
            ]),
            "tags": .array(IngressComponents.tags),
        ])
    }

    // MARK: Paths

    private var keyed: Bool { metadata.ty != .service }

    /// The path parameters of the call and send operations: the key, then (outside workflows) the
    /// optional `idempotency-key` header.
    private var callParameters: [JSONValue] {
        var parameters: [JSONValue] = keyed ? [IngressComponents.parameter(.key)] : []
        if metadata.ty != .workflow { parameters.append(IngressComponents.parameter(.idempotencyKeyHeader)) }
        return parameters
    }

    /// The parameters of the attach and output operations: the key, then (outside workflows) the
    /// idempotency key path segment.
    private var lookupParameters: [JSONValue] {
        var parameters: [JSONValue] = keyed ? [IngressComponents.parameter(.key)] : []
        if metadata.ty != .workflow { parameters.append(IngressComponents.parameter(.idempotencyKeyPath)) }
        return parameters
    }

    private func pathItems(_ handler: HandlerMetadata, requestBody: JSONValue?, response: JSONValue) -> [(String, JSONValue)] {
        let service = metadata.name
        let name = handler.name
        let root = keyed ? "/\(service)/{key}/" : "/\(service)/"
        let generic = IngressComponents.response(.genericError)
        let notFound = IngressComponents.response(.invocationNotFound)
        let sent = IngressComponents.response(.send)

        let call = operation(
            handler, id: name, fallback: "Calls the \(name) handler of \(service) and returns its response.",
            parameters: callParameters, requestBody: requestBody,
            responses: ["200": response, "default": generic]
        )
        let send = operation(
            handler, id: name + "Send", fallback: "Enqueues a request to the \(name) handler of \(service) without waiting for its response.",
            tag: IngressComponents.sendTag, parameters: callParameters + [IngressComponents.parameter(.delay)],
            requestBody: requestBody, responses: ["200": sent, "202": sent, "default": generic]
        )
        var items: [(String, JSONValue)] = [
            (root + name, .object(["post": call])),
            (root + name + "/send", .object(["post": send])),
        ]

        let lookupBase: String
        let attachText: String
        let outputText: String
        if metadata.ty == .workflow {
            // Only the run handler of a workflow can be attached to; shared handlers cannot.
            guard handler.ty == .workflow else { return items }
            lookupBase = "/restate/workflow/\(service)/{key}"
            attachText = "Waits until the \(service)/\(name) workflow run ends and returns its result."
            outputText = "Returns the result of the \(service)/\(name) workflow run, if it has ended."
        } else {
            lookupBase = "/restate/invocation\(root)\(name)/{idempotencyKey}"
            attachText = "Waits until the \(service)/\(name) invocation started with this idempotency key ends and returns its result."
            outputText = "Returns the result of the \(service)/\(name) invocation started with this idempotency key, if it has ended."
        }
        let attach = operation(
            handler, id: name + "Attach", fallback: attachText, tag: IngressComponents.attachTag,
            parameters: lookupParameters, requestBody: nil,
            responses: ["200": response, "404": notFound, "default": generic]
        )
        let output = operation(
            handler, id: name + "Output", fallback: outputText, tag: IngressComponents.outputTag,
            parameters: lookupParameters, requestBody: nil,
            responses: ["200": response, "404": notFound, "470": IngressComponents.response(.invocationNotReady), "default": generic]
        )
        items.append((lookupBase + "/attach", .object(["get": attach])))
        items.append((lookupBase + "/output", .object(["get": output])))
        return items
    }

    // The handler's documentation, when present, replaces `fallback` as the description.
    private func operation(
        _ handler: HandlerMetadata, id: String, fallback: String, tag: String? = nil,
        parameters: [JSONValue], requestBody: JSONValue?, responses: [String: JSONValue]
    ) -> JSONValue {
        var op: [String: JSONValue] = [
            "summary": .string(handler.name),
            "operationId": .string(id),
            "description": .string(handler.documentation ?? fallback),
            "parameters": .array(parameters),
            "responses": .object(responses),
        ]
        if let tag { op["tags"] = .array([.string(tag)]) }
        if let requestBody { op["requestBody"] = requestBody }
        if let extensions = Self.extensions(handler.metadata) { op["x-restate-extensions"] = extensions }
        return .object(op)
    }

    /// Metadata as an `x-restate-extensions` object, or `nil` when there is none.
    private static func extensions(_ metadata: [String: String]) -> JSONValue? {
        metadata.isEmpty ? nil : .object(metadata.mapValues { .string($0) })
    }
}
