// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Patching

/// One upgrade of the plan (in schema `RemediationPlan`).
struct PlanLineBody: Encodable, Sendable {
    struct Residual: Encodable, Sendable {
        var advisory: String
        var reason: String
    }

    var assetId: String
    var assetName: String
    var ecosystem: String
    var package: String
    var fromVersion: String
    @Nullable var toVersion: String?
    var findingIds: [String]
    var riskRemoved: Double
    var residual: [Residual]
    var noFix: [String]
    var majorUpgrade: Bool

    init(_ item: AssetPlanLine) {
        let line = item.line
        assetId = item.assetID
        assetName = item.assetName
        ecosystem = line.ecosystem
        package = line.package
        fromVersion = line.fromVersion
        toVersion = line.toVersion
        findingIds = line.findingIDs
        riskRemoved = line.riskRemoved
        residual = line.residual.map { Residual(advisory: $0.advisory, reason: $0.reason) }
        noFix = line.noFix
        majorUpgrade = line.majorUpgrade
    }
}

struct RemediationPlanBody: ResponseBody {
    var lines: [PlanLineBody]
}

extension OpenAPISchemas {
    static var patching: [String: Any] {
        let line = object(
            [
                "asset_id": string, "asset_name": string, "ecosystem": string, "package": string, "from_version": string,
                "to_version": ["type": ["string", "null"], "description": "null: no known version fixes any of its findings"],
                "finding_ids": ["type": "array", "items": ["type": "string"], "description": "the findings the upgrade closes"],
                "risk_removed": ["type": "number", "description": "the sum of their risk"],
                "residual": [
                    "type": "array", "description": "what still affects the target version, and why",
                    "items": object(["advisory": string, "reason": string], required: ["advisory", "reason"]),
                ],
                "no_fix": ["type": "array", "items": ["type": "string"], "description": "findings no known version fixes"],
                "major_upgrade": ["type": "boolean", "description": "the upgrade changes the major version (a breaking change is likely)"],
            ],
            required: ["asset_id", "package", "ecosystem", "from_version", "to_version", "finding_ids", "risk_removed", "residual", "no_fix"])
        return ["RemediationPlan": object(["lines": ["type": "array", "items": line]], required: ["lines"])]
    }
}
