// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import Incidents
import Detection
import Monitoring

/// One alert: its facts, the events it matched, its comments, the cases holding it, and what the principal may do.
struct AlertPage: Sendable {
    var alert: Alert
    var comments: [AlertComment]
    /// The first ``eventsShown`` kept events, by id; nil where retention has removed the event.
    var events: [(id: Int64, stored: StoredEvent?)]
    /// The cases holding the alert; nil when the principal may not read cases.
    var cases: [Case]?
    /// Open cases that already hold one of the alert's values (IOCs first); empty when the principal may not read cases.
    var matches: [CaseMatch] = []
    /// Other open alerts of the same rule.
    var similar = 0
    /// The title of the rule that raised it, while the rule is loaded.
    var ruleTitle: String?
    var principal: Principal
    var csrf: String

    static let eventsShown = 20

    static func load(
        _ alerts: AlertService, events: MonitoringService, cases: CaseService, detection: DetectionService, id: String, principal: Principal,
        csrf: String
    ) async throws -> AlertPage {
        let alert = try await alerts.alert(id: id)
        var matched: [(id: Int64, stored: StoredEvent?)] = []
        for eventID in alert.eventIDs.prefix(Self.eventsShown) { matched.append((eventID, try await events.event(id: eventID))) }
        let holding =
            principal.can(.incidentsRead)
            ? try await cases.listCases(CaseQuery(statuses: CaseStatus.allCases, alertID: alert.id), page: PageRequest(limit: 20)).items : nil
        var ruleTitle: String?
        if let ruleID = alert.ruleID, !ruleID.hasPrefix("intel:") { ruleTitle = await detection.rule(id: ruleID)?.rule.title }
        var similar = 0
        if let ruleID = alert.ruleID {
            let open = try await alerts.countAlerts(AlertQuery(statuses: [.new, .acknowledged], ruleID: ruleID))
            similar = open - (alert.status == .closed ? 0 : 1)
        }
        return AlertPage(
            alert: alert, comments: try await alerts.comments(alertID: alert.id), events: matched, cases: holding,
            matches: principal.can(.incidentsRead) ? try await cases.matchingCases(for: alert) : [], similar: similar, ruleTitle: ruleTitle,
            principal: principal, csrf: csrf)
    }

    var canWrite: Bool { principal.can(.alertsWrite) }

    /// The alert's time, for pivots to the events around it.
    var window: ClosedRange<Date> { AlertQueuePage.window(alert) }

    /// The one-click workflow steps that apply now, as (action, label).
    var actions: [(name: String, label: String)] {
        guard canWrite else { return [] }
        var steps: [(String, String)] = []
        if alert.status == .new && alert.assignee != principal.username { steps.append(("take", "Acknowledge and assign to me")) }
        if alert.status == .new { steps.append(("acknowledge", "Acknowledge")) }
        if alert.assignee != principal.username { steps.append(("assign", "Assign to me")) }
        if alert.status == .closed { steps.append(("reopen", "Reopen")) }
        return steps
    }

    /// Where the rule that raised the alert is described: the indicator for threat intelligence, the rule otherwise.
    var ruleLink: String? {
        alert.ruleID.map { id in
            id.hasPrefix("intel:")
                ? PageLink(path: "/intel", parameters: [("q", alert.context["indicator"] ?? "")]).href
                : "/detection/rules/" + (id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? id)
        }
    }

    /// The host's events in the alert's window, with the pivots' margin on each side.
    var hostSearch: String {
        PageLink(
            path: "/monitoring",
            parameters: [
                ("q", "host.name:" + QueryParser.quoted(alert.host)), ("range", "custom"),
                ("from", Timestamp.format(window.lowerBound.addingTimeInterval(-Pivot.margin))),
                ("to", Timestamp.format(window.upperBound.addingTimeInterval(Pivot.margin))),
            ]
        ).href
    }

    /// The suppression form, filled with this alert's rule and host.
    var suppressLink: String {
        PageLink(path: "/alerts/suppressions", parameters: [("rule_id", alert.ruleID ?? ""), ("host", alert.host)]).href
    }
}
