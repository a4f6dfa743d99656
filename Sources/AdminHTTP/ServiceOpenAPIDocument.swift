import AdminCore

/// The ingress OpenAPI 3.1 document of one service (BEHAVIOR.md §5.3), shaped like the one
/// Restate 1.6.2 generates.
///
/// For every handler that is not explicitly private there is a call operation
/// (`POST /{Service}[/{key}]/{handler}`) and a send operation (`…/send`). A workflow's run handler
/// adds `GET /restate/workflow/{Service}/{key}/attach` and `…/output`; every handler of a service or
/// virtual object adds the idempotency-key variants under `/restate/invocation/…`. Request bodies,
/// responses and the `{handler}Request` / `{handler}Response` schemas follow
/// ``IngressPayloadMapping``; the parameters, error responses and the send response are shared
/// components (``IngressComponents``).
struct ServiceOpenAPIDocument {
    /// The service revision described.
    let metadata: ServiceMetadata
    /// The advertised ingress URL, listed as the only server.
    let ingress: String

    /// Describes `metadata`, reachable at `ingress`.
    init(_ metadata: ServiceMetadata, ingress: String) {
        self.metadata = metadata
        self.ingress = ingress
    }

    /// The document.
    var json: JSONValue {
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

/// How a handler's declared payloads become request bodies, responses and component schemas of
/// its ingress OpenAPI operations (Restate 1.6.2). Pure functions over the model.
enum IngressPayloadMapping {
    /// `{handler}Request`.
    static func requestSchemaName(_ handler: String) -> String { handler + "Request" }

    /// `{handler}Response`.
    static func responseSchemaName(_ handler: String) -> String { handler + "Response" }

    /// The `requestBody` of the call and send operations, and the `{handler}Request` schema it
    /// refers to.
    ///
    /// - No descriptor: the body is optional and of any type (`*/*`, no schema).
    /// - No content type: no request body at all.
    /// - Otherwise the body is `required` as declared (default false) under the normalized content
    ///   type; with a JSON schema, the content refers to `{handler}Request` (the schema `true`
    ///   becomes `{}`).
    static func requestBody(handler: String, input: InputPayload?) -> (body: JSONValue?, schema: JSONValue?) {
        guard let input else {
            return (.object(["required": false, "content": .object(["*/*": .object([:])])]), nil)
        }
        guard let raw = input.contentType else { return (nil, nil) }
        let contentType = (try? InputContentType(parsing: raw))?.description ?? raw
        var content: JSONValue = .object([:])
        var schema: JSONValue?
        if let declared = input.jsonSchema {
            let name = requestSchemaName(handler)
            schema = relocatingReferences(in: declared == .bool(true) ? .object([:]) : declared, to: schemaLocation(name))
            content = .object(["schema": .object(["$ref": .string(schemaLocation(name))])])
        }
        let body: JSONValue = .object([
            "required": .bool(input.required ?? false),
            "content": .object([contentType: content]),
        ])
        return (body, schema)
    }

    /// The `200` response of the call, attach and output operations, and the `{handler}Response`
    /// schema it refers to.
    ///
    /// - No descriptor: `application/json` without a schema.
    /// - No content type: a response described as `Empty`, without content.
    /// - Otherwise the declared content type, referring to `{handler}Response` when a JSON schema is
    ///   declared (kept as declared, even `true`).
    static func response(handler: String, output: OutputPayload?) -> (response: JSONValue, schema: JSONValue?) {
        guard let output else {
            return (.object(["description": "", "content": .object(["application/json": .object([:])])]), nil)
        }
        guard let contentType = output.contentType else { return (.object(["description": "Empty"]), nil) }
        guard let declared = output.jsonSchema else {
            return (.object(["description": "", "content": .object([contentType: .object([:])])]), nil)
        }
        let location = schemaLocation(responseSchemaName(handler))
        let content: JSONValue = .object(["schema": .object(["$ref": .string(location)])])
        return (.object(["description": "", "content": .object([contentType: content])]), relocatingReferences(in: declared, to: location))
    }

    /// `schema` with every local `$ref` (one starting with `#`) rebased onto `location`, the place
    /// the schema now lives: `#/$defs/Item` becomes `<location>/$defs/Item`, `#` becomes `location`.
    static func relocatingReferences(in schema: JSONValue, to location: String) -> JSONValue {
        switch schema {
        case .array(let items):
            return .array(items.map { relocatingReferences(in: $0, to: location) })
        case .object(var members):
            if case .string(let reference) = members["$ref"], reference.hasPrefix("#") {
                members["$ref"] = .string(location + reference.drop { $0 == "#" })
            }
            return .object(members.mapValues { relocatingReferences(in: $0, to: location) })
        default:
            return schema
        }
    }

    private static func schemaLocation(_ name: String) -> String { "#/components/schemas/" + name }
}

/// The components every ingress OpenAPI document shares: the key, idempotency-key and delay
/// parameters, the error and send responses, the `RestateError` schema and the four tags.
enum IngressComponents {
    /// A shared parameter, by component name.
    enum Parameter: String, CaseIterable {
        /// The `delay` query parameter of send operations.
        case delay
        /// The `key` path parameter of keyed services.
        case key
        /// The optional `idempotency-key` header.
        case idempotencyKeyHeader
        /// The `idempotencyKey` path segment of attach and output.
        case idempotencyKeyPath
    }

    /// A shared response, by component name.
    enum Response: String, CaseIterable {
        /// Any error.
        case genericError = "GenericError"
        /// No invocation matches (404).
        case invocationNotFound = "InvocationNotFoundError"
        /// The invocation has not ended yet (470).
        case invocationNotReady = "InvocationNotReadyError"
        /// The answer to a send.
        case send = "Send"
    }

    /// The tag of send operations.
    static let sendTag = "Send"
    /// The tag of attach operations.
    static let attachTag = "Attach"
    /// The tag of output operations.
    static let outputTag = "Get Output"

    /// A `$ref` to a shared parameter.
    static func parameter(_ parameter: Parameter) -> JSONValue {
        .object(["$ref": .string("#/components/parameters/" + parameter.rawValue)])
    }

    /// A `$ref` to a shared response.
    static func response(_ response: Response) -> JSONValue {
        .object(["$ref": .string("#/components/responses/" + response.rawValue)])
    }

    private static let docs = "https://docs.restate.dev/invoke/http"
    private static let string: JSONValue = .object(["type": "string"])

    /// `components.parameters`.
    static var parameters: [String: JSONValue] {
        [
            Parameter.delay.rawValue: .object([
                "name": "delay", "in": "query", "required": false, "schema": string, "example": "10s",
                "description": .string("How long to wait before running the invocation, as a duration such as `10s` (see \(docs))."),
            ]),
            Parameter.key.rawValue: .object(["name": "key", "in": "path", "required": true, "schema": string]),
            Parameter.idempotencyKeyHeader.rawValue: .object([
                "name": "idempotency-key", "in": "header", "required": false, "schema": string,
                "description": .string("Makes the request idempotent: a repeated request with the same key gets the first one's result (see \(docs))."),
            ]),
            Parameter.idempotencyKeyPath.rawValue: .object([
                "name": "idempotencyKey", "in": "path", "required": true, "schema": string,
                "description": .string("The idempotency key the original request was sent with (see \(docs))."),
            ]),
        ]
    }

    /// `components.responses`.
    static var responses: [String: JSONValue] {
        [
            Response.genericError.rawValue: errorResponse("The request failed.", example: 500, "Internal error"),
            Response.invocationNotFound.rawValue: errorResponse("No such invocation.", example: 404, "Invocation not found"),
            Response.invocationNotReady.rawValue: errorResponse("The invocation has not ended yet.", example: 470, "Invocation still running"),
            Response.send.rawValue: .object([
                "description": "The request was accepted.",
                "content": .object(["application/json": .object([
                    "schema": sendSchema,
                    "example": .object(["invocationId": "inv_1aZ0cW7qRrT4mB2xYpLk9sNdVe3fGh6jU", "status": "Accepted"]),
                ])]),
            ]),
        ]
    }

    /// `components.schemas` before the handlers' own schemas are added.
    static var schemas: [String: JSONValue] {
        [
            "RestateError": .object([
                "type": "object",
                "title": "RestateError",
                "description": "An error returned by Restate, such as a handler's terminal error.",
                "properties": .object([
                    "code": .object(["type": "number"]),
                    "message": string,
                    "stacktrace": string,
                    "metadata": .object(["type": "object", "additionalProperties": string]),
                ]),
                "required": ["message"],
                "additionalProperties": false,
            ])
        ]
    }

    /// The top-level `tags`. Restate 1.6.2 also writes `"description": null` in each
    /// `externalDocs`, which OpenAPI 3.1 does not allow (the field is a string when present); it is
    /// left out here so the document validates.
    static var tags: [JSONValue] {
        [
            ("Request Response", "Call a handler and wait for its response."),
            (sendTag, "Send a request to a handler without waiting."),
            (attachTag, "Wait for an invocation to end."),
            (outputTag, "Read the result of an invocation."),
        ].map { name, description in
            .object([
                "name": .string(name),
                "description": .string(description),
                "externalDocs": .object(["url": .string(docs)]),
            ])
        }
    }

    private static var sendSchema: JSONValue {
        .object([
            "type": "object",
            "title": "RestateSendResponse",
            "properties": .object([
                "invocationId": string,
                "status": .object(["type": "string", "enum": ["Accepted", "PreviouslyAccepted"]]),
                "executionTime": .object([
                    "type": "string", "format": "date-time",
                    "description": "When the invocation is scheduled to run, if it was sent with a delay.",
                ]),
            ]),
            "required": ["invocationId", "status"],
            "additionalProperties": false,
        ])
    }

    private static func errorResponse(_ description: String, example code: Int64, _ message: String) -> JSONValue {
        .object([
            "description": .string(description),
            "content": .object(["application/json": .object([
                "schema": .object(["$ref": "#/components/schemas/RestateError"]),
                "example": .object(["code": .int(code), "message": .string(message)]),
            ])]),
        ])
    }
}
