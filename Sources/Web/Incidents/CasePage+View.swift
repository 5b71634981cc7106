// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Inventory
import Foundation
import Hummingbird
import Incidents

extension CasePage {
    /// The case page: summary and clocks, workflow, details, timeline, tasks, observables, evidence, alerts,
    /// response actions, comments, related cases, closure and report. Sections are anchors (`#tasks` …) and the
    /// page has keyboard shortcuts (g t: tasks, g o: observables…; see the hint).
    func render() -> Markup {
        let item = dossier.item
        let canWrite = principal.can(.incidentsWrite) && item.mergedInto == nil
        func form(_ action: String, anchor: String = "", _ content: Markup, inline: Bool = false) -> Markup {
            "<form method=\"post\" action=\"/incidents/\(item.id)\"\(Markup.when(inline, " class=\"inline\""))>\(Field.csrf(csrf))<input type=\"hidden\" name=\"action\" value=\"\(action)\"><input type=\"hidden\" name=\"anchor\" value=\"\(anchor)\">\(content)</form>"
        }
        func datetime(_ name: String, _ label: String, _ value: Date? = nil) -> Markup {
            "<label>\(label) <input type=\"datetime-local\" name=\"\(name)\" value=\"\(value.map { String(Timestamp.format($0).prefix(16)) } ?? "")\"> <small>UTC</small></label>"
        }
        let clocks = item.slaClocks(now: now) + item.regulatoryClocks(regulatory, now: now)
        let clockRows = clocks.map { clock -> Markup in
            "<tr><th>\(clock.title)</th><td>\(Layout.time(clock.startedAt))</td><td>\(Layout.time(clock.dueAt))</td><td>\(CasePages.clockBadge(clock))</td></tr>"
        }

        // Workflow
        var workflow: [Markup] = []
        if canWrite {
            let options = item.status.allowedTransitions.map { "<option value=\"\($0.rawValue)\">\($0.title)</option>" as Markup }
            workflow.append(
                form(
                    "status", anchor: "summary",
                    """
                    <div class="filters"><label>Move to <select name="status" data-shortcut-target="status">\(options.joined())</select></label>
                    <label>Resolution (closing) <select name="resolution"><option value="">—\
                    </option>\(CloseReason.allCases.map { "<option value=\"\($0.rawValue)\"\(Markup.when(item.resolution == $0, " selected"))>\($0.rawValue.replacingOccurrences(of: "_", with: " "))</option>" as Markup }.joined())</select></label></div>
                    <label for="f-close-summary">Summary (closing)</label><textarea id="f-close-summary" name="summary" rows="2">\(item.summary)</textarea>
                    <button type="submit">Change status</button>
                    """))
            if item.assignee != principal.username {
                workflow.append(
                    form(
                        "assign", anchor: "summary",
                        "<input type=\"hidden\" name=\"assignee\" value=\"\(principal.username)\"><button type=\"submit\" class=\"secondary\" data-shortcut=\"a\" aria-keyshortcuts=\"a\">Assign to me</button>",
                        inline: true))
            }
            workflow.append(
                form(
                    "assign", anchor: "summary",
                    "<label>Assign to <input name=\"assignee\" value=\"\(item.assignee ?? "")\" size=\"12\"></label> <button type=\"submit\" class=\"secondary\">Assign</button>",
                    inline: true))
        }

        // Details (edit)
        let assetNames = Dictionary(uniqueKeysWithValues: assets.map { ($0.id, $0.name) })
        let personNames = Dictionary(uniqueKeysWithValues: people.map { ($0.id, $0.name) })
        let affected: Markup = """
            <dt>Affected assets</dt>\
            <dd>\(item.assetIDs.map { id -> Markup in "<a href=\"/assets/\(id)\">\(assetNames[id] ?? id)</a> " }.joined())\(Markup.when(item.assetIDs.isEmpty, "—"))</dd>
            <dt>Affected people</dt>\
            <dd>\(item.personIDs.map { id -> Markup in "<a href=\"/people/\(id)\">\(personNames[id] ?? id)</a> " }.joined())\(Markup.when(item.personIDs.isEmpty, "—"))</dd>
            """
        let details: Markup = Markup.when(
            canWrite,
            "<details><summary>Edit details</summary>"
                + form(
                    "details", anchor: "summary",
                    """
                    \(Field.text("title", "Title", value: item.title, required: true))
                    <label for="f-description">Description <small>(Markdown)</small></label><textarea id="f-description" name="description" rows="5">\(item.description)</textarea>
                    <div class="filters">\(Field.select("severity", "Severity", options: Severity.allCases.reversed().map(\.rawValue), selected: item.severity.rawValue))
                    \(Field.select("tlp", "TLP", options: TLP.allCases.map(\.rawValue), selected: item.tlp.rawValue))\(Field.select("pap", "PAP", options: PAP.allCases.map(\.rawValue), selected: item.pap.rawValue))</div>
                    \(Field.text("tags", "Tags", value: item.tags.joined(separator: ", "), hint: "comma-separated"))
                    <label for="f-assets">Affected assets</label>\
                    <select id="f-assets" name="asset_ids" multiple \
                    size="5">\(assets.map { "<option value=\"\($0.id)\"\(Markup.when(item.assetIDs.contains($0.id), " selected"))>\($0.name)</option>" as Markup }.joined())</select>
                    <label for="f-people">Affected people</label>\
                    <select id="f-people" name="person_ids" multiple \
                    size="5">\(people.map { "<option value=\"\($0.id)\"\(Markup.when(item.personIDs.contains($0.id), " selected"))>\($0.name) (\($0.email))</option>" as Markup }.joined())</select>
                    <fieldset><legend>Breach notification duties\
                    </legend>\(Regulation.allCases.map { "<label class=\"check\"><input type=\"checkbox\" name=\"regulations\" value=\"\($0.rawValue)\"\(Markup.when(item.regulations.contains($0), " checked"))> \($0.title)</label>" as Markup }.joined())
                    \(datetime("aware_at", "Aware since", item.awareAt))</fieldset>
                    <button type="submit">Save details</button>
                    """) + "</details>")
        let notifyForm: Markup = Markup.when(
            canWrite && !item.regulations.isEmpty,
            form(
                "notified", anchor: "summary",
                """
                <div class="filters"><label>Record a notification \
                <select name="regulation">\(item.regulations.map { "<option value=\"\($0.rawValue)\">\($0.rawValue.uppercased())</option>" as Markup }.joined())</select></label>
                \(datetime("at", "sent at"))<button type="submit" class="secondary">Record</button></div>
                """))

        // Timeline
        let descending = timelineDescending
        let entries = descending ? dossier.timeline.reversed() : dossier.timeline
        let timelineRows = entries.map { entry -> Markup in
            "<tr><td class=\"nowrap\">\(Layout.time(entry.eventAt))</td><td><span class=\"tag\">\(entry.category.rawValue)</span></td><td>\(entry.text)\(Markup.when(abs(entry.createdAt.timeIntervalSince(entry.eventAt)) > 60, "<br><small class=\"muted\">recorded \(Layout.time(entry.createdAt))</small>"))</td><td>\(entry.actor)</td></tr>"
        }
        let timelineForm: Markup = Markup.when(
            canWrite,
            form(
                "timeline", anchor: "timeline",
                """
                <div class="filters">\(datetime("event_at", "Happened at"))<label>What <input name="text" required size="50"></label><button type="submit" class="secondary">Add to timeline</button></div>
                """))

        // Tasks
        let evidenceByTask = Dictionary(grouping: dossier.evidence.compactMap { evidence in evidence.taskID.map { ($0, evidence) } }, by: \.0)
        let taskRows = dossier.tasks.map { task -> Markup in
            let logs = task.logs.map { "<li><small>\(Layout.time($0.at)) \($0.author):</small> \($0.text)</li>" as Markup }
            let attached = (evidenceByTask[task.id] ?? []).map { "<span class=\"tag\">\($0.1.fileName)</span> " as Markup }
            let overdue = task.status != .done && task.status != .cancelled && (task.dueAt.map { $0 < now } ?? false)
            let controls: Markup = Markup.when(
                canWrite,
                form(
                    "task", anchor: "tasks",
                    """
                    <input type="hidden" name="task_id" value="\(task.id)"><div class="filters">
                    <select name="status" aria-label="Status \
                    of \(task.title)">\(TaskStatus.allCases.map { "<option value=\"\($0.rawValue)\"\(Markup.when(task.status == $0, " selected"))>\($0.rawValue.replacingOccurrences(of: "_", with: " "))</option>" as Markup }.joined())</select>
                    <input name="log" placeholder="log line" aria-label="Log line for \(task.title)" size="24">\(Markup.when(task.owner == nil, "<input type=\"hidden\" name=\"owner\" value=\"me\">"))
                    <button type="submit" class="secondary">Update</button></div>
                    """))
            return """
                <tr id="task-\(task.id)"><td>\(task.phase.rawValue)</td><td><strong>\(task.title)</strong>\(Markup.when(!task.description.isEmpty, "<br><small>\(task.description)</small>"))
                \(Markup.when(!task.requiredEvidence.isEmpty, "<br><small>Evidence needed: \(task.requiredEvidence.joined(separator: ", ")) \(attached.joined())</small>"))
                \(Markup.when(!logs.isEmpty, "<ul class=\"comments\">\(logs.joined())</ul>"))</td>
                <td>\(task.owner ?? "—")</td><td class="\(overdue ? "failure" : "")">\(Layout.time(task.dueAt))</td><td>\(task.status.rawValue.replacingOccurrences(of: "_", with: " "))</td><td>\(controls)</td></tr>
                """
        }
        let playbookForm: Markup = Markup.when(
            canWrite,
            form(
                "playbook", anchor: "tasks",
                """
                <div class="filters"><label>Apply a playbook \
                <select name="playbook">\(playbooks.map { "<option value=\"\($0.id)\">\($0.name)</option>" as Markup }.joined())</select></label>\
                <button type="submit" class="secondary">Apply</button></div>
                """))
        let taskForm: Markup = Markup.when(
            canWrite,
            form(
                "task_add", anchor: "tasks",
                """
                <div class="filters"><label>New task <input name="title" required size="40"></label>
                <label>Phase \
                <select name="phase">\(CaseStatus.allCases.filter { $0 != .new && $0 != .closed }.map { "<option value=\"\($0.rawValue)\">\($0.rawValue)</option>" as Markup }.joined())</select></label>
                <label>Owner <input name="owner" size="10"></label>\(datetime("due_at", "Due"))<button type="submit" class="secondary">Add task</button></div>
                """))

        // Observables
        var observableRows: [Markup] = []
        for observable in dossier.observables {
            let seen = self.seen[observable.id]?.sightings ?? ObservableSightings()
            let elsewhere = (self.seen[observable.id]?.otherCases ?? []).map { found -> Markup in
                "<a href=\"/incidents/\(found.id)\">\(found.reference)</a> "
            }
            let alertLinks = seen.alerts.filter { !item.alertIDs.contains($0) }.prefix(5).map { "<a href=\"/alerts/\($0)\">alert</a> " as Markup }
            let eventLink: Markup =
                seen.events > 0
                ? "<a href=\"\(PageLink(path: "/monitoring", parameters: [("q", seen.eventQuery), ("range", "30d")]).href)\">"
                    + "\(seen.events) events</a>"
                : ""
            let promote: Markup = Markup.when(
                canWrite && observable.indicatorID == nil && [.ip, .domain, .url, .hash, .email].contains(observable.type),
                form(
                    "promote", anchor: "observables",
                    "<input type=\"hidden\" name=\"observable_id\" value=\"\(observable.id)\"><button type=\"submit\" class=\"link\">Promote to indicator</button>",
                    inline: true))
            observableRows.append(
                """
                <tr><td>\(observable.type.rawValue)</td><td>\
                <code>\(EntityPage.types.contains(observable.type) ? Pivot.render(observable.type, observable.value) : "\(observable.value)")\
                </code>\(Markup.when(observable.ioc, " <span class=\"tag failure\">IOC</span>"))\(Markup.when(!observable.description.isEmpty, "<br><small>\(observable.description)</small>"))</td>
                <td>\(elsewhere.joined())\(alertLinks.joined()) \(eventLink)\(Markup.when(elsewhere.isEmpty && alertLinks.isEmpty && seen.events == 0, "<span class=\"muted\">nowhere else</span>"))</td>
                <td>\(Markup.when(!seen.intel.isEmpty, "<span class=\"failure\">\(seen.intel.joined(separator: "; "))</span>"))\(Markup.when(seen.intel.isEmpty, "—"))\(Markup.when(observable.indicatorID != nil, " <span class=\"tag\">indicator</span>"))</td>
                <td>\(promote)</td></tr>
                """)
        }
        let observableForm: Markup = Markup.when(
            canWrite,
            form(
                "observable", anchor: "observables",
                """
                <div class="filters"><label>Type \
                <select name="type">\(ObservableType.allCases.map { "<option value=\"\($0.rawValue)\">\($0.rawValue)</option>" as Markup }.joined())\
                </select></label>
                <label>Value <input name="value" required size="30"></label><label>Note <input name="description" size="20"></label>\(Field.checkbox("ioc", "IOC", checked: false))
                <button type="submit" class="secondary">Add observable</button></div>
                """))

        // Evidence
        let evidenceRows = dossier.evidence.map { evidence -> Markup in
            let custody = evidence.custody.map { "<li><small>\($0.action) by \($0.actor), \(Layout.time($0.at))</small></li>" as Markup }
            return """
                <tr><td><a href="/api/v1/cases/\(item.id)/evidence/\(evidence.id)">\(evidence.fileName)</a>\(Markup.when(!evidence.description.isEmpty, "<br><small>\(evidence.description)</small>"))</td>
                <td class="number">\(evidence.size)</td><td><code class="hash">\(evidence.sha256)</code></td><td>\(evidence.addedBy)<br><small>\(Layout.time(evidence.createdAt))</small></td>
                <td><details><summary>\(evidence.custody.count) entries</summary><ul>\(custody.joined())</ul></details></td></tr>
                """
        }
        let openTasks = dossier.tasks.filter { $0.status != .done && $0.status != .cancelled }
        let evidenceForm: Markup = Markup.when(
            canWrite,
            """
            <form method="post" action="/incidents/\(item.id)/evidence" enctype="multipart/form-data">\(Field.csrf(csrf))<div class="filters">
            <label>File <input type="file" name="file" required></label><label>Note <input name="description" size="20"></label>
            <label>For task <select name="task_id"><option value="">—\
            </option>\(openTasks.map { "<option value=\"\($0.id)\">\($0.title)</option>" as Markup }.joined())</select></label>
            <button type="submit" class="secondary">Upload evidence</button></div>
            <small>At most \(maximumEvidenceBytes / (1 << 20)) MB. The SHA-256 is computed on arrival; every download is recorded.</small></form>
            """)

        // Alerts
        var alertRows: [Markup] = []
        for alert in alerts {
            alertRows.append(
                "<tr><td>\(Badge.severity(alert.severity))</td><td><a href=\"/alerts/\(alert.id)\">\(alert.title)</a></td><td>\(alert.host)</td><td>\(alert.user)</td><td class=\"nowrap\">\(Layout.time(alert.firstEventAt))</td><td>\(alert.status.rawValue)</td></tr>"
            )
        }
        let hosts = Set(alerts.map(\.host).filter { !$0.isEmpty })
        let users = Set(alerts.map(\.user).filter { !$0.isEmpty })
        let choices = candidates.map { alert -> Markup in
            let near = hosts.contains(alert.host) || users.contains(alert.user)
            return """
                <li><label class="check"><input type="checkbox" name="alert_id" value="\(alert.id)"> \(Badge.severity(alert.severity)) \(alert.title) \
                <small class="muted">\(alert.host)\(alert.user.isEmpty ? "" : " · \(alert.user)") · \(Layout.time(alert.firstEventAt))</small>\
                \(Markup.when(near, " <span class=\"tag\">same host or user</span>"))</label></li>
                """
        }
        let alertForm: Markup = Markup.when(
            canWrite && item.isOpen,
            form(
                "alerts", anchor: "alerts",
                """
                <fieldset class="alert-picker"><legend>Add open alerts</legend>\
                \(choices.isEmpty ? "<p class=\"muted\">No other open alerts.</p>" : "<ul class=\"plain\">\(choices.joined())</ul>" as Markup)\
                <details><summary>By id</summary><label>Alert ids, separated by commas <input name="alert_ids" size="40"></label></details>\
                <button type="submit" class="secondary">Add to the case</button></fieldset>
                """))

        // Actions
        let actionRows = dossier.actions.reversed().map { run -> Markup in
            let decide: Markup = Markup.when(
                canWrite && run.status == .pendingApproval && run.requestedBy != principal.username,
                """
                \(form("approve", anchor: "actions", "<input type=\"hidden\" name=\"run_id\" value=\"\(run.id)\"><button type=\"submit\">Approve and run</button>", inline: true))
                \(form("reject", anchor: "actions", "<input type=\"hidden\" name=\"run_id\" value=\"\(run.id)\"><button type=\"submit\" class=\"secondary\">Reject</button>", inline: true))
                """)
            return """
                <tr><td class="nowrap">\(Layout.time(run.createdAt))</td><td>\(run.actionName)</td><td><code>\(run.input)</code></td>\
                <td>\(run.requestedBy)\(run.decidedBy.map { "<br><small>\(run.status == .rejected ? "rejected" : "approved") by \($0)</small>" as Markup } ?? "")</td>
                <td class="\(run.status == .failed ? "failure" : "")">\(run.status.rawValue.replacingOccurrences(of: "_", with: " "))\(run.responseStatus.map { " (HTTP \($0))" } ?? "")\(run.error.map { "<br><small>\($0)</small>" as Markup } ?? "")</td>
                <td>\(run.request.map { "<small><code>\($0.method) \($0.url)</code></small>" as Markup } ?? "")\(decide)</td></tr>
                """
        }
        let actionForm: Markup = Markup.when(
            canWrite && item.isOpen && !actions.isEmpty,
            form(
                "action", anchor: "actions",
                """
                <div class="filters"><label>Action \
                <select name="response_action">\(actions.map { "<option value=\"\($0.id)\">\($0.name)\($0.requiresApproval ? " (needs approval)" : "")</option>" as Markup }.joined())</select></label>
                <label>On <select name="observable_id"><option value="">— (type a value)\
                </option>\(dossier.observables.map { "<option value=\"\($0.id)\">\($0.type.rawValue) \($0.value)</option>" as Markup }.joined())\
                </select></label>
                <label>or value <input name="value" size="20"></label><button type="submit">Run</button></div>
                """))

        // Comments, related, closure
        let commentItems = dossier.comments.map { comment -> Markup in
            "<li><strong>\(comment.author)</strong> <span class=\"muted\">\(Layout.time(comment.createdAt))</span><p>\(comment.text)</p></li>"
        }
        let related = dossier.related.map {
            "<li><a href=\"/incidents/\($0.id)\">\($0.reference) \($0.title)</a> (\($0.status.rawValue))</li>" as Markup
        }
        let relatedForms: Markup = Markup.when(
            canWrite && item.isOpen,
            """
            \(form("link", anchor: "related", "<div class=\"filters\"><label>Related case # <input name=\"case\" size=\"6\" required></label><button type=\"submit\" class=\"secondary\">Link</button></div>"))
            <form method="post" action="/incidents/\(item.id)" data-confirm="Merge this case into the other one? This case will be closed as a duplicate.">\(Field.csrf(csrf))<input type="hidden" name="action" value="merge">
            <div class="filters"><label>Merge this case into # <input name="case" size="6" required></label><button type="submit" class="secondary">Merge</button></div></form>
            """)
        let closure: Markup = Markup.when(
            canWrite,
            form(
                "closure", anchor: "closure",
                """
                <label for="f-summary">Summary</label><textarea id="f-summary" name="summary" rows="3">\(item.summary)</textarea>
                <label for="f-lessons">Lessons learned <small>(Markdown)</small></label><textarea id="f-lessons" name="lessons_learned" rows="5">\(item.lessonsLearned)</textarea>
                <button type="submit" class="secondary">Save</button>
                """))

        let merged: Markup =
            dossier.mergedInto.map {
                "<p class=\"notice\">This case was merged into <a href=\"/incidents/\($0.id)\">\($0.reference) \($0.title)</a>.</p>" as Markup
            } ?? ""
        return """
            \(CasePages.tabs(""))\(merged)
            \(sectionTabs)
            <div class="case-sections">
            <section class="card" id="summary"><dl>
            <dt>Severity</dt><dd>\(Badge.severity(item.severity))</dd><dt>Status</dt><dd><strong>\(item.status.title)</strong>\(item.resolution.map { " (\($0.rawValue.replacingOccurrences(of: "_", with: " ")))" } ?? "")</dd>
            <dt>TLP / PAP</dt><dd><span class="tag tlp-\(item.tlp.rawValue)">TLP:\(item.tlp.rawValue.uppercased())</span> <span class="tag">PAP:\(item.pap.rawValue.uppercased())</span></dd>
            <dt>Assignee</dt><dd>\(item.assignee ?? "—")</dd><dt>Tags</dt>\
            <dd>\(item.tags.map { "<a class=\"tag\" href=\"/incidents?tag=\($0)\">\($0)</a> " as Markup }.joined())</dd>
            <dt>Playbooks</dt><dd>\(item.playbooks.isEmpty ? "—" : item.playbooks.joined(separator: ", "))</dd>
            <dt>First event</dt><dd>\(Layout.time(item.firstEventAt))</dd><dt>Detected</dt><dd>\(Layout.time(item.detectedAt))</dd>
            <dt>Acknowledged</dt><dd>\(Layout.time(item.acknowledgedAt))</dd><dt>Resolved</dt><dd>\(Layout.time(item.resolvedAt))</dd>
            <dt>Opened</dt><dd>\(Layout.time(item.createdAt)) by \(item.createdBy)</dd>
            \(affected)</dl>
            <div class="markdown">\(Markup(raw: SafeMarkdown.html(item.description)))</div>
            <table class="list"><thead><tr><th>Clock</th><th>Started</th><th>Due</th><th>State</th></tr></thead><tbody>\(clockRows.joined())</tbody>\
            </table>
            \(notifyForm)\(workflow.joined())\(details)</section>
            <section class="card" id="timeline"><h2>Timeline</h2>
            <p><a href="/incidents/\(item.id)?timeline=\(descending ? "asc" : "desc")#timeline">\(descending ? "Oldest first" : "Newest first")</a> · <a href="/api/v1/cases/\(item.id)/timeline?format=csv">Export CSV</a> · <a href="/api/v1/cases/\(item.id)/timeline">JSON</a></p>
            <table class="list"><thead><tr><th>When</th><th>Kind</th><th>What</th><th>Who</th></tr></thead><tbody>\(timelineRows.joined())</tbody>\
            </table>\(timelineForm)</section>
            <section class="card" id="tasks"><h2>Tasks <small class="muted">\(dossier.tasks.filter { $0.status == .done }.count) of \(dossier.tasks.count) done</small></h2>
            <table class="list"><thead><tr><th>Phase</th><th>Task</th><th>Owner</th><th>Due</th><th>Status</th><th></th></tr></thead>\
            <tbody>\(taskRows.joined())</tbody></table>\(playbookForm)\(taskForm)</section>
            <section class="card" id="observables"><h2>Observables</h2>
            <p><a href="/api/v1/cases/\(item.id)/observables/export?format=stix">Export STIX 2.1</a> · <a href="/api/v1/cases/\(item.id)/observables/export?format=csv">Export CSV</a></p>
            <table class="list"><thead><tr><th>Type</th><th>Value</th><th>Seen elsewhere</th><th>Threat intelligence</th><th></th></tr></thead>\
            <tbody>\(observableRows.joined())</tbody></table>\(observableForm)</section>
            <section class="card" id="evidence"><h2>Evidence</h2>
            <table class="list"><thead><tr><th>File</th><th>Bytes</th><th>SHA-256</th><th>Added by</th><th>Chain of custody</th></tr></thead>\
            <tbody>\(evidenceRows.joined())</tbody></table>\(evidenceForm)</section>
            <section class="card" id="alerts"><h2>Alerts</h2>
            <table class="list"><thead><tr><th>Severity</th><th>Alert</th><th>Host</th><th>User</th><th>First event</th><th>Status</th></tr></thead>\
            <tbody>\(alertRows.joined())</tbody></table>\(alertForm)</section>
            <section class="card" id="actions"><h2>Response actions</h2>
            <table class="list"><thead><tr><th>Asked</th><th>Action</th><th>Input</th><th>By</th><th>Result</th><th>Request</th></tr></thead>\
            <tbody>\(actionRows.joined())</tbody></table>
            \(actionForm)\(Markup.when(actions.isEmpty, "<p class=\"muted\">No response actions are configured (<code>--response-actions FILE</code>).</p>"))</section>
            <section class="card" id="comments"><h2>Comments</h2><ul class="comments">\(commentItems.joined())</ul>
            \(Markup.when(canWrite, form("comment", anchor: "comments", "<label for=\"f-comment\">Comment <small>(@username notifies)</small></label><textarea id=\"f-comment\" name=\"text\" rows=\"3\" required></textarea><button type=\"submit\">Add comment</button>")))</section>
            <section class="card" id="related"><h2>Related cases</h2><ul>\(related.joined())\
            </ul>\(Markup.when(related.isEmpty, "<p class=\"muted\">None.</p>"))\(relatedForms)</section>
            <section class="card" id="closure"><h2>Closure</h2>
            <h3>Lessons learned</h3><div class="markdown">\(Markup(raw: item.lessonsLearned.isEmpty ? "<p class=\"muted\">Not written yet.</p>" : SafeMarkdown.html(item.lessonsLearned)))</div>
            \(closure)
            <p>Incident report: <a href="/api/v1/cases/\(item.id)/report?format=html">HTML</a> · <a href="/api/v1/cases/\(item.id)/report?format=markdown&amp;download=true">Markdown</a></p></section>
            </div>
            """
    }

    /// The case's sections as tabs. Each is an in-page link: the stylesheet shows the section the address names (or
    /// the one holding the element it names) and the summary when it names none, so that a form's redirect to
    /// `#tasks` opens the tasks, keys jump between sections and the page works without the script.
    var sectionTabs: Markup {
        let item = dossier.item
        let done = dossier.tasks.filter { $0.status == .done }.count
        let sections: [(anchor: String, title: String, count: String?, key: String?)] = [
            ("summary", "Summary", nil, nil), ("timeline", "Timeline", String(dossier.timeline.count), "t"),
            ("tasks", "Tasks", dossier.tasks.isEmpty ? nil : "\(done)/\(dossier.tasks.count)", "k"),
            ("observables", "Observables", String(dossier.observables.count), "o"), ("evidence", "Evidence", String(dossier.evidence.count), "e"),
            ("alerts", "Alerts", String(alerts.count), nil), ("actions", "Actions", String(dossier.actions.count), nil),
            ("comments", "Comments", String(dossier.comments.count), "m"), ("related", "Related", String(dossier.related.count), nil),
            ("closure", "Closure", nil, nil),
        ]
        let links = sections.map { section -> Markup in
            let count: Markup = section.count.map { " <span class=\"count\">\($0)</span>" } ?? ""
            let key: Markup = section.key.map { " data-shortcut=\"\($0)\"" } ?? ""
            let current = Markup.when(section.anchor == "summary", " aria-current=\"page\"")
            return "<li><a href=\"#\(section.anchor)\"\(key)\(current)>\(section.title)\(count)</a></li>"
        }
        return """
            <nav aria-label="Case sections" class="case-tabs"><ul class="tabs">\(links.joined())\
            <li><a href="/api/v1/cases/\(item.id)/report?format=html">Report</a></li></ul>\
            <p class="muted">Keys t k o e m open a section; a assigns the case to you.</p></nav>
            """
    }
}
