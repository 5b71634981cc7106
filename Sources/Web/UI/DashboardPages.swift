// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import Hummingbird
import Incidents
import Monitoring
import Vulnerabilities

/// The home dashboard and the pages of areas that other issues will build.
struct DashboardPages {
    /// The areas' registrars, whose cards the dashboard shows in order.
    let areas: [any WebArea]

    func register(_ router: Router<WebContext>) {
        router.get("/") { request, context in
            // Elasticsearch clients (Filebeat, Logstash, Vector) ask `GET /` for the version before they send bulk requests.
            if request.headers[.authorization] != nil && !(request.headers[.accept] ?? "").contains("text/html") {
                return try IngestController.elasticsearchInfo(context)
            }
            let principal = try context.require(.selfService)
            let page = try await DashboardPage.load(areas, principal: principal)
            return context.page(request, principal, title: "Dashboard", area: .dashboard, body: page.render())
        }
    }
}

/// The home page: each area's cards, in the areas' order of rank, then the areas the principal may open.
struct DashboardPage: Sendable {
    var cards: [Markup]
    /// The first-run checklist, while a step is left.
    var setup: [SetupStep] = []
    var areas: [(area: Area, description: String)]

    static func load(_ registrars: [any WebArea], principal: Principal) async throws -> DashboardPage {
        var cards: [Markup] = []
        let ranked = registrars.enumerated().sorted { ($0.element.dashboardRank, $0.offset) < ($1.element.dashboardRank, $1.offset) }
        var setup: [SetupStep] = []
        for registrar in ranked.map(\.element) {
            cards += try await registrar.dashboardCards(for: principal)
            setup += try await registrar.setupSteps(for: principal)
        }
        let areas = Area.allCases.filter { ![.dashboard, .inventory, .admin].contains($0) && principal.can($0.permission) }.map {
            ($0, AreaPages.plans[$0] ?? AreaPages.built[$0] ?? "")
        }
        return DashboardPage(cards: cards, setup: setup.contains { !$0.done } ? setup : [], areas: areas)
    }

    func render() -> Markup {
        let links = areas.map { item -> Markup in
            "<li><a href=\"\(item.area.path)\">\(item.area.title)</a> <span class=\"muted\">— \(item.description)</span></li>"
        }
        let steps = setup.map { step -> Markup in
            """
            <li class="\(step.done ? "done" : "todo")"><span aria-hidden="true">\(step.done ? "✓" : "○")</span> \
            <a href="\(step.href)">\(step.title)</a>\(step.done ? " <span class=\"muted\">(done)</span>" : "")<br><small>\(step.detail)</small></li>
            """
        }
        let checklist = Markup.when(
            !setup.isEmpty,
            Card(
                "Getting started (\(setup.filter(\.done).count) of \(setup.count) done)", id: "setup",
                body: "<ul class=\"setup\">\(steps.joined())</ul>"
            )
            .render())
        return "\(checklist)<div class=\"grid\">\(cards.joined())\(Card("Areas", body: "<ul class=\"areas\">\(links.joined())</ul>").render())</div>"
    }
}

/// Pages of the areas still to be built: they say so plainly, and what the area will do.
struct AreaPages {
    /// What the areas already built offer, for the dashboard.
    static let built: [Area: String] = [
        .monitoring: "search every event collected by syslog, HTTP, Elasticsearch bulk and Splunk HEC; see which sources fell silent",
        .alerts: "Sigma rules, correlations and threat-intelligence indicators run over every event; alerts triaged in a queue",
        .incidents:
            "cases from alerts with NIST phases, playbooks, tasks, observables, timeline, evidence, response actions, SLAs and regulatory clocks",
        .vulnerabilities:
            "package inventories and SBOMs matched against OSV advisories; findings ranked by CVSS, EPSS, KEV and asset criticality, tracked to closure under SLAs",
        .patching: "remediation plans: per asset and package, the smallest upgrade that fixes every open finding and carries no known advisory",
    ]

    static let plans: [Area: String] = [
        .awareness: "training courses with quizzes, and phishing simulation campaigns",
        .compliance: "PCI DSS, HIPAA and GDPR controls with evidence from every area",
        .reports: "MTTD, MTTA, MTTR, SLA compliance and trends",
    ]

    func register(_ router: Router<WebContext>) {
        for area in Area.allCases where AreaPages.plans[area] != nil {
            router.get(RouterPath(area.path)) { request, context in
                let principal = try context.require(area.permission)
                return HTML.response(
                    Layout.page(
                        title: area.title, area: area, principal: principal, csrf: context.csrf,
                        body: """
                            <section class="card"><p><strong>This area is not built yet.</strong></p>
                            <p>It will hold \(AreaPages.plans[area] ?? ""). Its data will point at the same assets and people as the rest of Bulwark.</p>
                            <p><a href="/">Back to the dashboard</a></p></section>
                            """))
            }
        }
    }
}
