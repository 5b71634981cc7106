import BulwarkCore
import Vulnerabilities

extension OpenAPISchemas {
    /// Findings, inventories, vulnerabilities, advisory and VEX imports.
    static var vulnerabilities: [String: Any] {
        let integer: [String: Any] = ["type": "integer"]
        let number: [String: Any] = ["type": "number"]
        let nullableNumber: [String: Any] = ["type": ["number", "null"]]
        let nullableString: [String: Any] = ["type": ["string", "null"]]
        let boolean: [String: Any] = ["type": "boolean"]
        let state = enumeration(FindingState.allCases.map(\.rawValue))
        let place = object(["place": string, "reason": string])
        let places: [String: Any] = ["type": "array", "items": place]
        let finding = object(
            [
                "id": string, "asset_id": string, "asset_name": string, "ecosystem": string, "package": string, "version": string, "purl": string,
                "vulnerability": ["type": "string", "description": "OSV id"], "aliases": strings, "fixed": strings, "summary": nullableString,
                "severity": enumeration(Severity.allCases.map(\.rawValue)), "cvss": nullableNumber, "cvss_vector": nullableString, "kev": boolean,
                "kev_due_date": nullableString, "ransomware": boolean, "epss": nullableNumber, "epss_percentile": nullableNumber,
                "risk": ["type": "number", "description": "0–100: CVSS × exploitation likelihood (EPSS, KEV) × asset weight"],
                "decision": enumeration(SSVCDecision.allCases.map(\.rawValue)), "reasons": strings, "state": state, "state_reason": nullableString,
                "state_by": nullableString, "state_changed_at": nullableTime, "accepted_until": nullableTime, "vex_justification": nullableString,
                "source": string, "first_seen": time, "last_seen": time, "fixed_at": nullableTime, "due_at": time, "overdue": boolean,
            ], required: ["id", "asset_id", "package", "version", "vulnerability", "severity", "risk", "state", "due_at"])
        let counts = object([
            "open": integer, "open_by_severity": ["type": "object", "additionalProperties": integer], "overdue": integer,
            "kev": integer, "fixed_last_30_days": integer, "sla_compliance": nullableNumber,
        ])
        let change = object([
            "id": string, "asset_id": string, "source": string, "format": enumeration(InventoryFormat.allCases.map(\.rawValue)), "imported_at": time,
            "imported_by": string, "packages": integer, "added": strings, "removed": strings, "changed": strings, "new_findings": integer,
            "fixed_findings": integer, "reopened_findings": integer, "skipped": places,
        ])
        let update: [String: Any] = ["state": state, "reason": string, "accepted_until": time]
        return [
            "Finding": finding,
            "FindingList": object(
                ["findings": ["type": "array", "items": ref("Finding")], "next": nullableString, "counts": counts], required: ["findings", "next"]),
            "FindingExport": [
                "type": "string", "description": "CSV (header: \(VulnerabilityJSON.csvHeader.joined(separator: ","))) or JSON {findings: [Finding]}",
            ],
            "FindingUpdate": object(update, required: ["state"]),
            "FindingBulkUpdate": object(update.merging(["ids": strings]) { a, _ in a }, required: ["ids", "state"]),
            "FindingBulkResult": object(["updated": integer, "ids": strings]),
            "InventoryChange": change,
            "InventoryImport": object([
                "id": string, "packages": integer, "added": strings, "removed": strings, "changed": strings,
                "new_findings": integer, "fixed_findings": integer, "reopened_findings": integer, "skipped": places, "rejected": places,
            ]),
            "AssetInventory": object([
                "packages": [
                    "type": "array",
                    "items": object([
                        "name": string, "version": string, "ecosystem": string, "purl": string,
                        "source_package": nullableString, "source": string, "imported_at": time,
                    ]),
                ],
                "imports": ["type": "array", "items": ref("InventoryChange")],
            ]),
            "Vulnerability": object(
                [
                    "id": string, "aliases": strings, "related": strings, "summary": nullableString, "details": nullableString, "modified": string,
                    "published": nullableString, "withdrawn": nullableString,
                    "references": ["type": "array", "items": object(["type": nullableString, "url": string])],
                    "severity": ["type": "array", "items": object(["type": string, "score": string])],
                    "cvss": [
                        "type": ["object", "null"], "properties": ["vector": string, "version": string, "base_score": number, "severity": string],
                    ],
                    "kev": [
                        "type": ["object", "null"],
                        "properties": ["date_added": string, "due_date": string, "ransomware": string, "required_action": string, "name": string],
                    ],
                    "epss": ["type": ["object", "null"], "properties": ["probability": number, "percentile": number, "date": nullableString]],
                    "affected": [
                        "type": "array",
                        "items": object([
                            "ecosystem": string, "package": string, "versions": strings,
                            "ranges": [
                                "type": "array",
                                "items": object([
                                    "type": string, "events": ["type": "array", "items": ["type": "object", "additionalProperties": string]],
                                ]),
                            ],
                        ]),
                    ],
                    "findings": ["type": "array", "items": ref("Finding")],
                ], required: ["id", "aliases", "affected", "findings"]),
            "AdvisoryImport": object([
                "added": integer, "updated": integer, "unchanged": integer, "withdrawn": integer, "kev": integer, "epss": integer, "rejected": places,
            ]),
            "VEXImport": object(["statements": integer, "applied": integer]),
            "VEXDocument": [
                "type": "object",
                "description":
                    "an OpenVEX 0.2.0 document (@context, statements[]: vulnerability.name, products[].@id purl, status, justification) or a CycloneDX BOM whose vulnerabilities[] carry analysis.state/justification and affects[].ref; at most 16 MB",
            ],
        ]
    }
}
