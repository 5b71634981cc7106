// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import Incidents

/// The case list: the cases of a query with their most pressing clock, the principal's saved views.
struct CaseListPage: Sendable {
    var cases: [Case]
    var next: String?
    var views: [CaseView]
    var regulatory: RegulatorySettings
    var link: PageLink
    var canWrite: Bool
    var csrf: String
    var now: Date

    static func load(_ service: CaseService, query: CaseQuery, page: PageRequest, link: PageLink, principal: Principal, csrf: String) async throws
        -> CaseListPage
    {
        let found = try await service.listCases(query, page: page)
        return CaseListPage(
            cases: found.items, next: found.next, views: try await service.views(owner: principal.username), regulatory: service.settings.regulatory,
            link: link, canWrite: principal.can(.incidentsWrite), csrf: csrf, now: service.clock.now())
    }

    /// The running clock (SLA or notification deadline) closest to its end, if any.
    func worstClock(_ item: Case) -> CaseClock? {
        let clocks =
            item.slaClocks(now: now).filter { $0.stoppedAt == nil } + item.regulatoryClocks(regulatory, now: now).filter { $0.stoppedAt == nil }
        return clocks.min { $0.remaining < $1.remaining }
    }

    /// The filters of the page as a saved view stores them (without paging).
    var savedQuery: String { String(link.without(["cursor"]).href.drop { $0 != "?" }.dropFirst()) }

    static let statusChoices: [(value: String, title: String)] =
        [("", "open")] + CaseStatus.allCases.map { ($0.rawValue, $0.rawValue) } + [
            (CaseStatus.allCases.map(\.rawValue).joined(separator: ","), "all")
        ]
}

/// A new case, by hand or from the alerts chosen in the queue.
struct NewCasePage: Sendable {
    var alerts: [Alert]
    var playbooks: [Playbook]
    var csrf: String

    static func load(_ service: CaseService, alertIDs: [String], csrf: String) async throws -> NewCasePage {
        var alerts: [Alert] = []
        for id in alertIDs.prefix(500) {
            if let alert = try await service.alerts.findAlert(id: id) { alerts.append(alert) }
        }
        return NewCasePage(alerts: alerts, playbooks: service.playbooks.sorted, csrf: csrf)
    }
}

/// MTTD, MTTA, MTTR and SLA figures of the cases detected in a period, by severity and by week or month.
struct CaseMetricsPage: Sendable {
    var metrics: IncidentMetrics
    var from: Date
    var to: Date
    var interval: IncidentMetrics.Interval
    var sla: CaseSLAPolicy

    static func load(_ service: CaseService, from: Date, to: Date, interval: IncidentMetrics.Interval) async throws -> CaseMetricsPage {
        CaseMetricsPage(
            metrics: try await service.metrics(from: from, to: to, interval: interval), from: from, to: to, interval: interval,
            sla: service.settings.sla)
    }
}

/// The playbooks: bundled and the team's own, with the files that could not be read.
struct PlaybooksPage: Sendable {
    var playbooks: [Playbook]
    var errors: [String]

    static func load(_ service: CaseService) -> PlaybooksPage {
        PlaybooksPage(playbooks: service.playbooks.sorted, errors: service.playbooks.errors.map(\.description))
    }
}
