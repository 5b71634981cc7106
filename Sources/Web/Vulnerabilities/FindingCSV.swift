// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Vulnerabilities

/// Findings as the CSV export writes them: one row per finding, the columns of `header`.
enum FindingCSV {
    static let header = [
        "id", "asset", "ecosystem", "package", "version", "vulnerability", "aliases", "severity", "cvss", "kev", "epss", "risk",
        "decision", "state", "first_seen", "last_seen", "due_at", "overdue", "fixed", "purl",
    ]

    static func record(_ f: Finding, now: Date) -> String {
        [
            f.id, f.assetName, f.ecosystem, f.package, f.version, f.vulnerabilityID, f.aliases.joined(separator: " "), f.severity.rawValue,
            f.cvssScore.map { String(format: "%.1f", $0) } ?? "", f.kev ? "yes" : "no", f.epss.map { String(format: "%.5f", $0) } ?? "",
            String(format: "%.1f", f.risk), f.decision.rawValue, f.state.rawValue, Timestamp.format(f.firstSeen), Timestamp.format(f.lastSeen),
            Timestamp.format(f.dueAt), f.isOverdue(at: now) ? "yes" : "no", f.fixedVersions.joined(separator: " "), f.purl,
        ]
        .map(CSV.quote).joined(separator: ",")
    }
}
