import BulwarkCore
import Detection

extension OpenAPISchemas {
    /// Rules, exclusions and indicators.
    static var detection: [String: Any] {
        let integer: [String: Any] = ["type": "integer"]
        let nullableString: [String: Any] = ["type": ["string", "null"]]
        let severity = enumeration(Severity.allCases.map(\.rawValue))
        let rule = object([
            "id": string, "title": string, "kind": enumeration(["detection", "correlation", "filter"]), "level": ["type": ["string", "null"]],
            "status": nullableString, "state": enumeration(RuleInfo.State.allCases.map(\.rawValue)), "reason": nullableString, "tags": strings,
            "attack": strings, "path": string, "line": integer,
            "logsource": object(["product": nullableString, "category": nullableString, "service": nullableString]),
            "description": string, "author": nullableString, "references": strings, "falsepositives": strings,
        ])
        let exclusionFields: [String: Any] = [
            "rule_id": nullableString, "condition": ["type": "string", "description": "a Sigma selection in YAML"],
            "reason": string, "expires_at": nullableTime,
        ]
        let indicatorFields: [String: Any] = [
            "kind": enumeration(Indicator.Kind.allCases.map(\.rawValue)), "value": string, "source": string,
            "confidence": ["type": "integer", "minimum": 0, "maximum": 100], "expires_at": nullableTime, "description": string,
        ]
        return [
            "Rule": rule,
            "RuleList": object([
                "rules": ["type": "array", "items": ref("Rule")], "total": integer, "next": nullableString,
                "counts": ["type": "object", "additionalProperties": integer],
            ]),
            "RuleUpdate": object(["enabled": boolean], required: ["enabled"]),
            "RuleLoadReport": object([
                "loaded": boolean, "loaded_at": time, "seconds": ["type": "number"], "files": integer, "running": integer,
                "correlations": integer, "filters": integer, "disabled": integer, "unmapped": integer,
                "errors": ["type": "array", "items": object(["file": string, "line": integer, "reason": string, "rule_id": nullableString])],
            ]),
            "Exclusion": object(exclusionFields.merging(["id": string, "created_by": string, "created_at": time]) { first, _ in first }),
            "ExclusionInput": object(exclusionFields, required: ["condition", "reason"]),
            "ExclusionList": object(["exclusions": ["type": "array", "items": ref("Exclusion")]]),
            "Indicator": object(
                indicatorFields.merging(["id": string, "tags": strings, "created_at": time, "updated_at": time]) { first, _ in first }),
            "IndicatorInput": object(indicatorFields, required: ["value"]),
            "IndicatorList": page("indicators", "Indicator"),
            "IndicatorImportReport": object([
                "applied": boolean, "created": integer, "updated": integer,
                "rejected": ["type": "array", "items": object(["place": string, "reason": string])],
            ]),
        ]
    }
}
