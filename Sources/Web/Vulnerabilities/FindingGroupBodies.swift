// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Vulnerabilities

/// One group of findings (in schema `FindingGroupList`): a vulnerability across assets, or a source package whose one
/// fix closes every finding of its binaries.
struct FindingGroupBody: Encodable, Sendable {
    var by: String
    var key: String
    @Nullable var ecosystem: String?
    var findings: Int
    var assets: Int
    var vulnerabilities: Int
    var packages: [String]
    var severity: String
    var maximumRisk: Double
    var totalRisk: Double
    var kev: Int
    var overdue: Int
    var earliestDue: Date

    init(_ group: FindingGroup, by grouping: FindingGrouping) {
        by = grouping.rawValue
        key = group.key
        ecosystem = group.ecosystem
        findings = group.findings
        assets = group.assets
        vulnerabilities = group.vulnerabilities
        packages = group.packages
        severity = group.severity.rawValue
        maximumRisk = group.maximumRisk
        totalRisk = group.totalRisk
        kev = group.kev
        overdue = group.overdue
        earliestDue = group.earliestDue
    }
}

struct FindingGroupListBody: ResponseBody {
    var groups: [FindingGroupBody]
    @Nullable var next: String?
}

extension OpenAPISchemas {
    /// The findings list folded by vulnerability or by source package.
    static var findingGroups: [String: Any] {
        let integer: [String: Any] = ["type": "integer"]
        let group = object(
            [
                "by": enumeration(FindingGrouping.allCases.map(\.rawValue)),
                "key": ["type": "string", "description": "the vulnerability id, or the source package"],
                "ecosystem": ["type": ["string", "null"], "description": "a package group's ecosystem; null for a vulnerability"],
                "findings": integer, "assets": integer, "vulnerabilities": integer,
                "packages": ["type": "array", "items": ["type": "string"], "description": "the installed packages of its findings"],
                "severity": enumeration(Severity.allCases.map(\.rawValue)),
                "maximum_risk": ["type": "number", "description": "the risk of its riskiest finding"],
                "total_risk": ["type": "number", "description": "the sum of its findings' risk: what fixing it removes"],
                "kev": integer, "overdue": integer, "earliest_due": time,
            ], required: ["by", "key", "findings", "assets", "packages", "severity", "maximum_risk", "total_risk", "earliest_due"])
        return [
            "FindingGroupList": object(
                ["groups": ["type": "array", "items": group], "next": ["type": ["string", "null"]]], required: ["groups", "next"])
        ]
    }
}
