// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Hummingbird
import Monitoring

/// Security monitoring: ingest endpoints, event search, sources; pages, schemas, dashboard card.
public struct MonitoringWeb: WebArea {
    let monitoring: MonitoringService
    let clock: any WallClock

    public init(monitoring: MonitoringService, clock: any WallClock) {
        self.monitoring = monitoring
        self.clock = clock
    }

    public func registerAPI(_ routes: APIRoutes) {
        IngestController(monitoring: monitoring, clock: clock).register(routes)
        EventsController(monitoring: monitoring, clock: clock).register(routes)
    }

    public func registerPages(_ router: Router<WebContext>) {
        EventPages(monitoring: monitoring, clock: clock).register(router)
    }

    public var schemas: [String: Any] { OpenAPISchemas.monitoring }

    public func setupSteps(for principal: Principal) async throws -> [SetupStep] {
        guard principal.can(.eventsRead), principal.can(.tokensOwn) else { return [] }
        return [
            SetupStep(
                "Send logs", detail: "point syslog, Beats, Fluent Bit or Vector at Bulwark with an ingest token (README, “Monitoring”)",
                href: "/account#tokens", done: !(try await monitoring.sources().isEmpty))
        ]
    }

    public func dashboardCards(for principal: Principal) async throws -> [Markup] {
        var cards: [Markup] = []
        if principal.can(.eventsRead) {
            let now = clock.now()
            let day = try await monitoring.search(try EventQuery("", from: now.addingTimeInterval(-86400)), limit: 1, cursor: nil).total
            let sources = try await monitoring.sources()
            let silent = sources.filter { $0.silentSince != nil }
            let silentList = silent.prefix(5).map { source -> Markup in
                "<li>\(source.host) (\(source.input)), last seen \(Layout.time(source.lastSeen))</li>"
            }
            cards.append(
                """
                <section class="card"><h2>Monitoring</h2><p class="big"><a href="/monitoring">\(day) events</a> in the last 24 hours</p>
                <p><a href="/monitoring/sources">\(sources.count) sources</a>\(Markup(raw: silent.isEmpty ? "; all sending." : ";")) \(Markup.when(!silent.isEmpty, "<span class=\"failure\">\(silent.count) silent</span>"))</p>
                \(Markup.when(!silent.isEmpty, "<ul>\(silentList.joined())</ul>"))</section>
                """)
        }
        return cards
    }
}
