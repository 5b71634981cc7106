// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Inventory
import Hummingbird
import Incidents
import Detection
import Monitoring

/// Alerts and cases: API, pages, schemas, dashboard cards.
public struct IncidentsWeb: WebArea {
    let alerts: AlertService
    let cases: CaseService
    let events: MonitoringService
    /// The rules alerts name, for their titles.
    let detection: DetectionService
    let inventory: InventoryService
    let users: AuthService
    let clock: any WallClock

    public init(
        alerts: AlertService, cases: CaseService, events: MonitoringService, detection: DetectionService, inventory: InventoryService,
        users: AuthService, clock: any WallClock
    ) {
        self.alerts = alerts
        self.cases = cases
        self.events = events
        self.detection = detection
        self.inventory = inventory
        self.users = users
        self.clock = clock
    }

    public func registerAPI(_ routes: APIRoutes) {
        AlertsController(alerts: alerts, events: events).register(routes)
        CasesController(cases: cases, users: users, alerts: alerts, inventory: inventory).register(routes)
    }

    public func registerPages(_ router: Router<WebContext>) {
        AlertPages(alerts: alerts, events: events, cases: cases, detection: detection, clock: clock).register(router)
        CasePages(cases: cases, inventory: inventory, users: users).register(router)
    }

    /// A value's events (the fields that hold its type), the alerts and cases that name it, what intelligence says,
    /// and the inventory asset it is.
    public func entitySections(_ entity: EntityRequest, for principal: Principal) async throws -> [Markup] {
        guard principal.can(.alertsRead), principal.can(.eventsRead) else { return [] }
        let page = try await EntityPage.load(
            type: entity.type, value: entity.value, from: entity.from, to: entity.to, monitoring: events, alerts: alerts, cases: cases,
            inventory: inventory, principal: principal, now: clock.now())
        return [page.render()]
    }

    public var schemas: [String: Any] { OpenAPISchemas.alerts.merging(OpenAPISchemas.cases) { first, _ in first } }

    public func dashboardCards(for principal: Principal) async throws -> [Markup] {
        var cards: [Markup] = []
        if principal.can(.alertsRead) {
            let counts = try await alerts.counts(since: clock.now().addingTimeInterval(-86400))
            let bars = Severity.allCases.reversed().map {
                BarChart.Bar($0.rawValue, counts.openBySeverity[$0] ?? 0, href: "/alerts?severity=\($0.rawValue)")
            }
            cards.append(
                Card(
                    "Alerts",
                    body: """
                        <p class="big"><a href="/alerts">\(counts.open) open</a> · <a href="/alerts?status=new">\(counts.new) new</a></p>
                        <p>\(counts.last24Hours) raised in the last 24 hours.</p>
                        \(BarChart(title: "Open alerts by severity", bars: bars).render())
                        """
                ).render())
        }
        if principal.can(.incidentsRead) {
            let now = clock.now()
            let open = try await cases.openCases(limit: 5000)
            let breached = open.filter { $0.breachesSLA(now: now) }.count
            let regulatory = open.filter { $0.hasRegulatoryRisk(cases.settings.regulatory, now: now) }.count
            let mine = open.filter { $0.assignee == principal.username }.count
            let bars = CaseStatus.allCases.filter { $0 != .closed }.map { status in
                BarChart.Bar(status.rawValue, open.filter { $0.status == status }.count, href: "/incidents?status=\(status.rawValue)")
            }
            cards.append(
                Card(
                    "Incidents",
                    body: """
                        <p class="big"><a href="/incidents">\(open.count) open cases</a> · <a href="/incidents?assignee=\(principal.username)">\(mine) yours</a></p>
                        <p>\(Markup.when(breached > 0, "<span class=\"failure\">\(breached) past an SLA target</span>; "))\(Markup.when(regulatory > 0, "<span class=\"failure\">\(regulatory) with a notification deadline close or passed</span>; "))<a href="/incidents/metrics">MTTD, MTTA, MTTR</a></p>
                        \(BarChart(title: "Open cases by phase", bars: bars).render())
                        """
                ).render())
        }
        return cards
    }
}
