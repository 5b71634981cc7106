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
