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
                "description": .string(
                    "Makes the request idempotent: a repeated request with the same key gets the first one's result (see \(docs))."),
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
                "content": .object([
                    "application/json": .object([
                        "schema": sendSchema,
                        "example": .object(["invocationId": "inv_1aZ0cW7qRrT4mB2xYpLk9sNdVe3fGh6jU", "status": "Accepted"]),
                    ])
                ]),
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
            "content": .object([
                "application/json": .object([
                    "schema": .object(["$ref": "#/components/schemas/RestateError"]),
                    "example": .object(["code": .int(code), "message": .string(message)]),
                ])
            ]),
        ])
    }
}
