// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Inventory

/// An import's outcome: applied or not, and every problem (schema `ImportReport` below).
struct ImportReportBody: ResponseBody {
    var applied: Bool
    var created: Int
    var updated: Int
    var rejected: [Rejected]
    /// Every problem found; `rejected` lists the first 1,000.
    var rejectedTotal: Int

    struct Rejected: Encodable, Sendable {
        /// The CSV line, or null for a problem of the whole file.
        @Nullable var line: Int?
        var field: String
        var message: String
    }

    init(_ report: InventoryService.ImportReport) {
        applied = report.applied
        created = report.created
        updated = report.updated
        rejected = report.rejected.map { Rejected(line: $0.line, field: $0.field, message: $0.message) }
        rejectedTotal = report.rejectedTotal
    }
}

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
                    "items": object(["line": ["type": ["integer", "null"]], "field": string, "message": string]),
                ],
                "rejected_total": ["type": "integer", "description": "every problem found"],
            ]),
        ]
    }
}
