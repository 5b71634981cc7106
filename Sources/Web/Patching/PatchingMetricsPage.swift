// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Incidents
import Patching

/// `/patching/metrics`: how fast findings get fixed, and what stays exposed.
struct PatchingMetricsPage {
    var metrics: PatchingMetrics

    static func duration(_ seconds: Double?) -> String { seconds.map { CaseSLAPolicy.describe($0) } ?? "—" }
    static func percent(_ share: Double?) -> String { share.map { "\(Int(($0 * 100).rounded()))%" } ?? "—" }

    func render() -> Markup {
        let duration = Self.duration
        func row(_ title: String, _ figures: PatchingMetrics.Remediation) -> Markup {
            let time = figures.timeToRemediate
            return """
                <tr><th>\(title)</th><td class="numeric">\(time.count)</td><td>\(duration(time.mean))</td><td>\(duration(time.median))</td>\
                <td>\(duration(time.p90))</td><td>\(Self.percent(figures.slaCompliance))</td><td class="numeric">\(figures.fixedLate)</td>\
                <td class="numeric">\(figures.openOverdue)</td></tr>
                """
        }
        let rows = [row("All", metrics.all)] + Severity.allCases.reversed().map { row($0.rawValue, metrics.bySeverity[$0]!) }
        let header: Markup = """
            <thead><tr><th>Severity</th><th>Fixed</th><th>Mean time to remediate</th><th>Median</th><th>90th percentile</th>\
            <th>Fixed within SLA</th><th>Fixed late</th><th>Open, overdue</th></tr></thead>
            """
        let trend = LineChart(
            title: "Open risk at the end of each day",
            labels: metrics.openRiskOverTime.map { String(Timestamp.format($0.at.addingTimeInterval(-1)).prefix(10)) },
            series: [.init("Open risk", metrics.openRiskOverTime.map(\.openRisk))])
        let jobs = PatchJobStatus.allCases.map { status -> Markup in
            "<tr><th>\(PatchingPages.status(status))</th><td class=\"numeric\">\(metrics.jobsByStatus[status] ?? 0)</td></tr>"
        }
        let api = PageLink(
            path: "/api/v1/metrics/patching", parameters: [("from", Timestamp.format(metrics.from)), ("to", Timestamp.format(metrics.to))])
        func exposure(_ figures: PatchingMetrics.Durations, _ verb: String) -> String {
            figures.count == 0 ? "none" : "\(figures.count), \(verb) \(duration(figures.median)) (median), \(duration(figures.max)) at most"
        }
        let patched = metrics.assetsFullyPatchedShare.map { _ in
            "\(Self.percent(metrics.assetsFullyPatchedShare)) (\(metrics.assetsFullyPatched) of \(metrics.assetsWithFindings))"
        }
        return """
            \(PatchingPages.tabs("/patching/metrics"))
            <form class="filters" method="get" action="/patching/metrics">
            <label>From <input type="date" name="from" value="\(String(Timestamp.format(metrics.from).prefix(10)))"></label>
            <label>To <input type="date" name="to" value="\(String(Timestamp.format(metrics.to.addingTimeInterval(-1)).prefix(10)))"></label>
            <button type="submit">Show</button></form>
            <div class="grid">
            \(Card("Exposure now", id: "exposure", body: DefinitionList([
                ("Open risk", "\(String(format: "%.1f", metrics.openRisk))"),
                ("Assets fully patched", "\(patched ?? "— (no asset has findings)")"),
                ("Jobs overdue", "<a href=\"/patching/jobs\">\(metrics.jobsOverdue)</a>"),
                ("Known exploited, open", "\(exposure(metrics.kevExposureOpen, "exposed for"))"),
                ("Known exploited, closed", "\(exposure(metrics.kevExposureClosed, "closed after"))"),
            ]).render()).render())
            \(Card("Jobs by status", id: "jobs", body: "<table class=\"list\"><tbody>\(jobs.joined())</tbody></table>").render())
            </div>
            \(Card("Time to remediate", id: "remediation", body: """
                <p class="muted">Findings fixed in the period: first seen → fixed, as a later inventory proved. The SLA is each finding's \
                due date (<code>--vuln-sla</code>, or CISA's date for a known exploited one).</p>
                <div class="table-scroll"><table class="list">\(header)<tbody>\(rows.joined())</tbody></table></div>
                """).render())
            \(Card("Open risk over time", id: "risk", body: """
                \(trend.render())
                <p class="muted">The sum of the risk of the findings open at the end of each day, rebuilt from when each was first \
                seen and closed (fixed, accepted, false positive or not affected). \
                The same figures: <a href="\(api.href)">GET /api/v1/metrics/patching</a>.</p>
                """).render())
            """
    }
}
