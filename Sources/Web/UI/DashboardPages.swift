import AccessControl
import BulwarkCore
import Foundation
import Hummingbird
import Incidents
import Monitoring
import Vulnerabilities

/// The home dashboard and the pages of areas that other issues will build.
struct DashboardPages {
    let auth: AuthService
    let inventory: InventoryService
    let monitoring: MonitoringService
    let alerts: AlertService
    let vulnerabilities: VulnerabilityService
    let cases: CaseService

    func register(_ router: Router<WebContext>) {
        router.get("/") { request, context in
            // Elasticsearch clients (Filebeat, Logstash, Vector) ask `GET /` for the version before they send bulk requests.
            if request.headers[.authorization] != nil && !(request.headers[.accept] ?? "").contains("text/html") {
                return try IngestController.elasticsearchInfo(context)
            }
            let principal = try context.require(.selfService)
            var cards: [Markup] = []
            if principal.can(.inventoryRead) {
                let assets = try await inventory.assets.count()
                let people = try await inventory.people.count()
                let counts = try await inventory.assets.countByCriticality()
                let byCriticality = Criticality.allCases.reversed().map { ($0.rawValue, counts[$0] ?? 0) }
                cards.append("""
                    <section class="card"><h2>Inventory</h2><p class="big"><a href="/assets">\(assets) assets</a> · <a href="/people">\(people) people</a></p>
                    \(BarChart.render(title: "Assets by criticality", bars: byCriticality))</section>
                    """)
            }
            if principal.can(.eventsRead) {
                let now = auth.clock.now()
                let day = try await monitoring.store.search(try EventQuery("", from: now.addingTimeInterval(-86400)), limit: 1, cursor: nil).total
                let sources = try await monitoring.store.sources()
                let silent = sources.filter { $0.silentSince != nil }
                let silentList = silent.prefix(5).map { source -> Markup in "<li>\(source.host) (\(source.input)), last seen \(Layout.time(source.lastSeen))</li>" }
                cards.append("""
                    <section class="card"><h2>Monitoring</h2><p class="big"><a href="/monitoring">\(day) events</a> in the last 24 hours</p>
                    <p><a href="/monitoring/sources">\(sources.count) sources</a>\(Markup(raw: silent.isEmpty ? "; all sending." : ";")) \(Markup.when(!silent.isEmpty, "<span class=\"failure\">\(silent.count) silent</span>"))</p>
                    \(Markup.when(!silent.isEmpty, "<ul>\(silentList)</ul>"))</section>
                    """)
            }
            if principal.can(.alertsRead) {
                let counts = try await alerts.store.counts(since: auth.clock.now().addingTimeInterval(-86400))
                let bars = Severity.allCases.reversed().map { ($0.rawValue, counts.openBySeverity[$0] ?? 0) }
                cards.append("""
                    <section class="card"><h2>Alerts</h2><p class="big"><a href="/alerts">\(counts.open) open</a> · <a href="/alerts?status=new">\(counts.new) new</a></p>
                    <p>\(counts.last24Hours) raised in the last 24 hours.</p>
                    \(BarChart.render(title: "Open alerts by severity", bars: bars))</section>
                    """)
            }
            if principal.can(.incidentsRead) {
                let now = auth.clock.now()
                let open = try await cases.openCases(limit: 5000)
                let breached = open.filter { $0.breachesSLA(now: now) }.count
                let regulatory = open.filter { $0.hasRegulatoryRisk(cases.settings.regulatory, now: now) }.count
                let mine = open.filter { $0.assignee == principal.username }.count
                let bars = CaseStatus.allCases.filter { $0 != .closed }.map { status in (status.rawValue, open.filter { $0.status == status }.count) }
                cards.append("""
                    <section class="card"><h2>Incidents</h2><p class="big"><a href="/incidents">\(open.count) open cases</a> · <a href="/incidents?assignee=\(principal.username)">\(mine) yours</a></p>
                    <p>\(Markup.when(breached > 0, "<span class=\"failure\">\(breached) past an SLA target</span>; "))\(Markup.when(regulatory > 0, "<span class=\"failure\">\(regulatory) with a notification deadline close or passed</span>; "))<a href="/incidents/metrics">MTTD, MTTA, MTTR</a></p>
                    \(BarChart.render(title: "Open cases by phase", bars: bars))</section>
                    """)
            }
            if principal.can(.vulnerabilitiesRead) {
                let counts = try await vulnerabilities.counts()
                let bars = Severity.allCases.reversed().map { ($0.rawValue, counts.openBySeverity[$0] ?? 0) }
                let sla = counts.slaCompliance.map { " SLA met by \(Int(($0 * 100).rounded()))% of recent fixes." } ?? ""
                cards.append("""
                    <section class="card"><h2>Vulnerabilities</h2><p class="big"><a href="/vulnerabilities">\(counts.open) open findings</a> · <a href="/vulnerabilities?overdue=true">\(counts.overdue) overdue</a></p>
                    <p><a href="/vulnerabilities?kev=true">\(counts.kev) known exploited</a>; \(counts.fixedLast30Days) fixed in the last 30 days.\(sla)</p>
                    \(BarChart.render(title: "Open findings by severity", bars: bars))</section>
                    """)
            }
            if principal.can(.auditRead) {
                let recent = try await auth.audit.list(AuditQuery(), page: PageRequest(limit: 8))
                let rows = recent.items.map { entry -> Markup in
                    "<tr><td>\(Layout.time(entry.time))</td><td>\(entry.actor)</td><td>\(entry.action)</td><td class=\"\(entry.outcome.rawValue)\">\(entry.outcome.rawValue)</td></tr>"
                }
                cards.append("""
                    <section class="card"><h2>Recent activity</h2><table><thead><tr><th>Time</th><th>Actor</th><th>Action</th><th>Outcome</th></tr></thead>
                    <tbody>\(rows)</tbody></table><p><a href="/admin/audit">Full audit log</a></p></section>
                    """)
            }
            let areas = Area.allCases.filter { ![.dashboard, .inventory, .admin].contains($0) && principal.can($0.permission) }.map { area -> Markup in
                "<li><a href=\"\(area.path)\">\(area.title)</a> <span class=\"muted\">— \(AreaPages.plans[area] ?? AreaPages.built[area] ?? "")</span></li>"
            }
            cards.append("<section class=\"card\"><h2>Areas</h2><ul class=\"areas\">\(areas)</ul></section>")
            return HTML.response(Layout.page(title: "Dashboard", area: .dashboard, principal: principal, csrf: context.csrf,
                                             notice: request.notice, body: "<div class=\"grid\">\(cards)</div>"))
        }
    }
}

/// Pages of the areas still to be built: they say so plainly, and what the area will do.
struct AreaPages {
    /// What the areas already built offer, for the dashboard.
    static let built: [Area: String] = [
        .monitoring: "search every event collected by syslog, HTTP, Elasticsearch bulk and Splunk HEC; see which sources fell silent",
        .alerts: "Sigma rules, correlations and threat-intelligence indicators run over every event; alerts triaged in a queue",
        .incidents: "cases from alerts with NIST phases, playbooks, tasks, observables, timeline, evidence, response actions, SLAs and regulatory clocks",
        .vulnerabilities: "package inventories and SBOMs matched against OSV advisories; findings ranked by CVSS, EPSS, KEV and asset criticality, tracked to closure under SLAs",
    ]

    static let plans: [Area: String] = [
        .patching: "remediation plans, approvals, patch jobs and verification",
        .access: "accounts on managed systems: orphaned, dormant and privileged accounts, access reviews",
        .awareness: "training courses with quizzes, and phishing simulation campaigns",
        .compliance: "PCI DSS, HIPAA and GDPR controls with evidence from every area",
        .reports: "MTTD, MTTA, MTTR, SLA compliance and trends",
    ]

    func register(_ router: Router<WebContext>) {
        for area in Area.allCases where AreaPages.plans[area] != nil {
            router.get(RouterPath(area.path)) { request, context in
                let principal = try context.require(area.permission)
                return HTML.response(Layout.page(title: area.title, area: area, principal: principal, csrf: context.csrf, body: """
                    <section class="card"><p><strong>This area is not built yet.</strong></p>
                    <p>It will hold \(AreaPages.plans[area] ?? ""). Its data will point at the same assets and people as the rest of Bulwark.</p>
                    <p><a href="/">Back to the dashboard</a></p></section>
                    """))
            }
        }
    }
}

/// Horizontal bar charts as inline SVG, drawn on the server (no script, allowed by the CSP).
enum BarChart {
    static func render(title: String, bars: [(String, Int)]) -> Markup {
        let maximum = max(1, bars.map(\.1).max() ?? 1)
        let rowHeight = 22
        let rows = bars.enumerated().map { index, bar -> Markup in
            let y = index * rowHeight
            let width = Int(Double(bar.1) / Double(maximum) * 220)
            return """
                <text x="0" y="\(y + 15)" class="label">\(bar.0)</text><rect x="80" y="\(y + 4)" width="\(max(width, 1))" height="14" class="bar bar-\(bar.0)"></rect>\
                <text x="\(86 + width)" y="\(y + 15)" class="value">\(bar.1)</text>
                """
        }
        return """
            <figure><svg role="img" aria-label="\(title)" viewBox="0 0 340 \(bars.count * rowHeight)" class="chart">\(rows)</svg>
            <figcaption>\(title)</figcaption></figure>
            """
    }
}
