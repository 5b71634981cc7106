// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Incidents

extension AlertQueuePage {
    func render() -> Markup {
        """
        \(AlertPages.tabs("/alerts"))
        <p>\(counts.open) open (\(counts.new) new); \(counts.last24Hours) raised in the last 24 hours. <span class="muted">This page refreshes every 30 seconds while nothing is selected.</span></p>
        \(filters.render())\(Markup.when(canWrite, bulk))
        <div data-live-refresh="30">\(table.render())</div>
        """
    }

    var filters: FilterBar {
        FilterBar(
            action: "/alerts",
            controls: [
                .choice(name: "status", label: "Status", options: Self.statusChoices),
                .choice(
                    name: "severity", label: "Severity", options: [("", "any")] + Severity.allCases.reversed().map { ($0.rawValue, $0.rawValue) }),
                .text(name: "host", label: "Host", size: nil, placeholder: nil),
                .text(name: "assignee", label: "Assignee", size: nil, placeholder: nil),
                .text(name: "q", label: "Text", size: nil, placeholder: nil),
            ],
            link: link, defaults: ["status": "new,acknowledged"])
    }

    /// What can be done to the selected alerts at once.
    var bulk: Markup {
        let reasons = CloseReason.allCases.map { reason -> Markup in
            "<option value=\"\(reason.rawValue)\">\(reason.rawValue.replacingOccurrences(of: "_", with: " "))</option>"
        }
        return """
            <form id="bulk" class="filters" method="post" action="/alerts/bulk">\(Field.csrf(csrf))
            <label>Selected alerts <select name="action"><option value="take">Acknowledge and assign to me</option>\
            <option value="acknowledge">Acknowledge</option><option value="assign">Assign to me</option>
            <option value="close">Close</option>\(Markup.when(canWorkCases, "<option value=\"case\">Merge into a new case</option><option value=\"add_to_case\">Add to case #…</option>"))</select></label>
            \(Markup.when(canWorkCases, "<label>Case # <input name=\"case\" size=\"5\" inputmode=\"numeric\"></label>"))
            <label>Close reason <select name="close_reason">\(reasons.joined())</select></label>
            <button type="submit">Apply</button></form>
            """
    }

    var table: DataTable<Alert> {
        var columns: [DataTable<Alert>.Column] = []
        if canWrite {
            columns.append(
                .init("<span class=\"visually-hidden\">Select</span>") { alert in
                    "<input type=\"checkbox\" name=\"ids\" value=\"\(alert.id)\" form=\"bulk\" aria-label=\"select\">"
                })
        }
        columns += [
            .init("Severity") { Badge.severity($0.severity) },
            .init("Alert") { alert in "<a href=\"/alerts/\(alert.id)\">\(alert.title)</a><br><small>\(AlertPages.attack(alert.tags))</small>" },
            .init("Host") { alert in Pivot.render(.host, alert.host, around: Self.window(alert)) },
            .init("User") { alert in Pivot.render(.user, alert.user, around: Self.window(alert)) },
            .init("Count", numeric: true) { "\($0.count)" },
            .init("Last event") { "<span class=\"nowrap\">\(TimeAgo($0.lastEventAt, now: now).render())</span>" },
            .init("Status") { "\($0.status.rawValue)" },
            .init("Assignee") { "\($0.assignee ?? "—")" },
        ]
        return DataTable(
            columns: columns, rows: alerts, link: link, empty: EmptyState("No alerts match."),
            pager: Pager(link: link, next: next, title: "Older alerts"), classes: "list alerts")
    }

    /// The time of an alert's events, for the pivots of its values.
    static func window(_ alert: Alert) -> ClosedRange<Date> {
        min(alert.firstEventAt, alert.lastEventAt)...max(alert.firstEventAt, alert.lastEventAt)
    }
}
