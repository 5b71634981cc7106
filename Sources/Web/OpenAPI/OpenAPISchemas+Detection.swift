import BulwarkCore
import Detection
import Incidents

extension OpenAPISchemas {
    /// Alerts, rules, exclusions and indicators.
    static var detection: [String: Any] {
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
        let suppressionFields: [String: Any] = ["rule_id": nullableString, "host": nullableString, "user": nullableString, "reason": string, "expires_at": nullableTime]
        let rule = object([
            "id": string, "title": string, "kind": enumeration(["detection", "correlation", "filter"]), "level": ["type": ["string", "null"]],
            "status": nullableString, "state": enumeration(RuleInfo.State.allCases.map(\.rawValue)), "reason": nullableString, "tags": strings,
            "attack": strings, "path": string, "line": integer, "logsource": object(["product": nullableString, "category": nullableString, "service": nullableString]),
            "description": string, "author": nullableString, "references": strings, "falsepositives": strings,
        ])
        let exclusionFields: [String: Any] = ["rule_id": nullableString, "condition": ["type": "string", "description": "a Sigma selection in YAML"],
                                              "reason": string, "expires_at": nullableTime]
        let indicatorFields: [String: Any] = ["kind": enumeration(Indicator.Kind.allCases.map(\.rawValue)), "value": string, "source": string,
                                              "confidence": ["type": "integer", "minimum": 0, "maximum": 100], "expires_at": nullableTime, "description": string]
        return [
            "Alert": object(alertFields, required: ["id", "title", "severity", "status"]),
            "AlertList": page("alerts", "Alert"),
            "AlertDetail": object(alertFields.merging(["comments": ["type": "array", "items": ref("AlertComment")], "events": ["type": "array", "items": ref("Event")],
                                                       "allowed_transitions": strings]) { first, _ in first }),
            "AlertInput": object(["title": OpenAPISchemas.nonEmpty, "severity": severity, "description": string, "host": string], required: ["title"]),
            "AlertUpdate": object(["status": enumeration(AlertStatus.allCases.map(\.rawValue)), "close_reason": enumeration(CloseReason.allCases.map(\.rawValue)),
                                   "assignee": ["type": "string", "description": "username; empty to unassign"], "comment": string]),
            "AlertBulkUpdate": object(["ids": OpenAPISchemas.ids, "status": enumeration(AlertStatus.allCases.map(\.rawValue)),
                                       "close_reason": enumeration(CloseReason.allCases.map(\.rawValue)), "assignee": string, "comment": string], required: ["ids"]),
            "AlertBulkResult": object(["updated": integer, "results": ["type": "array", "items": object(["id": string, "ok": boolean, "error": nullableString])]]),
            "AlertComment": comment,
            "CommentInput": object(["text": OpenAPISchemas.nonEmpty], required: ["text"]),
            "AlertSuppression": object(suppressionFields.merging(["id": string, "created_by": string, "created_at": time, "hits": integer]) { first, _ in first }),
            "AlertSuppressionInput": object(suppressionFields, required: ["reason"]),
            "AlertSuppressionList": object(["suppressions": ["type": "array", "items": ref("AlertSuppression")]]),
            "Rule": rule,
            "RuleList": object(["rules": ["type": "array", "items": ref("Rule")], "total": integer, "next": nullableString,
                                "counts": ["type": "object", "additionalProperties": integer]]),
            "RuleUpdate": object(["enabled": boolean], required: ["enabled"]),
            "RuleLoadReport": object(["loaded": boolean, "loaded_at": time, "seconds": ["type": "number"], "files": integer, "running": integer,
                                      "correlations": integer, "filters": integer, "disabled": integer, "unmapped": integer,
                                      "errors": ["type": "array", "items": object(["file": string, "line": integer, "reason": string, "rule_id": nullableString])]]),
            "Exclusion": object(exclusionFields.merging(["id": string, "created_by": string, "created_at": time]) { first, _ in first }),
            "ExclusionInput": object(exclusionFields, required: ["condition", "reason"]),
            "ExclusionList": object(["exclusions": ["type": "array", "items": ref("Exclusion")]]),
            "Indicator": object(indicatorFields.merging(["id": string, "tags": strings, "created_at": time, "updated_at": time]) { first, _ in first }),
            "IndicatorInput": object(indicatorFields, required: ["value"]),
            "IndicatorList": page("indicators", "Indicator"),
            "IndicatorImportReport": object(["applied": boolean, "created": integer, "updated": integer,
                                             "rejected": ["type": "array", "items": object(["place": string, "reason": string])]]),
        ]
    }
}
