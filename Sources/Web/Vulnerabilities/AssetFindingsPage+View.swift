// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Vulnerabilities

extension AssetFindingsPage {
    func render() -> Markup {
        let here = PageLink(path: "/vulnerabilities/assets/\(asset.id)")
        let findingTable = DataTable(
            columns: [
                .init("Risk", numeric: true) { f in "<a href=\"/vulnerabilities/findings/\(f.id)\">\(String(format: "%.1f", f.risk))</a>" },
                .init("Severity") { f in Badge.severity(f.severity) },
                .init("Vulnerability") { f in "\(f.vulnerabilityID)" },
                .init("Package") { f in "\(f.package) \(f.version)" },
                .init("Fixed in") { f in "\(f.applicableFix ?? (f.fixedVersions.isEmpty ? "—" : "none above \(f.version)"))" },
                .init("State") { f in "\(f.state.title)" },
                .init("Due") { f in VulnerabilityPages.due(f, now: now) },
            ], rows: findings, link: here, empty: EmptyState("No findings on this asset."))
        let changeTable = DataTable(
            columns: [
                .init("When") { c in "\(Layout.time(c.importedAt))" },
                .init("Source") { c in "\(c.source) (\(c.format.title))" },
                .init("By") { c in "\(c.importedBy)" },
                .init("Packages", numeric: true) { c in "\(c.packages)" },
                .init("Changes") { c in
                    "+\(c.added.count) −\(c.removed.count) ~\(c.changed.count)<br><small>\(c.changed.prefix(5).joined(separator: "; "))</small>"
                },
                .init("Findings") { c in "new \(c.newFindings), fixed \(c.fixedFindings), reopened \(c.reopenedFindings)" },
            ], rows: changes, link: here, empty: EmptyState("No inventory imported yet."))
        let packageTable = DataTable(
            columns: [
                .init("Name") { p in "\(p.package.name)" }, .init("Version") { p in "\(p.package.version)" },
                .init("Ecosystem") { p in "\(p.package.ecosystem)" }, .init("Source") { p in "\(p.source)" },
                .init("purl") { p in "<small><code>\(p.package.purl)</code></small>" },
            ], rows: Array(packages.prefix(Self.packagesShown)), link: here, empty: EmptyState("No packages."))
        let importLink = Markup.when(canImport, "<a href=\"/vulnerabilities/import?asset_id=\(asset.id)\">Import an inventory</a>")
        return """
            \(VulnerabilityPages.tabs("", canImport: canImport))
            <p>Asset <a href="/assets/\(asset.id)">\(asset.name)</a>: \(asset.criticality.rawValue) criticality\
            \(asset.internetFacing ? ", internet-facing" : ""), \(asset.environment). \(importLink) \
            <a href="/patching?asset_id=\(asset.id)">Its remediation plan</a>.</p>
            \(Card("Findings (\(findings.count))", body: findingTable.render()).render())
            \(Card("Inventory imports", body: changeTable.render()).render())
            \(Card("Packages (\(packages.count))", body: packageTable.render()).render())
            """
    }
}
