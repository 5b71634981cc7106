// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Incidents

extension AlertPage {
    func render() -> Markup {
        let reasonTitle = { (reason: CloseReason) in reason.rawValue.replacingOccurrences(of: "_", with: " ") }
        let rule: Markup =
            alert.ruleID.map { id in
                id.hasPrefix("intel:")
                    ? "<a href=\"\(ruleLink ?? "")\">threat intelligence: \(alert.context["indicator"] ?? id)</a>"
                    : "<a href=\"\(ruleLink ?? "")\">\(ruleTitle ?? "rule \(id) (not loaded now)")</a> <small class=\"muted\">\(id)</small>"
            } ?? "—"
        let host: Markup =
            alert.host.isEmpty
            ? "—"
            : "\(Pivot.render(.host, alert.host, around: window)) <a href=\"\(hostSearch)\">events from this host</a>"
                + (alert.assetID.map { " · <a href=\"/assets/\($0)\">inventory asset</a>" } ?? "")
        let similarLink = PageLink(path: "/alerts", parameters: [("rule_id", alert.ruleID ?? "")]).href
        var rows: [(term: String, value: Markup?)] = [
            ("Severity", Badge.severity(alert.severity)),
            ("Status", "\(alert.status.rawValue)\(alert.closeReason.map { " (\(reasonTitle($0)))" } ?? "")"),
            ("Source", "\(alert.source.rawValue)"), ("Rule", rule), ("ATT&CK", AlertPages.attack(alert.tags)), ("Host", host),
            ("User", alert.user.isEmpty ? "—" : Pivot.render(.user, alert.user, around: window)),
            ("Matches", "\(alert.count) from \(Layout.time(alert.firstEventAt)) to \(Layout.time(alert.lastEventAt))"),
            (
                "Similar alerts",
                similar == 0
                    ? "none open"
                    : "<a href=\"\(similarLink)\">\(similar) other open alert\(similar == 1 ? "" : "s") of this rule</a>"
            ),
            ("Raised", "\(Layout.time(alert.createdAt))"),
            ("Acknowledged", "\(Layout.time(alert.acknowledgedAt))\(alert.acknowledgedBy.map { " by \($0)" } ?? "")"),
            ("Closed", "\(Layout.time(alert.closedAt))\(alert.closedBy.map { " by \($0)" } ?? "")"),
            ("Assignee", "\(alert.assignee ?? "—")"),
        ]
        rows += alert.context.sorted { $0.key < $1.key }.map { ($0.key, "\($0.value)") }
        let buttons = actions.map { step -> Markup in
            ConfirmForm(action: "/alerts/\(alert.id)", csrf: csrf, label: step.label, fields: [("action", step.name)], secondary: true).render() + " "
        }
        let closeForm = Markup.when(
            canWrite && alert.status != .closed,
            """
            <form method="post" action="/alerts/\(alert.id)" class="filters">\(Field.csrf(csrf))<input type="hidden" name="action" value="close">
            <label>Close as \
            <select name="close_reason">\(CloseReason.allCases.map { reason -> Markup in "<option value=\"\(reason.rawValue)\">\(reasonTitle(reason))</option>" }.joined())</select></label>
            <button type="submit">Close</button></form>
            """)
        let suppress = Markup.when(canWrite && alert.ruleID != nil, "<p><a href=\"\(suppressLink)\">Suppress alerts like this…</a></p>")
        let eventRows = events.map { item -> Markup in
            guard let stored = item.stored else {
                return "<tr><td colspan=\"3\" class=\"muted\">Event \(Int(item.id)) is no longer stored (retention).</td></tr>"
            }
            let fields = stored.event.fields.sorted { $0.key < $1.key }.prefix(80).map { key, value -> Markup in
                let cell = EntityPage.type(ofField: key).map { Pivot.render($0, value.text, around: window) } ?? "\(value.text)"
                return "<tr><th scope=\"row\">\(key)</th><td>\(cell)</td></tr>"
            }
            return """
                <tr><td>\(Layout.time(stored.event.timestamp))</td><td>\(Pivot.render(.host, stored.event.host, around: window))</td>
                <td><details><summary>\(stored.event.summary)</summary><table class="fields"><tbody>\(fields.joined())</tbody></table>
                <p class="muted">Raw (event \(String(stored.id)))</p><pre class="raw">\(stored.event.raw)</pre></details></td></tr>
                """
        }
        let commentItems = comments.map { comment -> Markup in
            "<li><strong>\(comment.author)</strong> <span class=\"muted\">\(Layout.time(comment.createdAt))</span><p>\(comment.text)</p></li>"
        }
        let commentForm = Markup.when(
            canWrite,
            "<form method=\"post\" action=\"/alerts/\(alert.id)\">\(Field.csrf(csrf))<input type=\"hidden\" name=\"action\" value=\"comment\"><label for=\"f-comment\">Comment</label><textarea id=\"f-comment\" name=\"comment\" rows=\"3\" required></textarea><button type=\"submit\">Add comment</button></form>"
        )
        return """
            \(AlertPages.tabs(""))
            <section class="card">\(DefinitionList(rows).render())
            \(Markup.when(!alert.description.isEmpty, "<p>\(alert.description)</p>"))
            <p>\(buttons.joined())</p>\(closeForm)
            \(suppress)
            \(caseSection)
            </section>
            <section class="card"><h2>Matched events</h2>
            <div class="table-scroll"><table class="list matched-events"><thead><tr><th>Time</th><th>Host</th><th>Event</th></tr></thead>\
            <tbody>\(eventRows.joined())</tbody></table></div>
            \(Markup.when(alert.eventIDs.count > Self.eventsShown, "<p class=\"muted\">The first \(Self.eventsShown) of \(alert.eventIDs.count) kept events are shown.</p>"))</section>
            <section class="card"><h2>Comments</h2><ul class="comments">\(commentItems.joined())</ul>
            \(commentForm)
            </section>
            """
    }

    /// The cases holding the alert, and (for those who work cases) opening one from it or adding it to one.
    var caseSection: Markup {
        guard let cases else { return "" }
        let links = cases.map { "<a href=\"/incidents/\($0.id)\">\($0.reference) \($0.title)</a> (\($0.status.rawValue)) " as Markup }
        let forms = Markup.when(
            principal.can(.incidentsWrite),
            """
            <p><a class="button" href="/incidents/new?alert_ids=\(alert.id)">Open case</a></p>
            <form method="post" action="/alerts/bulk" class="filters">\(Field.csrf(csrf))<input type="hidden" name="ids" value="\(alert.id)"><input type="hidden" name="action" value="add_to_case">
            <label>Add to case # <input name="case" size="5" inputmode="numeric" required></label><button type="submit" class="secondary">Add</button></form>
            """)
        let matched = matches.map { match -> Markup in
            let add = Markup.when(
                canWrite,
                ConfirmForm(
                    action: "/alerts/bulk", csrf: csrf, label: "Add to case \(match.item.reference)",
                    fields: [("ids", alert.id), ("action", "add_to_case"), ("case", String(match.item.number))], secondary: true
                ).render())
            return """
                <li><code>\(match.candidate.value)\
                </code> (\(match.candidate.type.rawValue)) is \(match.ioc ? "an IOC" : "an observable") of open case \
                <a href="/incidents/\(match.item.id)">\(match.item.reference) \(match.item.title)</a> (\(match.item.status.rawValue)) \(add)</li>
                """
        }
        let suggestions = Markup.when(
            !matched.isEmpty, "<div class=\"notice case-matches\"><p><strong>Seen in open cases</strong></p><ul>\(matched.joined())</ul></div>")
        return "<h3>Cases</h3>\(suggestions)<p>\(links.joined())\(Markup.when(cases.isEmpty, "<span class=\"muted\">In no case.</span>"))</p>\(forms)"
    }
}
