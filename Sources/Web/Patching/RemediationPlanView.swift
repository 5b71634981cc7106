// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Patching

/// The remediation plan: per asset and package, the version to go to, what it closes and what stays open.
struct RemediationPlanView: Sendable {
    var lines: [AssetPlanLine]
    var assetID: String?

    func render() -> Markup {
        let rows = lines.map { item -> Markup in
            let line = item.line
            let target: Markup =
                line.toVersion.map { version in
                    let major = Badge.tag("major", tone: .danger, title: "a breaking change is likely")
                    return "<strong>\(version)</strong>\(Markup.when(line.majorUpgrade, " " + major))"
                } ?? "<span class=\"overdue\">no fix available</span>"
            let residual = line.residual.map { "\($0.advisory): \($0.reason)" } + line.noFix.map { "finding \($0.prefix(8))…: no fix known" }
            return """
                <tr><td><a href="/vulnerabilities/assets/\(item.assetID)">\(item.assetName)</a></td>\
                <td>\(line.package)<br><small class="muted">\(line.ecosystem)</small></td><td>\(line.fromVersion)</td><td>\(target)</td>\
                <td class="numeric">\(line.findingIDs.count)</td><td class="numeric">\(String(format: "%.1f", line.riskRemoved))</td>\
                <td>\(residual.isEmpty ? "—" : residual.joined(separator: "; "))</td></tr>
                """
        }
        let table: Markup =
            lines.isEmpty
            ? EmptyState("No open finding to plan for.").render()
            : """
            <div class="table-scroll"><table class="list remediation"><thead><tr><th>Asset</th><th>Package</th><th>Installed</th><th>Upgrade to</th>\
            <th class="numeric">Closes</th><th class="numeric">Risk removed</th><th>Still open</th></tr></thead>\
            <tbody>\(rows.joined())</tbody></table></div>
            """
        return """
            <p>For each package with open findings, the smallest version in its ecosystem's order that fixes them all and is \
            not itself affected by a known advisory (else the one that fixes the most severe, with what it leaves). \
            Pre-releases only for packages already on one. JSON: <a href="/api/v1/remediation\(assetID.map { "?asset_id=\($0)" } ?? "")">\
            /api/v1/remediation</a>.</p>
            \(table)
            <p class="muted">Patch jobs with approvals and maintenance windows, runnable scripts and playbooks, and verification \
            by the next inventory are not built yet.</p>
            """
    }
}
