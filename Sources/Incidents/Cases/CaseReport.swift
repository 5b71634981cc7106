// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// The incident report: who, what, when, what was done and decided, with the evidence hashes, in Markdown (the
/// self-contained HTML page is drawn by Web from the same parts). Marked with the case's TLP at the top, as TLP 2.0 asks.
public struct CaseReport: Sendable {
    public var dossier: CaseDossier
    public var regulatory: RegulatorySettings
    public var generatedAt: Date
    public var generatedBy: String
    /// What a reader knows the case's alerts, assets and people by (title, name), by id; an id not here is written as
    /// it is.
    public var names: [String: String]

    public init(dossier: CaseDossier, regulatory: RegulatorySettings, generatedAt: Date, generatedBy: String, names: [String: String] = [:]) {
        self.dossier = dossier
        self.regulatory = regulatory
        self.generatedAt = generatedAt
        self.generatedBy = generatedBy
        self.names = names
    }

    /// Ids as their names, one after another.
    func named(_ ids: [String]) -> String {
        ids.isEmpty ? "—" : ids.map { names[$0] ?? $0 }.joined(separator: "; ")
    }

    var item: Case { dossier.item }

    static func duration(_ seconds: TimeInterval?) -> String { seconds.map(CaseSLAPolicy.describe) ?? "—" }
    public static func time(_ date: Date?) -> String { date.map(Timestamp.format) ?? "—" }

    /// The case's facts as (name, value) rows.
    public var facts: [(String, String)] {
        [
            ("Severity", item.severity.rawValue), ("Status", item.status.rawValue),
            ("Resolution", item.resolution?.rawValue.replacingOccurrences(of: "_", with: " ") ?? "—"),
            ("TLP / PAP", "TLP:\(item.tlp.rawValue.uppercased()) / PAP:\(item.pap.rawValue.uppercased())"), ("Assignee", item.assignee ?? "—"),
            ("Tags", item.tags.isEmpty ? "—" : item.tags.joined(separator: ", ")),
            ("Playbooks", item.playbooks.isEmpty ? "—" : item.playbooks.joined(separator: ", ")),
            ("Opened", "\(Self.time(item.createdAt)) by \(item.createdBy)"), ("First event", Self.time(item.firstEventAt)),
            ("Detected", Self.time(item.detectedAt)),
            ("Acknowledged", Self.time(item.acknowledgedAt)), ("Resolved", Self.time(item.resolvedAt)),
            ("Time to detect", Self.duration(item.timeToDetect)), ("Time to acknowledge", Self.duration(item.timeToAcknowledge)),
            ("Time to resolve", Self.duration(item.timeToResolve)),
            ("Alerts", named(item.alertIDs)), ("Affected assets", named(item.assetIDs)), ("Affected people", named(item.personIDs)),
            ("Related cases", dossier.related.isEmpty ? "—" : dossier.related.map { "\($0.reference) \($0.title)" }.joined(separator: "; ")),
        ]
    }

    public var clocks: [CaseClock] { item.slaClocks(now: generatedAt) + item.regulatoryClocks(regulatory, now: generatedAt) }

    /// Decisions: status changes, approvals and rejections of actions, regulatory notifications.
    public var decisions: [TimelineEntry] {
        dossier.timeline.filter {
            [.status, .regulatory, .merge].contains($0.category)
                || ($0.category == .action && ($0.text.contains("approved by") || $0.text.contains("rejected")))
        }
    }

    public func markdown() -> String {
        func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
        var lines = [
            "**TLP:\(item.tlp.rawValue.uppercased())**", "", "# Incident report \(item.reference): \(item.title)", "",
            "Generated \(Timestamp.format(generatedAt)) by \(generatedBy) from Bulwark.", "", "| | |", "|---|---|",
        ]
        lines += facts.map { "| \($0.0) | \(cell($0.1)) |" }
        lines += [
            "", "## Description", "", item.description.isEmpty ? "—" : item.description, "", "## Summary", "",
            item.summary.isEmpty ? "—" : item.summary,
        ]
        lines += ["", "## Clocks", "", "| Clock | Started | Due | State |", "|---|---|---|---|"]
        lines += clocks.map {
            "| \(cell($0.title)) | \(Timestamp.format($0.startedAt)) | \(Timestamp.format($0.dueAt)) | \($0.state.rawValue): \($0.summary) |"
        }
        lines += ["", "## Timeline", "", "| Event time | Recorded | By | Kind | Entry |", "|---|---|---|---|---|"]
        lines += dossier.timeline.map {
            "| \(Timestamp.format($0.eventAt)) | \(Timestamp.format($0.createdAt)) | \(cell($0.actor)) | \($0.category.rawValue) | \(cell($0.text)) |"
        }
        lines += ["", "## Decisions", ""]
        lines += decisions.isEmpty ? ["—"] : decisions.map { "- \(Timestamp.format($0.eventAt)) — \($0.actor): \($0.text)" }
        lines += ["", "## Tasks", "", "| Phase | Task | Owner | Status | Due | Completed |", "|---|---|---|---|---|---|"]
        for task in dossier.tasks {
            lines.append(
                "| \(task.phase.rawValue) | \(cell(task.title)) | \(task.owner ?? "—") | \(task.status.rawValue) | \(Self.time(task.dueAt)) | \(task.completedAt.map { "\(Timestamp.format($0)) by \(task.completedBy ?? "")" } ?? "—") |"
            )
        }
        let logs = dossier.tasks.flatMap { task in task.logs.map { "- \(Timestamp.format($0.at)) \($0.author) on \"\(task.title)\": \($0.text)" } }
        if !logs.isEmpty { lines += ["", "### Task logs", ""] + logs }
        lines += ["", "## Observables", "", "| Type | Value | IOC | Source | Description |", "|---|---|---|---|---|"]
        lines += dossier.observables.map {
            "| \($0.type.rawValue) | `\(cell($0.value))` | \($0.ioc ? "yes" : "no") | \(cell($0.source)) | \(cell($0.description)) |"
        }
        lines += ["", "## Evidence", "", "| File | Size | SHA-256 | Added | Custody |", "|---|---|---|---|---|"]
        for evidence in dossier.evidence {
            let custody = evidence.custody.map { "\($0.action) by \($0.actor) \(Timestamp.format($0.at))" }.joined(separator: "; ")
            lines.append(
                "| \(cell(evidence.fileName)) | \(evidence.size) | `\(evidence.sha256)` | \(Timestamp.format(evidence.createdAt)) by \(evidence.addedBy) | \(cell(custody)) |"
            )
        }
        lines += [
            "", "## Response actions", "", "| Requested | Action | Input | By | Approved by | Result | Request |", "|---|---|---|---|---|---|---|",
        ]
        for run in dossier.actions {
            lines.append(
                "| \(Timestamp.format(run.createdAt)) | \(cell(run.actionName)) | \(cell(run.input)) | \(run.requestedBy) | \(run.decidedBy ?? "—") | \(run.status.rawValue)\(run.responseStatus.map { " (HTTP \($0))" } ?? "")\(run.error.map { ": " + cell($0) } ?? "") | \(run.request.map { "\($0.method) \(cell($0.url))" } ?? "—") |"
            )
        }
        lines += ["", "## Lessons learned", "", item.lessonsLearned.isEmpty ? "—" : item.lessonsLearned, ""]
        return lines.joined(separator: "\n")
    }
}
