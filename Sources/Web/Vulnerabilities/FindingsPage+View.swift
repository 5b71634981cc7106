// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Inventory
import Vulnerabilities

extension FindingsPage {
    func render() -> Markup {
        """
        \(VulnerabilityPages.tabs("/vulnerabilities", canImport: canWrite))
        <p>\(counts.open) open findings (\(openSummary)); <strong>\(counts.overdue) overdue</strong>; \(counts.kev) known exploited; \(counts.fixedLast30Days) fixed in the last 30 days.\(slaSentence)
        Sorted by risk: CVSS × likelihood of exploitation (KEV, EPSS) × the asset's criticality and exposure. Export:
        <a href="\(export("csv"))">CSV</a>, <a href="\(export("json"))">JSON</a>.</p>
        \(filters.render())\(groupSwitch)\
        \(Markup.when(canWrite && groups == nil, bulkForm))
        \(groups.map { groupTable($0).render() } ?? table.render())
        """
    }

    var bulkForm: Markup {
        VulnerabilityPages.stateForm(action: "/vulnerabilities/bulk", csrf: csrf, canAccept: canAccept, formID: "bulk")
    }

    var filters: FilterBar {
        let any = ("", "any")
        let open = "open,in_remediation"
        let every = (FindingState.allCases.map(\.rawValue)).joined(separator: ",")
        return FilterBar(
            action: "/vulnerabilities",
            controls: [
                .choice(name: "severity", label: "Severity", options: [any] + Severity.allCases.reversed().map { ($0.rawValue, $0.rawValue) }),
                .choice(
                    name: "state", label: "State",
                    options: [(open, open)] + FindingState.allCases.map { ($0.rawValue, $0.rawValue) } + [(every, "all")]),
                .choice(name: "kev", label: "KEV", options: [any, ("true", "yes"), ("false", "no")]),
                .choice(name: "overdue", label: "Overdue", options: [any, ("true", "yes"), ("false", "no")]),
                .choice(
                    name: "criticality", label: "Asset criticality",
                    options: [any] + Criticality.allCases.reversed().map { ($0.rawValue, $0.rawValue) }),
                .choice(name: "internet_facing", label: "Internet-facing", options: [any, ("true", "yes"), ("false", "no")]),
                .text(name: "environment", label: "Environment", size: 10, placeholder: "production"),
                .text(name: "owner", label: "Owner", size: 14, placeholder: nil),
                .text(name: "ecosystem", label: "Ecosystem", size: 10, placeholder: nil),
                .text(name: "vulnerability", label: "Vulnerability", size: 14, placeholder: "CVE or OSV id"),
                .text(name: "source_package", label: "Source package", size: 12, placeholder: nil),
                .text(name: "asset_id", label: "Asset id", size: 10, placeholder: nil),
                .text(name: "q", label: "Text", size: nil, placeholder: nil),
            ],
            link: link, defaults: ["state": open])
    }

    var table: DataTable<Finding> {
        var columns: [DataTable<Finding>.Column] = []
        if canWrite {
            columns.append(
                .init("<span class=\"visually-hidden\">Select</span>") { f in
                    "<input type=\"checkbox\" name=\"ids\" value=\"\(f.id)\" form=\"bulk\" aria-label=\"select\">"
                })
        }
        columns += [
            .init("Risk", numeric: true) { f in
                "<a href=\"/vulnerabilities/findings/\(f.id)\" title=\"\(f.reasons.first ?? "")\">\(String(format: "%.1f", f.risk))</a>"
            },
            .init("Severity") { f in
                Badge.severity(f.severity) + Markup.when(f.kev, " " + Badge.tag("KEV", tone: .danger, title: "CISA known exploited"))
            },
            .init("Vulnerability") { f in
                "<a href=\"\(VulnerabilityPages.advisoryPath(f.vulnerabilityID))\">\(f.vulnerabilityID)</a><br><small>\(f.aliases.filter { $0.hasPrefix("CVE-") }.prefix(2).joined(separator: " "))</small>"
            },
            .init("Package") { f in "\(f.package) <small>\(f.version)</small><br><small class=\"muted\">\(f.ecosystem)</small>" },
            .init("Asset") { f in
                let asset = assets[f.assetID]
                let exposure: Markup =
                    asset.map { asset in
                        Badge.tag(asset.criticality.rawValue)
                            + Markup.when(asset.internetFacing, " " + Badge.tag("internet", tone: .danger, title: "internet-facing"))
                            + "<br><small class=\"muted\">\(asset.environment)\(asset.owner.isEmpty ? "" : " · \(asset.owner)")</small>"
                    } ?? ""
                let page = "/vulnerabilities/assets/\(f.assetID)"
                let name = Pivot.menu(.host, f.assetName, valueLink: page) ?? "<a href=\"\(page)\">\(f.assetName)</a>"
                return "\(name) \(exposure)"
            },
            .init("Fixed in") { f in "\(f.applicableFix ?? (f.fixedVersions.isEmpty ? "—" : "none above \(f.version)"))" },
            .init("SSVC") { f in "\(f.decision.rawValue)" },
            .init("State") { f in "\(f.state.title)" },
            .init("Due") { f in VulnerabilityPages.due(f, now: now) },
        ]
        return DataTable(
            columns: columns, rows: findings, link: link,
            empty: EmptyState(
                canWrite ? "No findings match. Import an inventory for an asset and advisories under" : "No findings match.",
                action: canWrite ? ("/vulnerabilities/import", "Import.") : nil),
            pager: Pager(link: link, next: next, title: "Lower risk"), classes: "list findings")
    }

    /// One list or the same findings folded: by vulnerability, or by the source package one fix upgrades.
    var groupSwitch: Markup {
        let base = link.without(["cursor", "group"])
        let choices: [(FindingGrouping?, String)] = [(nil, "Each finding"), (.vulnerability, "By vulnerability"), (.package, "By source package")]
        let links = choices.map { choice, title -> Markup in
            let href = choice.map { base.with("group", $0.rawValue).href } ?? base.href
            return "<li><a href=\"\(href)\"\(Markup.when(choice == grouping, " aria-current=\"page\""))>\(title)</a></li>"
        }
        return "<nav aria-label=\"Group the findings\" class=\"group-switch\"><ul class=\"tabs\">\(links.joined())</ul></nav>"
    }

    func groupTable(_ groups: [FindingGroup]) -> DataTable<FindingGroup> {
        let byPackage = grouping == .package
        var columns: [DataTable<FindingGroup>.Column] = [
            .init("Worst risk", numeric: true) { g in "\(String(format: "%.1f", g.maximumRisk))" },
            .init("Severity") { g in
                Badge.severity(g.severity) + Markup.when(g.kev > 0, " " + Badge.tag("KEV", tone: .danger, title: "\(g.kev) known exploited"))
            },
        ]
        if byPackage {
            columns.append(
                .init("Source package") { g in
                    "<strong>\(g.key)</strong><br><small class=\"muted\">\(g.ecosystem ?? "")</small>"
                })
            columns.append(.init("Vulnerabilities", numeric: true) { g in "\(g.vulnerabilities)" })
        } else {
            columns.append(.init("Vulnerability") { g in "<a href=\"\(VulnerabilityPages.advisoryPath(g.key))\">\(g.key)</a>" })
        }
        columns += [
            .init("Installed packages") { g in "\(g.packages.prefix(8).joined(separator: ", "))\(g.packages.count > 8 ? " …" : "")" },
            .init("Assets", numeric: true) { g in "\(g.assets)" },
            .init("Findings", numeric: true) { g in "<a href=\"\(findingsLink(g))\">\(g.findings)</a>" },
            .init("Risk removed", numeric: true) { g in "\(String(format: "%.1f", g.totalRisk))" },
            .init("Overdue", numeric: true) { g in g.overdue > 0 ? "<span class=\"overdue\">\(g.overdue)</span>" : "0" },
            .init("First due") { g in "<span class=\"nowrap\">\(Layout.time(g.earliestDue))</span>" },
        ]
        return DataTable(
            columns: columns, rows: groups, link: link, empty: EmptyState("No findings match."),
            pager: Pager(link: link, next: next, title: "More groups"), classes: "list finding-groups")
    }
}
