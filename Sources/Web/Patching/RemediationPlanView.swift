// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Patching

/// The remediation plan: per asset and package, the version to go to, what it closes and what stays open.
struct RemediationPlanView: Sendable {
    var lines: [AssetPlanLine]
    var assetID: String?
    /// Shown with the form that makes a job of the asset's plan (to those who may).
    var windows: [MaintenanceWindow] = []
    var canWrite = false
    var csrf = ""

    func render() -> Markup {
        let rows = lines.map { item -> Markup in
            let line = item.line
            let target: Markup =
                line.toVersion.map { version in
                    let major = Badge.tag("major", tone: .danger, title: "a breaking change is likely")
                    return "<strong>\(version)</strong>\(Markup.when(line.majorUpgrade, " " + major))"
                }
                ?? (line.heldBack.isEmpty
                    ? "<span class=\"overdue\">no fix available</span>" : "<span class=\"overdue\">held back: only a major upgrade fixes it</span>")
            // A finding nothing fixes (or the policy holds back) is closed by an exception: the finding's risk acceptance.
            func exception(_ id: String, _ why: String) -> Markup {
                "<a href=\"/vulnerabilities/findings/\(id)\" title=\"accept the risk on the finding's page\">finding \(id.prefix(8))…</a>: \(why)"
            }
            let residual: [Markup] =
                line.residual.map { "\($0.advisory): \($0.reason)" } + line.noFix.map { exception($0, "no fix known") }
                + line.heldBack.map { exception($0, "only a major upgrade fixes it (held back by the patch policy)") }
            return """
                <tr><td><a href="/vulnerabilities/assets/\(item.assetID)">\(item.assetName)</a></td>\
                <td>\(line.package)<br><small class="muted">\(line.ecosystem)</small></td><td>\(line.fromVersion)</td><td>\(target)</td>\
                <td class="numeric">\(line.findingIDs.count)</td><td class="numeric">\(String(format: "%.1f", line.riskRemoved))</td>\
                <td>\(residual.isEmpty ? "—" : Markup(raw: residual.map(\.html).joined(separator: "; ")))</td></tr>
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
            \(PatchingPages.tabs("/patching"))
            <p>For each package with open findings, the smallest version in its ecosystem's order that fixes them all and is \
            not itself affected by a known advisory (else the one that fixes the most severe, with what it leaves). \
            Pre-releases only for packages already on one. JSON: <a href="/api/v1/remediation\(assetID.map { "?asset_id=\($0)" } ?? "")">\
            /api/v1/remediation</a>.</p>
            \(table)
            \(jobForm)
            """
    }

    /// A job of this asset's plan (every line with a fix), or of a group of assets chosen by tag, owner or
    /// environment on the plan of every asset.
    var jobForm: Markup {
        guard canWrite, lines.contains(where: { $0.line.toVersion != nil }) else { return "" }
        let choices = windows.map { window -> Markup in "<option value=\"\(window.id)\">\(window.name)</option>" }
        let target: Markup
        if let assetID {
            target = """
                <input type="hidden" name="asset_id" value="\(assetID)">\
                \(Field.text("title", "Title", value: "Patch \(lines.first?.assetName ?? "asset")", required: true))
                """
        } else {
            target = """
                <p class="muted">The assets with this tag, owner and environment (give at least one); their plan lines with a fix.</p>\
                \(Field.text("tag", "Asset tag"))\(Field.text("owner", "Owner"))\(Field.text("environment", "Environment"))\
                \(Field.text("title", "Title", required: true))
                """
        }
        return Card(
            assetID == nil ? "Make a patch job for a group of assets" : "Make a patch job",
            body: """
                <form method="post" action="/patching/jobs" class="stack">\(Field.csrf(csrf))\
                \(target)\
                <label for="f-window">Maintenance window</label><select id="f-window" name="window_id"><option value="">none yet</option>\
                \(choices.joined())</select>\
                \(Field.checkbox("emergency", "Emergency (KEV or critical findings; may run outside windows once approved)", checked: false))\
                \(Field.select("reboot", "Reboot", options: RebootExpectation.allCases.map(\.rawValue), selected: "if_required"))\
                \(Field.text("rollback_notes", "Rollback notes"))\
                <button type="submit">Make a draft job</button></form>
                """
        ).render()
    }
}
