import BulwarkCore
import Inventory

extension OpenAPISchemas {
    /// Assets, people and their CSV imports.
    static var inventory: [String: Any] {
        let criticality = enumeration(Criticality.allCases.map(\.rawValue))
        let status = enumeration(EmploymentStatus.allCases.map(\.rawValue))
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
            "Asset": object(assetFields.merging(stamps) { a, _ in a }, required: assetFields.keys.sorted() + ["id"]),
            "AssetInput": object(assetFields.merging(["name": nonEmpty]) { _, new in new }),
            "AssetCreate": object(assetFields.merging(["name": nonEmpty]) { _, new in new }, required: ["name"]),
            "AssetPage": page("assets", "Asset"),
            "Person": object(personFields.merging(stamps) { a, _ in a }, required: personFields.keys.sorted() + ["id"]),
            "PersonInput": object(personFields.merging(["name": nonEmpty]) { _, new in new }),
            "PersonCreate": object(personFields.merging(["name": nonEmpty]) { _, new in new }, required: ["name", "email"]),
            "PersonPage": page("people", "Person"),
            "ImportReport": object([
                "applied": boolean, "created": ["type": "integer"], "updated": ["type": "integer"],
                "rejected": [
                    "type": "array", "maxItems": 1000, "description": "the first 1,000 problems",
                    "items": object(["line": ["type": "integer"], "field": string, "message": string]),
                ],
                "rejected_total": ["type": "integer", "description": "every problem found"],
            ]),
        ]
    }
}
