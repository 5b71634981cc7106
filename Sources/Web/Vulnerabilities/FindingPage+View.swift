// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Vulnerabilities

extension FindingPage {
    func render() -> Markup {
        let f = finding
        let facts = DefinitionList([
            ("Asset", "<a href=\"/vulnerabilities/assets/\(f.assetID)\">\(f.assetName)</a>"),
            ("Package", "\(f.ecosystem) · <code>\(f.purl)</code> · from \(f.source)"),
            (
                "Fixed in",
                f.fixedVersions.isEmpty
                    ? "no fixed version is known"
                    : "\(f.applicableFix.map { "\($0) (upgrade to this)" } ?? "none above \(f.version)")"
                        + Markup.when(f.fixedVersions.count > 1, "; every fixed release: \(f.fixedVersions.joined(separator: ", "))")
            ),
            ("Aliases", "\(f.aliases.joined(separator: ", "))"),
            ("CVSS", "\(f.cvssScore.map { String(format: "%.1f", $0) } ?? "—") <small><code>\(f.cvssVector ?? "")</code></small>"),
            ("Known exploited", "\(kevLine)"),
            ("EPSS", "\(epssLine)"),
            ("State", "\(stateLine)"),
            (
                "Remediation",
                f.remediation.map { r -> Markup in
                    let ticket: Markup = r.ticket.map { "<a href=\"\($0)\" rel=\"noreferrer\">\($0)</a>" } ?? "no ticket"
                    let note: Markup = r.note.map { "<br>\($0)" } ?? ""
                    return "\(r.owner ?? "no owner") · planned \(r.dueAt.map { Layout.time($0) } ?? "—") · \(ticket)\(note)"
                } ?? "—"
            ),
            ("First seen", "\(Layout.time(f.firstSeen))"),
            ("Last seen", "\(Layout.time(f.lastSeen))"),
            ("Due", VulnerabilityPages.due(f, now: now, suffix: true)),
            ("Fixed", f.fixedAt.map { "\(Layout.time($0))" }),
        ])
        let heading: Markup =
            "\(Badge.severity(f.severity)) <a href=\"\(VulnerabilityPages.advisoryPath(f.vulnerabilityID))\">\(f.vulnerabilityID)</a> in \(f.package) \(f.version)"
        let reasons = f.reasons.map { reason -> Markup in "<li>\(reason)</li>" }
        let change = Markup.when(
            canWrite && f.state != .fixed,
            Card("Change state", body: VulnerabilityPages.stateForm(action: "/vulnerabilities/findings/\(f.id)", csrf: csrf, canAccept: canAccept))
                .render())
        return """
            \(VulnerabilityPages.tabs("", canImport: canWrite))
            \(Card(heading, body: "<p>\(f.summary ?? "")</p>\(facts.render())").render())
            \(Card("Why risk \(String(format: "%.1f", f.risk)) (\(f.decision.rawValue))", body: "<ol>\(reasons.joined())</ol>").render())
            \(change)
            """
    }
}
