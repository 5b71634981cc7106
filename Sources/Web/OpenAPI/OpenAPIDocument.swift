// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import Foundation

/// Builds the OpenAPI 3.1 document from the registered operations, so that it lists exactly the routes that exist.
public enum OpenAPIDocument {
    /// The document of a router's catalog: its operations and the schemas its areas supplied.
    public static func build(_ catalog: OperationCatalog, version: String) -> [String: Any] {
        build(catalog.operations, schemas: catalog.schemas, version: version)
    }

    static func build(_ operations: [APIOperation], schemas: [String: Any], version: String) -> [String: Any] {
        var paths: [String: [String: Any]] = [:]
        for operation in operations {
            paths[operation.path, default: [:]][operation.method.rawValue.lowercased()] = entry(operation)
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "Bulwark API",
                "version": version,
                "description": "The JSON API of Bulwark, the self-hosted SecOps platform. Authenticate with `Authorization: Bearer <token>` "
                    + "(create one with `bulwark admin create-token`) or, from the web UI, the session cookie plus the `X-CSRF-Token` header on changes. "
                    + "Errors are `{\"error\":{\"code\":\"…\",\"message\":\"…\"}}`. Listings are paged by cursor: pass the `next` value back as `cursor`.",
            ],
            "paths": paths,
            "components": [
                "schemas": requestBodiesClosed(schemas, operations),
                "securitySchemes": [
                    "bearer": ["type": "http", "scheme": "bearer", "description": "An API token (bwk_…)"],
                    "session": ["type": "apiKey", "in": "cookie", "name": "bulwark_session"],
                ],
            ],
            "security": [["bearer": [String]()], ["session": [String]()]],
        ]
    }

    static func entry(_ operation: APIOperation) -> [String: Any] {
        var parameters: [[String: Any]] = operation.pathParameters.map { name -> [String: Any] in
            let schema: [String: Any]
            if name == "index" {
                schema = ["type": "string"]
            } else if operation.path.hasPrefix("/api/v1/events/") {
                schema = ["type": "integer", "format": "int64"]
            } else if operation.path.hasPrefix("/api/v1/cases/{id}") && name == "id" {
                // A case is also addressed by its number: 12 or #12 (%2312).
                schema = [
                    "type": "string", "anyOf": [["format": "uuid"], ["pattern": "^(#|%23)?[0-9]{1,9}$"]],
                    "description": "the case's id, or its number (12 or #12)",
                ]
            } else {
                schema = ["type": "string", "format": "uuid"]
            }
            return ["name": name, "in": "path", "required": true, "schema": schema]
        }
        parameters += operation.query.map {
            ["name": $0.name, "in": "query", "required": false, "description": $0.description, "schema": schema(of: $0.kind)]
        }
        var responses: [String: Any] = [:]
        var success: [String: Any] = ["description": "success"]
        if let schema = operation.responseSchema {
            var content: [String: Any] = [operation.responseContentType: ["schema": ["$ref": "#/components/schemas/\(schema)"]]]
            for type in operation.alternativeContentTypes {
                content[type] = ["schema": type.hasSuffix("json") ? ["description": "the same records as JSON"] : ["type": "string"]]
            }
            success["content"] = content
        }
        responses[String(operation.successStatus)] = success
        if let other = operation.alsoSucceedsWith { responses[String(other)] = success }
        let error: [String: Any] = ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]]
        func add(_ status: Int, _ description: String, schema: String? = nil) {
            let content: [String: Any] = schema.map { ["application/json": ["schema": ["$ref": "#/components/schemas/\($0)"]]] } ?? error
            responses[String(status)] = ["description": description, "content": content]
        }
        // Every operation can be asked with a malformed parameter.
        add(400, "a malformed parameter or body, named in the message", schema: operation.errorSchema)
        if operation.access != .anonymous || operation.path == "/metrics" {
            add(401, "no or invalid credentials")
            add(403, "authenticated, without the permission (or a signed-in browser without X-CSRF-Token)")
        }
        if !operation.pathParameters.isEmpty { add(404, "no such object") }
        if operation.method != .get && operation.method != .head {
            add(409, "conflicts with the object's state or existing data")
        }
        if operation.requestSchema != nil {
            add(413, "body too large (or too many events)")
            add(415, "a content type or encoding this operation does not take")
            add(
                422, operation.rejectedSchema == nil ? "invalid fields, each named in details" : "nothing applied: the report lists what was refused",
                schema: operation.rejectedSchema)
        }
        for (status, description) in operation.failures { add(status, description) }
        if let busy = operation.busy { add(busy.status, "the ingest queue is full: retry after Retry-After seconds", schema: busy.schema) }
        // Anything else (a failure of the server itself) is answered in the same form.
        responses["default"] = ["description": "an unexpected failure; the server log has the details under the request id", "content": error]
        var entry: [String: Any] = [
            "operationId": operation.operationID,
            "summary": operation.summary,
            "tags": [operation.tag],
            "responses": responses,
        ]
        if !parameters.isEmpty { entry["parameters"] = parameters }
        switch operation.access {
        case .anonymous:
            if operation.path != "/metrics" { entry["security"] = [[String: Any]]() }
        case .permission(let permission):
            entry["x-bulwark-permission"] = permission.rawValue
            entry["description"] =
                "Needs the `\(permission.rawValue)` permission (roles: "
                + Role.allCases.filter { PermissionMatrix.allows($0, permission) }.map(\.rawValue).joined(separator: ", ") + ")."
        }
        if let schema = operation.requestSchema {
            let body: [String: Any] =
                operation.requestContentType == "application/json"
                ? ["$ref": "#/components/schemas/\(schema)"] : ["type": "string", "minLength": 1, "description": schema]
            var content: [String: Any] = [operation.requestContentType: ["schema": body]]
            // NDJSON bodies are read whatever their declared type (shippers differ); text/plain is one of them.
            if operation.requestContentType == "application/x-ndjson" { content["text/plain"] = ["schema": body] }
            entry["requestBody"] = ["required": true, "content": content]
        }
        return entry
    }

    /// JSON request bodies refuse fields they do not know (a typo must not be dropped silently), so their schemas say
    /// `additionalProperties: false`; an optional field may be `null`, which means the same as leaving it out.
    static func requestBodiesClosed(_ schemas: [String: Any], _ operations: [APIOperation]) -> [String: Any] {
        var schemas = schemas
        for operation in operations where operation.requestContentType == "application/json" {
            guard let name = operation.requestSchema, var schema = schemas[name] as? [String: Any], schema["type"] as? String == "object",
                schema["additionalProperties"] == nil
            else { continue }
            schema["additionalProperties"] = false
            let required = Set(schema["required"] as? [String] ?? [])
            if var properties = schema["properties"] as? [String: Any] {
                for (key, value) in properties where !required.contains(key) {
                    properties[key] = ["anyOf": [value, ["type": "null"]]]
                }
                schema["properties"] = properties
            }
            schemas[name] = schema
        }
        return schemas
    }

    /// What the server accepts for a query parameter. Empty values are accepted everywhere (they mean "absent").
    static func schema(of kind: APIOperation.Parameter.Kind) -> [String: Any] {
        switch kind {
        case .text:
            return ["type": "string"]
        case .integer(let range):
            return ["type": "integer", "minimum": range.lowerBound, "maximum": range.upperBound]
        case .boolean:
            return ["type": "boolean"]
        case .time:
            return ["type": "string", "anyOf": [["format": "date-time"], ["maxLength": 0]]]
        case .timeOrDay:
            return ["type": "string", "anyOf": [["format": "date-time"], ["format": "date"], ["maxLength": 0]]]
        case .flexibleTime:
            return [
                "type": "string",
                "anyOf": [["format": "date-time"], ["format": "date"], ["pattern": "^now(-[0-9]{1,6}[smhdw])?$"], ["maxLength": 0]],
            ]
        case .oneOf(let values):
            return ["type": "string", "enum": values + [""]]
        case .listOf(let values):
            let item = "(" + values.map { NSRegularExpression.escapedPattern(for: $0) }.joined(separator: "|") + ")"
            return ["type": "string", "pattern": "^( *\(item) *(, *\(item) *)*)?$"]
        }
    }

    /// The document as JSON text.
    public static func json(_ catalog: OperationCatalog, version: String) -> Data {
        (try? JSONSerialization.data(
            withJSONObject: build(catalog, version: version), options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) ?? Data()
    }
}
