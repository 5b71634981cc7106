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

    static var all: [String: Any] {
        let criticality = enumeration(Criticality.allCases.map(\.rawValue))
        let status = enumeration(EmploymentStatus.allCases.map(\.rawValue))
        let roles = enumeration(Role.allCases.map(\.rawValue))
        let assetFields: [String: Any] = [
            "name": string, "hostnames": strings, "ips": strings, "owner": string, "criticality": criticality,
            "environment": string, "internet_facing": boolean, "tags": strings,
        ]
        let personFields: [String: Any] = [
            "name": string, "email": ["type": "string", "format": "email"], "department": string, "manager": string,
            "employment_status": status, "start_date": ["type": "string", "anyOf": [["format": "date"], ["maxLength": 0]]], "end_date": string,
        ]
        let stamps: [String: Any] = ["id": ["type": "string", "format": "uuid"], "created_at": time, "updated_at": time]
        return [
            "Error": object(["error": object(["code": string, "message": string, "details": ["type": "array", "items": object(
                ["field": string, "message": string, "line": ["type": "integer"]])]], required: ["code", "message"])], required: ["error"]),
            "Status": object(["status": string]),
            "PrometheusText": string,
            "CSV": string,
            "Asset": object(assetFields.merging(stamps) { a, _ in a }, required: Array(assetFields.keys) + ["id"]),
            "AssetInput": object(assetFields.merging(["name": nonEmpty]) { _, new in new }),
            "AssetCreate": object(assetFields.merging(["name": nonEmpty]) { _, new in new }, required: ["name"]),
            "AssetPage": page("assets", "Asset"),
            "Person": object(personFields.merging(stamps) { a, _ in a }, required: Array(personFields.keys) + ["id"]),
            "PersonInput": object(personFields.merging(["name": nonEmpty]) { _, new in new }),
            "PersonCreate": object(personFields.merging(["name": nonEmpty]) { _, new in new }, required: ["name", "email"]),
            "PersonPage": page("people", "Person"),
            "ImportReport": object(["applied": boolean, "created": ["type": "integer"], "updated": ["type": "integer"],
                                    "rejected": ["type": "array", "maxItems": 1000, "description": "the first 1,000 problems",
                                                 "items": object(["line": ["type": "integer"], "field": string, "message": string])],
                                    "rejected_total": ["type": "integer", "description": "every problem found"]]),
            "User": object(["id": string, "username": string, "display_name": string, "email": string, "role": roles, "disabled": boolean,
                            "mfa_enabled": boolean, "locked": boolean, "last_login_at": nullableTime, "created_at": time]),
            "UserInput": object(["username": string, "role": roles, "display_name": string, "email": string,
                                 "password": ["type": "string", "description": "omit to have one generated"]], required: ["username", "role"]),
            "UserPatch": object(["role": roles, "display_name": string, "email": string, "disabled": boolean]),
            "UserCreated": object(["user": ref("User"), "password": ["type": "string", "description": "only when generated"]]),
            "UserPage": page("users", "User"),
            "PasswordReset": object(["password": ["type": "string", "description": "omit to have one generated"]]),
            "PasswordResult": object(["password": ["type": ["string", "null"]]]),
            "PasswordChange": object(["current_password": string, "new_password": string], required: ["current_password", "new_password"]),
            "Token": object(["id": string, "user_id": string, "name": string, "prefix": string, "scopes": strings,
                             "state": enumeration(["active", "expired", "revoked"]), "created_at": time, "expires_at": nullableTime,
                             "revoked_at": nullableTime, "last_used_at": nullableTime]),
            "TokenInput": object(["name": string, "scopes": ["type": "array", "items": enumeration(TokenScope.allCases.map(\.rawValue))],
                                  "expires_in_days": ["type": "integer", "minimum": 1, "maximum": 366],
                                  "username": ["type": "string", "description": "for another user; needs tokens.manage"]], required: ["scopes"]),
            "TokenCreated": object(["token": ref("Token"), "secret": string]),
            "TokenList": page("tokens", "Token"),
            "AuditEntry": object(["id": string, "time": time, "actor": string, "action": string, "target": string, "source": string,
                                  "outcome": enumeration(["success", "failure"]), "detail": string]),
            "AuditPage": page("entries", "AuditEntry"),
            "AuditExport": ["type": "array", "items": ref("AuditEntry")],
            "Me": object(["user": ref("User"), "authenticated_by": enumeration(["session", "token"]), "permissions": strings]),
            "Session": object(["id": string, "created_at": time, "last_seen_at": time, "source": string, "user_agent": string, "current": boolean]),
            "SessionList": page("sessions", "Session"),
            "OpenAPI": ["type": "object"],
            "IngestResult": object(["accepted": ["type": "integer"], "rejected": ["type": "integer"],
                                    "errors": ["type": "array", "items": object(["line": ["type": "integer"], "message": string])]],
                                   required: ["accepted", "rejected", "errors"]),
            "ElasticsearchBulkResult": object(["took": ["type": "integer"], "errors": boolean,
                                               "items": ["type": "array", "items": ["type": "object", "description": "{action: {_index, _id, status, result | error}}"]]]),
            "SplunkHECEvent": object(["event": ["description": "the event: text or an object"], "time": ["type": "number", "description": "epoch seconds"],
                                      "host": string, "source": string, "sourcetype": string, "index": string, "fields": ["type": "object"]],
                                     required: ["event"]),
            "SplunkHECResult": object(["text": string, "code": ["type": "integer"], "invalid-event-number": ["type": "integer"]], required: ["text", "code"]),
            "ElasticsearchError": object(["error": object(["root_cause": ["type": "array", "items": ["type": "object"]], "type": string, "reason": string]),
                                          "status": ["type": "integer"]], required: ["error", "status"]),
            // The shipper endpoints answer in their protocol's own form, except where Bulwark refuses first (credentials, gzip, size).
            "ElasticsearchBulkError": ["anyOf": [ref("Error"), ref("ElasticsearchError")]],
            "ElasticsearchBulkBusy": ["anyOf": [ref("Error"), ref("ElasticsearchBulkResult")]],
            "SplunkHECError": ["anyOf": [ref("Error"), ref("SplunkHECResult")]],
            "Event": object(["id": ["type": "integer"], "@timestamp": time, "received": time, "host": string, "input": string, "raw": string,
                             "fields": ["type": "object", "description": "flat map: original fields (dotted names) and ECS fields"]]),
            "EventSearch": object(["total": ["type": "integer", "description": "exact number of matching events in the time range"],
                                   "events": ["type": "array", "items": ref("Event")], "next": ["type": ["string", "null"]]],
                                  required: ["total", "events", "next"]),
            "EventHistogram": object(["interval_seconds": ["type": "number"], "from": time, "to": time,
                                      "buckets": ["type": "array", "items": object(["start": time, "count": ["type": "integer"]])]]),
            "EventSource": object(["host": string, "input": string, "first_seen": time, "last_seen": time, "events": ["type": "integer"],
                                   "events_per_minute": ["type": "number"], "silent_since": nullableTime]),
            "EventSources": object(["silence_threshold_seconds": ["type": "integer"], "sources": ["type": "array", "items": ref("EventSource")]]),
        ].merging(detection) { first, _ in first }.merging(vulnerabilities) { first, _ in first }.merging(cases) { first, _ in first }
    }
}
