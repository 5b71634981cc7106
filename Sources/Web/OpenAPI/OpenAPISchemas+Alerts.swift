import BulwarkCore
import Incidents

extension OpenAPISchemas {
    /// Alerts, their comments and suppressions.
    static var alerts: [String: Any] {
        let integer: [String: Any] = ["type": "integer"]
        let nullableString: [String: Any] = ["type": ["string", "null"]]
        let severity = enumeration(Severity.allCases.map(\.rawValue))
        let alertFields: [String: Any] = [
            "id": string, "title": string, "source": enumeration(AlertSource.allCases.map(\.rawValue)), "rule_id": nullableString,
            "severity": severity, "tags": strings, "attack": strings, "host": string, "user": string, "asset_id": nullableString,
            "count": integer, "event_ids": ["type": "array", "items": integer], "first_event_at": time, "last_event_at": time,
            "created_at": time, "updated_at": time, "status": enumeration(AlertStatus.allCases.map(\.rawValue)), "assignee": nullableString,
            "acknowledged_at": nullableTime, "acknowledged_by": nullableString, "closed_at": nullableTime, "closed_by": nullableString,
            "close_reason": ["type": ["string", "null"], "description": CloseReason.allCases.map(\.rawValue).joined(separator: ", ")],
            "context": ["type": "object", "additionalProperties": string], "description": string,
        ]
        let comment = object(["id": string, "alert_id": string, "author": string, "text": string, "created_at": time])
        let suppressionFields: [String: Any] = [
            "rule_id": nullableString, "host": nullableString, "user": nullableString, "reason": string, "expires_at": nullableTime,
        ]
        return [
            "Alert": object(alertFields, required: ["id", "title", "severity", "status"]),
            "AlertList": page("alerts", "Alert"),
            "AlertDetail": object(
                alertFields.merging([
                    "comments": ["type": "array", "items": ref("AlertComment")], "events": ["type": "array", "items": ref("Event")],
                    "allowed_transitions": strings,
                ]) { first, _ in first }),
            "AlertInput": object(
                ["title": OpenAPISchemas.nonEmpty, "severity": severity, "description": string, "host": string], required: ["title"]),
            "AlertUpdate": object([
                "status": enumeration(AlertStatus.allCases.map(\.rawValue)), "close_reason": enumeration(CloseReason.allCases.map(\.rawValue)),
                "assignee": ["type": "string", "description": "username; empty to unassign"], "comment": string,
            ]),
            "AlertBulkUpdate": object(
                [
                    "ids": OpenAPISchemas.ids, "status": enumeration(AlertStatus.allCases.map(\.rawValue)),
                    "close_reason": enumeration(CloseReason.allCases.map(\.rawValue)), "assignee": string, "comment": string,
                ], required: ["ids"]),
            "AlertBulkResult": object([
                "updated": integer, "results": ["type": "array", "items": object(["id": string, "ok": boolean, "error": nullableString])],
            ]),
            "AlertComment": comment,
            "CommentInput": object(["text": OpenAPISchemas.nonEmpty], required: ["text"]),
            "AlertSuppression": object(
                suppressionFields.merging(["id": string, "created_by": string, "created_at": time, "hits": integer]) { first, _ in first }),
            "AlertSuppressionInput": object(suppressionFields, required: ["reason"]),
            "AlertSuppressionList": object(["suppressions": ["type": "array", "items": ref("AlertSuppression")]]),
        ]
    }
}
