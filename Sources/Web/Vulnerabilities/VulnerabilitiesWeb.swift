// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Inventory
import Hummingbird
import Vulnerabilities

/// Vulnerability management: API, pages, schemas, dashboard card.
public struct VulnerabilitiesWeb: WebArea {
    let vulnerabilities: VulnerabilityService
    let inventory: InventoryService
    let clock: any WallClock

    public init(vulnerabilities: VulnerabilityService, inventory: InventoryService, clock: any WallClock) {
        self.vulnerabilities = vulnerabilities
        self.inventory = inventory
        self.clock = clock
    }

    public func registerAPI(_ routes: APIRoutes) {
        VulnerabilitiesController(vulnerabilities: vulnerabilities, clock: clock).register(routes)
    }

    public func registerPages(_ router: Router<WebContext>) {
        VulnerabilityPages(vulnerabilities: vulnerabilities, inventory: inventory, clock: clock).register(router)
    }

    public var schemas: [String: Any] { OpenAPISchemas.vulnerabilities.merging(OpenAPISchemas.findingGroups) { a, _ in a } }

    public func setupSteps(for principal: Principal) async throws -> [SetupStep] {
        guard principal.can(.vulnerabilitiesWrite) else { return [] }
        return [
            SetupStep(
                "Import advisories",
                detail:
                    "OSV exports for your ecosystems, the CISA KEV catalog and EPSS scores (bulwark vuln db update, daily); then inventories of your assets",
                href: "/vulnerabilities/import", done: try await vulnerabilities.advisoryCount() > 0)
        ]
    }

    /// A host's or an address's asset: its open findings, riskiest first, and its installed packages.
    public func entitySections(_ entity: EntityRequest, for principal: Principal) async throws -> [Markup] {
        guard principal.can(.vulnerabilitiesRead), principal.can(.inventoryRead),
            let asset = try await EntityPage.asset(entity.type, entity.value, inventory: inventory)
        else { return [] }
        let found = try await vulnerabilities.list(FindingQuery(assetID: asset.id), page: PageRequest(limit: 10))
        let packages = try await vulnerabilities.inventory(assetID: asset.id).packages.count
        let now = clock.now()
        let rows = found.items.map { f -> Markup in
            """
            <tr><td class="numeric"><a href="/vulnerabilities/findings/\(f.id)">\(String(format: "%.1f", f.risk))</a></td>\
            <td>\(Badge.severity(f.severity))\(Markup.when(f.kev, " " + Badge.tag("KEV", tone: .danger, title: "CISA known exploited")))</td>\
            <td><a href="\(VulnerabilityPages.advisoryPath(f.vulnerabilityID))">\(f.vulnerabilityID)</a></td>\
            <td>\(f.package) <small>\(f.version)</small></td><td>\(f.applicableFix ?? "—")</td><td>\(VulnerabilityPages.due(f, now: now))</td></tr>
            """
        }
        let all = "/vulnerabilities/assets/\(asset.id)"
        let body: Markup =
            rows.isEmpty
            ? EmptyState("No open finding on \(asset.name) (\(packages) packages in its inventory).").render()
            : """
            <div class="table-scroll"><table class="list"><thead><tr><th class="numeric">Risk</th><th>Severity</th><th>Vulnerability</th>\
            <th>Package</th><th>Fixed in</th><th>Due</th></tr></thead><tbody>\(rows.joined())</tbody></table></div>
            <p><a href="\(all)">All findings, the \(packages) installed packages and the inventory imports of \(asset.name)</a></p>
            """
        return [Card("Open findings, riskiest first", id: "findings", body: body).render()]
    }

    public func dashboardCards(for principal: Principal) async throws -> [Markup] {
        var cards: [Markup] = []
        if principal.can(.vulnerabilitiesRead) {
            let counts = try await vulnerabilities.counts()
            let bars = Severity.allCases.reversed().map {
                BarChart.Bar($0.rawValue, counts.openBySeverity[$0] ?? 0, href: "/vulnerabilities?severity=\($0.rawValue)")
            }
            let sla = counts.slaCompliance.map { " SLA met by \(Int(($0 * 100).rounded()))% of recent fixes." } ?? ""
            cards.append(
                Card(
                    "Vulnerabilities",
                    body: """
                        <p class="big"><a href="/vulnerabilities">\(counts.open) open findings</a> · <a href="/vulnerabilities?overdue=true">\(counts.overdue) overdue</a></p>
                        <p><a href="/vulnerabilities?kev=true">\(counts.kev) known exploited</a>; \(counts.fixedLast30Days) fixed in the last 30 days.\(sla)</p>
                        \(BarChart(title: "Open findings by severity", bars: bars).render())
                        """
                ).render())
        }
        return cards
    }
}
