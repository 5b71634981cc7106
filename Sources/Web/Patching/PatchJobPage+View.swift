// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Patching

extension PatchJobPage {
    var path: String { "/patching/jobs/\(job.id)" }

    func render() -> Markup {
        let facts = DefinitionList([
            ("Status", PatchingPages.status(job.status) + Markup.when(job.emergency, " " + Badge.tag("emergency", tone: .danger))),
            ("Window", windowLine),
            ("Approvals", "\(job.approvals.count) of \(job.requiredApprovals)"),
            ("Risk removed", "\(String(format: "%.1f", job.riskRemoved)) (\(job.findingIDs.count) findings)"),
            ("Reboot", "\(job.reboot.rawValue.replacingOccurrences(of: "_", with: " "))"),
            ("Rollback", job.rollbackNotes.map { "\($0)" } ?? "—"),
            ("Created", "\(Layout.time(job.createdAt)) by \(job.createdBy)"),
            ("Submitted", job.submittedAt.map { "\(Layout.time($0)) by \(job.submittedBy ?? "?")" }),
        ])
        let artefacts = PatchArtefacts.Kind.allCases.map { kind -> Markup in
            "<a href=\"/api/v1/patch-jobs/\(job.id)/artifacts/\(kind.rawValue)?download=true\">\(kind.rawValue) (.\(kind.fileExtension))</a>"
        }
        return """
            \(PatchingPages.tabs("/patching/jobs"))
            \(Card("\(job.title)", body: facts.render() + "<p>Artefacts: \(artefacts.joined(separator: " · "))</p>").render())
            \(actions)
            \(Card("Package changes", id: "lines", body: linesTable).render())
            \(Card("Assets", id: "assets", body: assetsTable).render())
            \(Card("Timeline", id: "timeline", body: timeline).render())
            """
    }

    var windowLine: Markup {
        if let start = job.scheduledStart, let end = job.scheduledEnd {
            return "\(window?.name ?? "window") · \(Layout.time(start)) – \(Layout.time(end))"
        }
        if let window { return "\(window.name) · \(window.summary)" }
        return job.emergency ? "none: an emergency job may run at once once approved" : "none yet: choose one before scheduling"
    }

    var actions: Markup {
        var parts: [Markup] = []
        if canApprove && job.status == .submitted {
            if job.submittedBy == username || job.approvals.contains(where: { $0.by == username }) {
                parts.append("<p class=\"muted\">You submitted or already approved this job; another approver must approve it.</p>")
            } else {
                parts.append(
                    """
                    <form method="post" action="\(path)/approve" class="stack">\(Field.csrf(csrf))\
                    \(Field.text("comment", "Approval comment"))<button type="submit">Approve</button></form>
                    """)
            }
        }
        if canWrite && !job.allowedMoves.isEmpty {
            let options = job.allowedMoves.map { move -> Markup in "<option value=\"\(move.rawValue)\">\(move.title)</option>" }
            let choices = windows.map { item -> Markup in
                "<option value=\"\(item.id)\"\(Markup.when(item.id == job.windowID, " selected"))>\(item.name)</option>"
            }
            let windowField: Markup = Markup.when(
                [.draft, .submitted, .approved, .failed].contains(job.status),
                """
                <label for="f-window">Maintenance window</label><select id="f-window" name="window_id">\
                <option value="">none</option>\(choices.joined())</select>
                """)
            parts.append(
                """
                <form method="post" action="\(path)" class="stack">\(Field.csrf(csrf))\
                <label for="f-status">Move to</label><select id="f-status" name="status">\
                <option value="">(stay \(job.status.title.lowercased()))</option>\
                \(options.joined())</select>\(windowField)\(Field.text("comment", "Comment"))<button type="submit">Save</button></form>
                """)
        }
        guard !parts.isEmpty else { return "" }
        return Card("Workflow", id: "workflow", body: parts.joined()).render()
    }

    var linesTable: Markup {
        let rows = job.lines.map { line -> Markup in
            let fixed = line.findingIDs.filter { proof[$0] != nil }.count
            let findings = line.findingIDs.map { id -> Markup in
                let mark: Markup = proof[id] != nil ? " ✓" : ""
                return "<a href=\"/vulnerabilities/findings/\(id)\">\(String(id.prefix(8)))</a>\(mark)"
            }
            return """
                <tr><td>\(line.assetName)</td><td>\(line.package)<br><small class="muted">\(line.ecosystem)</small></td><td>\(line.fromVersion)</td>\
                <td><strong>\(line.toVersion)</strong>\(Markup.when(line.majorUpgrade, " " + Badge.tag("major", tone: .danger)))</td>\
                <td>\(fixed)/\(line.findingIDs.count): \(findings.joined(separator: ", "))</td>\
                <td class="numeric">\(String(format: "%.1f", line.riskRemoved))</td></tr>
                """
        }
        return """
            <div class="table-scroll"><table class="list patch-lines"><thead><tr><th>Asset</th><th>Package</th><th>From</th><th>To</th>\
            <th>Findings fixed</th><th class="numeric">Risk</th></tr></thead><tbody>\(rows.joined())</tbody></table></div>
            """
    }

    var assetsTable: Markup {
        let rows = job.assets.map { asset -> Markup in
            let state: Markup =
                switch asset.state {
                case .verified: Badge.tag("verified", tone: .success)
                case .failed: Badge.tag("failed", tone: .danger)
                case .applied: Badge.tag("applied", tone: .warning)
                case .pending: Badge.tag("pending")
                }
            let output: Markup = asset.output.map { "<details><summary>output</summary><pre>\($0)</pre></details>" } ?? ""
            let proofLine: Markup = asset.verifiedByInventory.map { "inventory \(String($0.prefix(8))) · \(Layout.time(asset.verifiedAt))" } ?? "—"
            return """
                <tr><td><a href="/vulnerabilities/assets/\(asset.assetID)">\(asset.assetName)</a><br><small class="muted">\(asset.host)</small></td>\
                <td>\(state)</td><td>\(asset.exitStatus.map { "\($0)" } ?? "—")\(output)</td><td>\(proofLine)</td>\
                <td>\(asset.failureReason ?? "")</td></tr>
                """
        }
        return """
            <div class="table-scroll"><table class="list patch-assets"><thead><tr><th>Asset</th><th>State</th><th>Exit status</th>\
            <th>Verified by</th><th>Problem</th></tr></thead><tbody>\(rows.joined())</tbody></table></div>
            """
    }

    var timeline: Markup {
        let items = job.timeline.reversed().map { event -> Markup in
            "<li><small class=\"muted\">\(Layout.time(event.at)) · \(event.by) · \(event.kind)</small><br>\(event.text)</li>"
        }
        return "<ol class=\"timeline\">\(items.joined())</ol>"
    }
}

extension MaintenanceWindowsPage {
    func render() -> Markup {
        let rows = windows.map { window -> Markup in
            let next = window.opening(atOrAfter: now)
            let state: Markup = window.isOpen(at: now) ? Badge.tag("open now", tone: .success) : ""
            return """
                <tr><td>\(window.name) \(state)</td><td>\(window.summary)</td><td>\(window.assetTag ?? "every asset")</td>\
                <td>\(next.map { "\(Layout.time($0.start))" } ?? "—")</td></tr>
                """
        }
        let table: Markup =
            windows.isEmpty
            ? EmptyState("No maintenance window yet.").render()
            : """
            <div class="table-scroll"><table class="list"><thead><tr><th>Name</th><th>When</th><th>Assets</th><th>Next opening</th></tr></thead>\
            <tbody>\(rows.joined())</tbody></table></div>
            """
        let days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"].enumerated().map { index, day -> Markup in
            "<label class=\"check\"><input type=\"checkbox\" name=\"weekdays\" value=\"\(index + 1)\"> \(day)</label>"
        }
        let form: Markup = Markup.when(
            canWrite,
            Card(
                "New window",
                body: """
                    <form method="post" action="/patching/windows" class="stack">\(Field.csrf(csrf))\
                    \(Field.text("name", "Name", required: true))\
                    \(Field.select("recurrence", "Repeats", options: ["weekly", "monthly"], selected: "weekly"))\
                    <fieldset><legend>Days (monthly: one)</legend>\(days.joined())</fieldset>\
                    \(Field.select("ordinal", "Monthly: which one", options: ["", "1", "2", "3", "4", "-1"], selected: ""))\
                    \(Field.text("start", "Opens at (HH:MM, local)", value: "22:00", required: true))\
                    \(Field.text("duration_minutes", "Duration (minutes)", value: "240", type: "number", required: true))\
                    \(Field.text("time_zone", "Time zone (IANA)", value: "UTC", required: true))\
                    \(Field.text("asset_tag", "For assets tagged (empty: every asset)"))\
                    <button type="submit">Add window</button></form>
                    """
            ).render())
        return """
            \(PatchingPages.tabs("/patching/windows"))
            <p>Jobs are scheduled into the next opening of their window; only an emergency job starts outside one. \
            JSON: <a href="/api/v1/maintenance-windows">/api/v1/maintenance-windows</a>.</p>
            \(table)
            \(form)
            """
    }
}
