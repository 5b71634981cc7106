// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Incidents

/// The incident report as a self-contained HTML page (styles inline, no script), from the same parts as its Markdown.
extension CaseReport {
    func html() -> String {
        let e = SafeMarkdown.escape
        func table(_ headers: [String], _ rows: [[String]]) -> String {
            guard !rows.isEmpty else { return "<p>—</p>" }
            return "<table><thead><tr>" + headers.map { "<th>\(e($0))</th>" }.joined() + "</tr></thead><tbody>"
                + rows.map { "<tr>" + $0.map { "<td>\(e($0))</td>" }.joined() + "</tr>" }.joined() + "</tbody></table>"
        }
        var body = [
            "<p class=\"tlp\">TLP:\(e(dossier.item.tlp.rawValue.uppercased()))</p>",
            "<h1>Incident report \(e(dossier.item.reference)): \(e(dossier.item.title))</h1>",
            "<p>Generated \(e(Timestamp.format(generatedAt))) by \(e(generatedBy)) from Bulwark.</p>",
            "<table class=\"facts\"><tbody>" + facts.map { "<tr><th>\(e($0.0))</th><td>\(e($0.1))</td></tr>" }.joined() + "</tbody></table>",
            "<h2>Description</h2>", dossier.item.description.isEmpty ? "<p>—</p>" : SafeMarkdown.html(dossier.item.description),
            "<h2>Summary</h2>", dossier.item.summary.isEmpty ? "<p>—</p>" : SafeMarkdown.html(dossier.item.summary),
            "<h2>Clocks</h2>",
            table(
                ["Clock", "Started", "Due", "State"],
                clocks.map { [$0.title, Timestamp.format($0.startedAt), Timestamp.format($0.dueAt), "\($0.state.rawValue): \($0.summary)"] }),
            "<h2>Timeline</h2>",
            table(
                ["Event time", "Recorded", "By", "Kind", "Entry"],
                dossier.timeline.map { [Timestamp.format($0.eventAt), Timestamp.format($0.createdAt), $0.actor, $0.category.rawValue, $0.text] }),
            "<h2>Decisions</h2>", table(["Time", "By", "Decision"], decisions.map { [Timestamp.format($0.eventAt), $0.actor, $0.text] }),
            "<h2>Tasks</h2>",
            table(
                ["Phase", "Task", "Owner", "Status", "Due", "Completed"],
                dossier.tasks.map {
                    [
                        $0.phase.rawValue, $0.title, $0.owner ?? "—", $0.status.rawValue, CaseReport.time($0.dueAt),
                        $0.completedAt.map { Timestamp.format($0) } ?? "—",
                    ]
                }),
            "<h2>Observables</h2>",
            table(
                ["Type", "Value", "IOC", "Source", "Description"],
                dossier.observables.map { [$0.type.rawValue, $0.value, $0.ioc ? "yes" : "no", $0.source, $0.description] }),
            "<h2>Evidence</h2>",
            table(
                ["File", "Size", "SHA-256", "Added", "Custody"],
                dossier.evidence.map { evidence in
                    [
                        evidence.fileName, String(evidence.size), evidence.sha256, "\(Timestamp.format(evidence.createdAt)) by \(evidence.addedBy)",
                        evidence.custody.map { "\($0.action) by \($0.actor) \(Timestamp.format($0.at))" }.joined(separator: "; "),
                    ]
                }),
            "<h2>Response actions</h2>",
            table(
                ["Requested", "Action", "Input", "By", "Approved by", "Result", "Request"],
                dossier.actions.map { run in
                    [
                        Timestamp.format(run.createdAt), run.actionName, run.input, run.requestedBy, run.decidedBy ?? "—",
                        run.status.rawValue + (run.responseStatus.map { " (HTTP \($0))" } ?? "") + (run.error.map { ": " + $0 } ?? ""),
                        run.request.map { "\($0.method) \($0.url)" } ?? "—",
                    ]
                }),
            "<h2>Lessons learned</h2>", dossier.item.lessonsLearned.isEmpty ? "<p>—</p>" : SafeMarkdown.html(dossier.item.lessonsLearned),
        ]
        body.insert("<meta name=\"generator\" content=\"Bulwark\">", at: 0)
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Incident report \(e(dossier.item.reference)): \(e(dossier.item.title))</title>
            <style>body{font:14px/1.5 system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#111}table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top;word-break:break-word}th{background:#f3f3f3}.tlp{font-weight:bold;background:#000;color:#ffc000;display:inline-block;padding:.2rem .6rem}</style>
            </head><body>
            \(body.joined(separator: "\n"))
            </body></html>
            """
    }
}
