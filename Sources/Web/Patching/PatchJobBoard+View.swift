// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Patching

enum PatchingPages {
    static func tabs(_ current: String) -> Markup {
        Tabs(
            [
                .init("/patching", "Remediation plan"), .init("/patching/jobs", "Jobs"), .init("/patching/windows", "Maintenance windows"),
                .init("/patching/metrics", "Metrics"),
            ],
            current: current
        ).render()
    }

    static func status(_ status: PatchJobStatus) -> Markup {
        let tone: Badge.Tone
        switch status {
        case .verified: tone = .success
        case .failed, .rolledBack: tone = .danger
        case .submitted, .approved, .scheduled, .inProgress, .applied: tone = .warning
        case .draft, .cancelled: tone = .plain
        }
        return Badge.tag(status.title, tone: tone)
    }
}

extension PatchJobBoard {
    func render() -> Markup {
        let columns = PatchJobStatus.allCases.map { status -> Markup in
            let items = jobs.filter { $0.status == status }
            let cards = items.map { job -> Markup in
                let flags: Markup =
                    Markup.when(job.emergency, Badge.tag("emergency", tone: .danger, title: "may run outside maintenance windows") + " ")
                    + Markup.when(job.isOverdue(at: now, grace: grace), Badge.tag("overdue", tone: .danger) + " ")
                let risk = String(format: "%.1f", job.riskRemoved)
                return """
                    <li><a href="/patching/jobs/\(job.id)">\(job.title)</a><br>\(flags)<small class="muted">\(job.lines.count) changes · \
                    \(job.assets.count) assets · risk \(risk) · \(TimeAgo(job.updatedAt, now: now).render())</small></li>
                    """
            }
            return """
                <section class="board-column" aria-labelledby="col-\(status.rawValue)"><h2 id="col-\(status.rawValue)">\(status.title) \
                <span class="count">\(items.count)</span></h2><ul>\(cards.isEmpty ? "<li class=\"muted\">none</li>" : cards.joined())</ul></section>
                """
        }
        return """
            \(PatchingPages.tabs("/patching/jobs"))
            <p>A job goes draft → submitted → approved → scheduled (in a maintenance window) → in progress → applied → verified, \
            when the assets' next inventories show every package at its target. Make one from an asset's \
            <a href="/patching">remediation plan</a>. JSON: <a href="/api/v1/patch-jobs">/api/v1/patch-jobs</a>.</p>
            <div class="board" data-board>\(columns.joined())</div>
            """
    }
}
