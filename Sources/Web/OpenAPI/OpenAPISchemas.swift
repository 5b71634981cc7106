// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore

/// JSON Schemas of the API's bodies, named in ``APIOperation`` by `requestSchema` and `responseSchema`.
enum OpenAPISchemas {
    static func ref(_ name: String) -> [String: Any] { ["$ref": "#/components/schemas/\(name)"] }
    static var string: [String: Any] { ["type": "string"] }
    static var time: [String: Any] { ["type": "string", "format": "date-time"] }
    static var nullableTime: [String: Any] { ["type": ["string", "null"], "format": "date-time"] }
    static var strings: [String: Any] { ["type": "array", "items": ["type": "string"]] }
    static var boolean: [String: Any] { ["type": "boolean"] }
    static func enumeration(_ values: [String]) -> [String: Any] { ["type": "string", "enum": values] }
    /// Text the server refuses when empty (a title, a comment).
    static var nonEmpty: [String: Any] { ["type": "string", "minLength": 1] }
    /// The ids a bulk change or a case takes: 1 to 500.
    static var ids: [String: Any] { ["type": "array", "items": ["type": "string"], "minItems": 1, "maxItems": 500] }

    static func object(_ properties: [String: Any], required: [String] = []) -> [String: Any] {
        ["type": "object", "properties": properties, "required": required]
    }
    static func page(_ key: String, _ item: String) -> [String: Any] {
        object([key: ["type": "array", "items": ref(item)], "next": ["type": ["string", "null"]]], required: [key, "next"])
    }

    /// What every area shares: errors, plain statuses, text bodies, the document itself.
    static var common: [String: Any] {
        return [
            "Error": object(
                [
                    "error": object(
                        [
                            "code": string, "message": string,
                            "details": [
                                "type": "array",
                                "items": object(
                                    ["field": string, "message": string, "line": ["type": "integer"]]),
                            ],
                        ], required: ["code", "message"])
                ], required: ["error"]),
            "Status": object(
                ["status": string, "error": object(["code": string, "message": string], required: ["code", "message"])], required: ["status"]),
            "PrometheusText": string,
            "CSV": string,
            "OpenAPI": ["type": "object"],
        ]
    }
}
