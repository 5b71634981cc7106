// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Incidents

extension CaseListPage {
    func render() -> Markup {
        let rows = cases.map { item -> Markup in
            """
            <tr data-href="/incidents/\(item.id)"><td class="number">\(item.reference)</td><td>\(Badge.severity(item.severity))</td>
            <td><a href="/incidents/\(item.id)">\(item.title)</a><br><small>\(item.tags.map { Badge.tag($0) + " " }.joined())</small></td>
            <td>\(item.status.rawValue)</td><td>\(item.assignee ?? "—")</td><td>\(worstClock(item).map(CasePages.clockBadge) ?? "—")</td>
            <td class="number">\(item.alertIDs.count)</td><td class="nowrap">\(TimeAgo(item.updatedAt, now: now).render())</td></tr>
            """
        }
        let filters = FilterBar(
            action: "/incidents",
            controls: [
                .choice(name: "status", label: "Status", options: Self.statusChoices),
                .choice(
                    name: "severity", label: "Severity", options: [("", "any")] + Severity.allCases.reversed().map { ($0.rawValue, $0.rawValue) }),
                .text(name: "assignee", label: "Assignee", size: nil, placeholder: nil),
                .text(name: "tag", label: "Tag", size: nil, placeholder: nil),
                .text(name: "q", label: "Text", size: nil, placeholder: nil),
            ], link: link)
        let viewLinks = views.map { view -> Markup in
            """
            <li><a href="/incidents?\(view.query)">\(view.name)</a> <form method="post" action="/incidents/views/\(view.id)/delete" class="inline">\(Field.csrf(csrf))<button class="link danger" aria-label="Delete view \(view.name)">×</button></form></li>
            """
        }
        let saveView: Markup = """
            <form method="post" action="/incidents/views" class="filters">\(Field.csrf(csrf))<input type="hidden" name="query" value="\(savedQuery)">
            <label>Save these filters as <input name="name" required maxlength="100"></label><button type="submit" class="secondary">Save view</button></form>
            """
        let newCase = Markup.when(
            canWrite,
            "<p><a class=\"button\" href=\"/incidents/new\" accesskey=\"n\" data-shortcut=\"c\" aria-keyshortcuts=\"c\">New case</a> <span class=\"muted\">Keys: <kbd>c</kbd> new case, <kbd>/</kbd> search, <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>Enter</kbd> open.</span></p>"
        )
        let table: Markup =
            cases.isEmpty
            ? EmptyState("No cases match.").render()
            : """
            <table class="list cases" data-keyboard-list><thead><tr><th>#</th><th>Severity</th><th>Case</th><th>Status</th><th>Assignee</th><th>Clock</th><th>Alerts</th><th>Updated</th></tr></thead>
            <tbody>\(rows.joined())</tbody></table>
            """
        return """
            \(CasePages.tabs("/incidents"))
            \(newCase)
            \(Markup.when(!views.isEmpty, "<nav aria-label=\"Saved views\"><ul class=\"tabs\">\(viewLinks.joined())</ul></nav>"))
            \(filters.render())\(saveView)
            \(table)\(Pager(link: link, next: next, title: "Older cases").render())
            """
    }
}

extension NewCasePage {
    func render() -> Markup {
        let items = alerts.map { alert -> Markup in
            "<li>\(Badge.severity(alert.severity)) <a href=\"/alerts/\(alert.id)\">\(alert.title)</a> \(alert.host) \(alert.user)</li>"
        }
        let choices = [("", "none")] + playbooks.map { ($0.id, $0.name) }
        return """
            \(CasePages.tabs(""))
            <section class="card"><form method="post" action="/incidents">\(Field.csrf(csrf))
            <input type="hidden" name="alert_ids" value="\(alerts.map(\.id).joined(separator: ","))">
            \(Markup.when(!items.isEmpty, "<p>From \(items.count) alert\(items.count == 1 ? "" : "s") (they will be acknowledged):</p><ul>\(items.joined())</ul>"))
            \(Field.text("title", "Title", value: alerts.first?.title ?? "", required: true))
            <label for="f-severity">Severity</label><select id="f-severity" name="severity">\
            <option value="">\(alerts.isEmpty ? "medium" : "highest of the alerts")\
            </option>\(Severity.allCases.reversed().map { "<option value=\"\($0.rawValue)\">\($0.rawValue)</option>" as Markup }.joined())</select>
            <label for="f-description">Description <small>(Markdown)</small></label><textarea id="f-description" name="description" rows="5"></textarea>
            \(Field.select("tlp", "TLP", options: TLP.allCases.map(\.rawValue), selected: "amber"))\(Field.select("pap", "PAP", options: PAP.allCases.map(\.rawValue), selected: "amber"))
            \(Field.text("tags", "Tags", hint: "comma-separated"))
            <label for="f-playbook">Playbook</label>\
            <select id="f-playbook" name="playbook">\(choices.map { "<option value=\"\($0.0)\">\($0.1)</option>" as Markup }.joined())</select>
            \(Field.checkbox("assign_me", "Assign to me", checked: true))
            <button type="submit">Open case</button></form></section>
            """
    }
}

extension CaseMetricsPage {
    func render() -> Markup {
        func duration(_ seconds: Double?) -> String { seconds.map { CaseSLAPolicy.describe($0) } ?? "—" }
        func median(_ seconds: Double?) -> Markup { seconds.map { " <small>(median \(CaseSLAPolicy.describe($0)))</small>" as Markup } ?? "" }
        func percent(_ share: Double?) -> String { share.map { "\(Int(($0 * 100).rounded()))%" } ?? "—" }
        func row(_ title: String, _ figures: IncidentMetrics.Figures) -> Markup {
            """
            <tr><th>\(title)</th><td class="number">\(figures.cases)</td><td class="number">\(figures.closed)</td>
            <td>\(duration(figures.meanTimeToDetect))\(median(figures.medianTimeToDetect))</td>
            <td>\(duration(figures.meanTimeToAcknowledge))\(median(figures.medianTimeToAcknowledge))</td>
            <td>\(duration(figures.meanTimeToResolve))\(median(figures.medianTimeToResolve))</td>
            <td>\(percent(figures.acknowledgeSLAMet))</td><td>\(percent(figures.resolveSLAMet))</td><td class="number">\(figures.slaBreachesOpen)</td></tr>
            """
        }
        let header: Markup =
            "<thead><tr><th></th><th>Cases</th><th>Closed</th><th>MTTD</th><th>MTTA</th><th>MTTR</th><th>Ack SLA met</th><th>Resolve SLA met</th><th>Open breaches</th></tr></thead>"
        let severityRows = [row("All", metrics.all)] + Severity.allCases.reversed().map { row($0.rawValue, metrics.bySeverity[$0]!) }
        let periodRows = metrics.periods.reversed().map { row(Timestamp.format($0.start).prefix(10) + "", $0.figures) }
        let targets = Severity.allCases.reversed().map { severity -> Markup in
            "<tr><th>\(severity.rawValue)</th><td>\(sla.acknowledge[severity].map(CaseSLAPolicy.describe) ?? "—")</td><td>\(sla.resolve[severity].map(CaseSLAPolicy.describe) ?? "—")</td></tr>"
        }
        let trend = LineChart(
            title: "Mean time to acknowledge and to resolve, hours",
            labels: metrics.periods.map { String(Timestamp.format($0.start).prefix(10)) },
            series: [
                .init("MTTA", metrics.periods.map { $0.figures.meanTimeToAcknowledge.map { $0 / 3600 } }),
                .init("MTTR", metrics.periods.map { $0.figures.meanTimeToResolve.map { $0 / 3600 } }),
            ])
        let api = PageLink(
            path: "/api/v1/metrics/incidents",
            parameters: [("from", Timestamp.format(from)), ("to", Timestamp.format(to)), ("interval", interval.rawValue)])
        return """
            \(CasePages.tabs("/incidents/metrics"))
            <form class="filters" method="get" action="/incidents/metrics">
            <label>From <input type="date" name="from" value="\(String(Timestamp.format(from).prefix(10)))"></label>
            <label>To <input type="date" name="to" value="\(String(Timestamp.format(to.addingTimeInterval(-1)).prefix(10)))"></label>
            \(Field.select("interval", "By", options: IncidentMetrics.Interval.allCases.map(\.rawValue), selected: interval.rawValue))<button type="submit">Show</button></form>
            <p class="muted">Cases detected in the period. MTTD: first event → detection; MTTA: detection → acknowledged; MTTR: detection → resolved. Merged cases are left out.</p>
            \(Card("By severity", body: "<table class=\"list\">\(header)<tbody>\(severityRows.joined())</tbody></table>").render())
            \(Card("By \(interval.rawValue)", body: "\(Markup.when(metrics.periods.count > 1, trend.render()))<table class=\"list\">\(header)<tbody>\(periodRows.joined())</tbody></table>").render())
            <section class="card"><h2>Targets</h2><table class="list"><thead><tr><th>Severity</th><th>Acknowledge within</th><th>Resolve within</th>\
            </tr></thead><tbody>\(targets.joined())</tbody></table>
            <p class="muted">Set with <code>--case-sla</code>. The same figures: <a href="\(api.href)">GET /api/v1/metrics/incidents</a>.</p></section>
            """
    }
}

extension PlaybooksPage {
    func render() -> Markup {
        let items = playbooks.map { playbook -> Markup in
            let phases = playbook.phases.map { phase -> Markup in
                let tasks = phase.tasks.map { step -> Markup in
                    "<li>\(step.title)\(step.due.map { " <small class=\"muted\">due \(CaseSLAPolicy.describe($0))</small>" as Markup } ?? "")\(Markup.when(!step.requiredEvidence.isEmpty, "<br><small>evidence: \(step.requiredEvidence.joined(separator: ", "))</small>"))</li>"
                }
                return "<h4>\(phase.phase.title)</h4><ol>\(tasks.joined())</ol>"
            }
            return """
                <section class="card" id="playbook-\(playbook.id)"><h2>\(playbook.name) <small class="muted">\(playbook.id) · \(playbook.source)</small></h2><p>\(playbook.description)</p>
                \(Markup.when(!playbook.regulations.isEmpty, "<p>Starts the regulatory clocks: \(playbook.regulations.map(\.title).joined(separator: "; "))</p>"))
                <details><summary>\(playbook.taskCount) tasks</summary>\(phases.joined())</details></section>
                """
        }
        let problems = errors.map { "<li>\($0)</li>" as Markup }
        return """
            \(CasePages.tabs("/incidents/playbooks"))
            <p>Bundled playbooks, and yours from the playbook directory (<code>--playbooks</code>, default <code>DATA/playbooks</code>; a file with a bundled id replaces it). Check a file with <code>bulwark playbook check FILE</code>.</p>
            \(Markup.when(!problems.isEmpty, Card("Files left out", body: "<ul class=\"failure\">\(problems.joined())</ul>").render()))
            \(items.joined())
            """
    }
}
