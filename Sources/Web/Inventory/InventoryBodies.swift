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
    /// A people import's joiners, movers and leavers (each list at most 1,000; empty for assets).
    var joiners: [String]
    var movers: [Mover]
    var leavers: [String]

    struct Mover: Encodable, Sendable {
        struct Change: Encodable, Sendable {
            var field: String
            var from: String
            var to: String
        }
        var email: String
        var changes: [Change]
    }

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
        joiners = Array(report.roster.joiners.prefix(1000))
        movers = report.roster.movers.prefix(1000).map { move in
            Mover(email: move.email, changes: move.changes.map { Mover.Change(field: $0.field, from: $0.from, to: $0.to) })
        }
        leavers = Array(report.roster.leavers.prefix(1000))
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
            "employee_id": ["type": "string", "maxLength": 64, "description": "the HR system's number, matched to directory employeeID"],
            "job_title": string,
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
                "joiners": ["type": "array", "items": string, "maxItems": 1000, "description": "people import: new or back (e-mails)"],
                "movers": [
                    "type": "array", "maxItems": 1000, "description": "people import: department, manager or job title changed",
                    "items": object(
                        [
                            "email": string,
                            "changes": [
                                "type": "array",
                                "items": object(
                                    ["field": enumeration(["department", "manager", "job_title"]), "from": string, "to": string],
                                    required: ["field", "from", "to"]),
                            ],
                        ], required: ["email", "changes"]),
                ],
                "leavers": [
                    "type": "array", "items": string, "maxItems": 1000,
                    "description": "people import: terminated, or an end date that has come (e-mails)",
                ],
            ]),
        ]
    }
}
