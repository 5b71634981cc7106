import AccessControl
import Foundation

/// Builds the OpenAPI 3.1 document from the registered operations, so that it lists exactly the routes that exist.
public enum OpenAPIDocument {
    public static func build(_ operations: [APIOperation], version: String) -> [String: Any] {
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
            "components": ["schemas": OpenAPISchemas.all, "securitySchemes": [
                "bearer": ["type": "http", "scheme": "bearer", "description": "An API token (bwk_…)"],
                "session": ["type": "apiKey", "in": "cookie", "name": "bulwark_session"],
            ]],
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
            } else {
                schema = ["type": "string", "format": "uuid"]
            }
            return ["name": name, "in": "path", "required": true, "schema": schema]
        }
        parameters += operation.query.map {
            ["name": $0.name, "in": "query", "required": false, "description": $0.description, "schema": ["type": $0.type]]
        }
        var responses: [String: Any] = [:]
        var success: [String: Any] = ["description": "success"]
        if let schema = operation.responseSchema {
            success["content"] = [operation.responseContentType: ["schema": ["$ref": "#/components/schemas/\(schema)"]]]
        }
        responses[String(operation.successStatus)] = success
        let error: [String: Any] = ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]]
        if operation.access != .anonymous || operation.path == "/metrics" {
            responses["401"] = ["description": "no or invalid credentials", "content": error]
            responses["403"] = ["description": "authenticated, without the permission", "content": error]
        }
        if !operation.pathParameters.isEmpty { responses["404"] = ["description": "no such object", "content": error] }
        if operation.requestSchema != nil {
            responses["400"] = ["description": "malformed body", "content": error]
            responses["413"] = ["description": "body too large", "content": error]
            responses["422"] = ["description": "invalid fields, each named in details", "content": error]
        }
        if (operation.method == .post || operation.method == .patch) && operation.requestSchema != nil { responses["409"] = ["description": "conflicts with existing data", "content": error] }
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
            entry["description"] = "Needs the `\(permission.rawValue)` permission (roles: "
                + Role.allCases.filter { PermissionMatrix.allows($0, permission) }.map(\.rawValue).joined(separator: ", ") + ")."
        }
        if let schema = operation.requestSchema {
            let body: [String: Any] = operation.requestContentType == "application/json"
                ? ["$ref": "#/components/schemas/\(schema)"] : ["type": "string", "description": schema]
            entry["requestBody"] = ["required": true, "content": [operation.requestContentType: ["schema": body]]]
        }
        return entry
    }

    /// The document as JSON text.
    public static func json(_ operations: [APIOperation], version: String) -> Data {
        (try? JSONSerialization.data(withJSONObject: build(operations, version: version), options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) ?? Data()
    }
}
