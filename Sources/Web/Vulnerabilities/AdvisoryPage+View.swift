// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Vulnerabilities

extension AdvisoryPage {
    func render() -> Markup {
        let r = detail.record
        let facts = DefinitionList([
            (
                "Aliases",
                "\((r.aliases ?? []).joined(separator: ", "))\(r.related.map { $0.isEmpty ? "" : " · related: \($0.joined(separator: ", "))" } ?? "")"
            ),
            ("CVSS", detail.cvss.map { "\(String(format: "%.1f", $0.baseScore)) \($0.severity) (v\($0.version)) <code>\($0.vector)</code>" } ?? "—"),
            (
                "Known exploited",
                "\(detail.kev.map { "CISA KEV since \($0.dateAdded), due \($0.dueDate); ransomware use: \($0.ransomware). \($0.requiredAction)" } ?? "no")"
            ),
            (
                "EPSS",
                "\(detail.epss.map { "\(String(format: "%.4f", $0.probability)) (percentile \(Int(($0.percentile * 100).rounded(.down))))" } ?? "—")"
            ),
            ("Published", "\(r.published ?? "—"), modified \(r.modified)"),
        ])
        let fixTable = DataTable(
            columns: [
                .init("Ecosystem") { "\($0.ecosystem)" }, .init("Package") { "\($0.name)" },
                .init("Introduced") { "\($0.introduced.joined(separator: ", "))" }, .init("Fixed") { "\($0.fixed.joined(separator: ", "))" },
            ], rows: fixes, link: PageLink(path: ""), empty: EmptyState("The advisory names no package."))
        let assets = DataTable(
            columns: [
                .init("Asset") { f in "<a href=\"/vulnerabilities/assets/\(f.assetID)\">\(f.assetName)</a>" },
                .init("Package") { f in "\(f.package) \(f.version)" },
                .init("Risk") { f in "<a href=\"/vulnerabilities/findings/\(f.id)\">\(String(format: "%.1f", f.risk))</a>" },
                .init("State") { f in "\(f.state.title)" },
                .init("Due") { f in VulnerabilityPages.due(f, now: now) },
            ], rows: detail.findings, link: PageLink(path: ""), empty: EmptyState("No asset has an affected package."))
        let links = references.map { ref -> Markup in
            ref.linkable
                ? "<li><a href=\"\(ref.url)\" rel=\"noreferrer\">\(ref.url)</a> <small>\(ref.type ?? "")</small></li>" : "<li>\(ref.url)</li>"
        }
        let heading: Markup = "\(r.id)\(Markup.when(r.withdrawn != nil, " " + Badge.tag("withdrawn")))"
        return """
            \(VulnerabilityPages.tabs("", canImport: canImport))
            \(Card(heading, body: "<p>\(r.summary ?? "")</p>\(facts.render())<details><summary>Details</summary><pre class=\"wrap\">\(r.details ?? "")</pre></details>").render())
            \(Card("Affected packages and fixes", body: fixTable.render()).render())
            \(Card("Assets (\(detail.findings.count))", body: assets.render()).render())
            \(Card("References", body: "<ul>\(links.joined())</ul>").render())
            """
    }
}
