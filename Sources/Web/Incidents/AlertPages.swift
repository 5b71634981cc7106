import AccessControl
import BulwarkCore
import Foundation
import Hummingbird
import Incidents
import Monitoring

/// The alert queue (filters, bulk actions, refreshes itself), one alert (events, ATT&CK, workflow, comments) and
/// suppressions.
struct AlertPages {
    let alerts: AlertService
    let events: MonitoringService
    let cases: CaseService

    static func tabs(_ current: String) -> Markup {
        let items = [
            ("/alerts", "Queue"), ("/alerts/suppressions", "Suppressions"), ("/detection/rules", "Rules"),
            ("/detection/exclusions", "Exclusions"), ("/intel", "Threat intelligence"),
        ]
        let links = items.map { path, title -> Markup in
            "<li><a href=\"\(path)\"\(Markup.when(path == current, " aria-current=\"page\""))>\(title)</a></li>"
        }
        return "<ul class=\"tabs\">\(links)</ul>"
    }

    static func badge(_ severity: Severity) -> Markup {
        "<span class=\"severity severity-\(severity.rawValue)\">\(severity.rawValue)</span>"
    }

    static func attack(_ tags: [String]) -> Markup {
        let links = tags.filter { $0.lowercased().hasPrefix("attack.t") }.map { tag -> Markup in
            let technique = tag.dropFirst("attack.".count).uppercased().replacingOccurrences(of: ".", with: "/")
            return
                "<a class=\"tag\" href=\"https://attack.mitre.org/techniques/\(technique)/\" rel=\"noreferrer\">\(technique.replacingOccurrences(of: "/", with: "."))</a> "
        }
        let tactics = tags.filter {
            $0.lowercased().hasPrefix("attack.") && !$0.lowercased().hasPrefix("attack.t") && !$0.lowercased().hasPrefix("attack.g")
                && !$0.lowercased().hasPrefix("attack.s")
        }
        .map { tag -> Markup in "<span class=\"tag\">\(tag.dropFirst("attack.".count).replacingOccurrences(of: "_", with: " "))</span> " }
        return "\(tactics)\(links)"
    }

    func register(_ router: Router<WebContext>) {
        router.get("/alerts") { request, context in
            let principal = try context.require(.alertsRead)
            let query = try AlertsController.query(request)
            let page = try await alerts.listAlerts(query, page: try request.pageRequest())
            let canWrite = principal.can(.alertsWrite)
            let rows = page.items.map { alert -> Markup in
                """
                <tr>\(Markup.when(canWrite, "<td><input type=\"checkbox\" name=\"ids\" value=\"\(alert.id)\" form=\"bulk\" aria-label=\"select\"></td>"))
                <td>\(Self.badge(alert.severity))</td><td><a href="/alerts/\(alert.id)">\(alert.title)</a><br><small>\(Self.attack(alert.tags))</small></td>
                <td>\(alert.host)</td><td>\(alert.user)</td><td class="number">\(alert.count)</td><td class="nowrap">\(Layout.time(alert.lastEventAt))</td>
                <td>\(alert.status.rawValue)</td><td>\(alert.assignee ?? "—")</td></tr>
                """
            }
            let statusValue = request.formValue("status") ?? "new,acknowledged"
            let filters: Markup = """
                <form class="filters" method="get" action="/alerts">
                <label>Status <select name="status">\(["new,acknowledged", "new", "acknowledged", "closed", "new,acknowledged,closed"].map { option -> Markup in "<option value=\"\(option)\"\(Markup.when(option == statusValue, " selected"))>\(option == "new,acknowledged,closed" ? "all" : option.replacingOccurrences(of: ",", with: " + "))</option>" })</select></label>
                <label>Severity <select name="severity"><option value="">any</option>\(Severity.allCases.reversed().map { level -> Markup in "<option value=\"\(level.rawValue)\"\(Markup.when(request.formValue("severity") == level.rawValue, " selected"))>\(level.rawValue)</option>" })</select></label>
                <label>Host <input name="host" value="\(request.formValue("host") ?? "")"></label>
                <label>Assignee <input name="assignee" value="\(request.formValue("assignee") ?? "")"></label>
                <label>Text <input name="q" value="\(request.formValue("q") ?? "")"></label>
                <button type="submit">Filter</button></form>
                """
            let bulk: Markup = Markup.when(
                canWrite,
                """
                <form id="bulk" class="filters" method="post" action="/alerts/bulk">\(Field.csrf(context.csrf ?? ""))
                <label>Selected alerts <select name="action"><option value="acknowledge">Acknowledge</option><option value="assign">Assign to me</option>
                <option value="close">Close</option>\(Markup.when(principal.can(.incidentsWrite), "<option value=\"case\">Merge into a new case</option><option value=\"add_to_case\">Add to case #…</option>"))</select></label>
                \(Markup.when(principal.can(.incidentsWrite), "<label>Case # <input name=\"case\" size=\"5\" inputmode=\"numeric\"></label>"))
                <label>Close reason <select name="close_reason">\(CloseReason.allCases.map { reason -> Markup in "<option value=\"\(reason.rawValue)\">\(reason.rawValue.replacingOccurrences(of: "_", with: " "))</option>" })</select></label>
                <button type="submit">Apply</button></form>
                """)
            let next = Layout.nextPage(request, path: "/alerts", cursor: page.next, title: "Older alerts")
            let counts = try await alerts.counts(since: Date().addingTimeInterval(-86400))
            let body: Markup = """
                \(Self.tabs("/alerts"))
                <p>\(counts.open) open (\(counts.new) new); \(counts.last24Hours) raised in the last 24 hours. <span class="muted">This page refreshes every 30 seconds while nothing is selected.</span></p>
                \(filters)\(bulk)
                <table class="list alerts" data-live-refresh="30"><thead><tr>\(Markup.when(canWrite, "<th><span class=\"visually-hidden\">Select</span></th>"))<th>Severity</th><th>Alert</th><th>Host</th><th>User</th><th>Count</th><th>Last event</th><th>Status</th><th>Assignee</th></tr></thead>
                <tbody>\(rows)</tbody></table>
                \(Markup.when(page.items.isEmpty, "<p class=\"muted\">No alerts match.</p>"))\(next)
                """
            return HTML.response(
                Layout.page(title: "Alerts", area: .alerts, principal: principal, csrf: context.csrf, notice: request.notice, body: body))
        }
        router.post("/alerts/bulk") { request, context in
            let principal = try context.require(.alertsWrite)
            let form = try await Form.read(request, session: context.session)
            let ids = Array(form.all("ids").filter(Identifier.isValid).prefix(500))
            guard !ids.isEmpty else { return redirect("/alerts", notice: "Select alerts first.") }
            let change: AlertService.Change
            switch form.text("action") {
            case "case":
                _ = try context.require(.incidentsWrite)
                return redirect("/incidents/new?alert_ids=\(ids.joined(separator: ","))")
            case "add_to_case":
                _ = try context.require(.incidentsWrite)
                guard let number = Int(form.text("case").trimmingCharacters(in: CharacterSet(charactersIn: "# "))),
                    let item = try await cases.findCase(number: number)
                else {
                    return redirect("/alerts", notice: "Give the number of an existing case.")
                }
                do {
                    let updated = try await cases.addAlerts(caseID: item.id, alertIDs: ids, by: context.auditActor(principal))
                    return redirect("/incidents/\(updated.id)", notice: "\(ids.count) alerts added to \(updated.reference).").withAnchor("#alerts")
                } catch let error as CoreError {
                    return redirect("/alerts", notice: "Not added: \(error.description)")
                }
            case "acknowledge": change = .init(status: .acknowledged)
            case "assign": change = .init(assignee: principal.username)
            case "close": change = .init(status: .closed, closeReason: CloseReason(rawValue: form.text("close_reason")) ?? .benign)
            default: throw APIError.badRequest("action: acknowledge, assign or close")
            }
            let results = await alerts.bulkUpdate(ids: ids, change, by: context.auditActor(principal))
            let failed = results.filter { $0.error != nil }.count
            return redirect(
                "/alerts",
                notice: "\(results.count - failed) alerts updated"
                    + (failed > 0 ? "; \(failed) refused (\(results.first { $0.error != nil }!.error!))" : "."))
        }
        router.get("/alerts/suppressions") { request, context in
            let principal = try context.require(.alertsRead)
            let suppressions = try await alerts.listSuppressions()
            let now = Date()
            let rows = suppressions.map { item -> Markup in
                let expired = item.expiresAt.map { $0 <= now } ?? false
                return """
                    <tr><td>\(item.ruleID ?? "any rule")</td><td>\(item.host ?? "any")</td><td>\(item.user ?? "any")</td><td>\(item.reason)</td>
                    <td>\(expired ? "expired " : "")\(Layout.time(item.expiresAt))</td><td class="number">\(item.hits)</td><td>\(item.createdBy)</td>
                    <td>\(Markup.when(principal.can(.alertsWrite), "<form method=\"post\" action=\"/alerts/suppressions/\(item.id)/delete\" class=\"inline\" data-confirm=\"End this suppression?\">\(Field.csrf(context.csrf ?? ""))<button class=\"link danger\">End</button></form>"))</td></tr>
                    """
            }
            let create: Markup = Markup.when(
                principal.can(.alertsWrite),
                """
                <section class="card"><h2>New suppression</h2><form method="post" action="/alerts/suppressions">\(Field.csrf(context.csrf ?? ""))
                \(Field.text("rule_id", "Rule id", value: request.formValue("rule_id") ?? "", hint: "the rule whose alerts to drop; leave empty with a host or user"))
                \(Field.text("host", "Host", value: request.formValue("host") ?? ""))\(Field.text("user", "User"))
                \(Field.text("reason", "Reason", required: true))\(Field.text("expires_at", "Expires", type: "date", hint: "after this day alerts come again; empty: until ended"))
                <button type="submit">Suppress</button></form></section>
                """)
            return HTML.response(
                Layout.page(
                    title: "Alert suppressions", area: .alerts, principal: principal, csrf: context.csrf, notice: request.notice,
                    body: """
                        \(Self.tabs("/alerts/suppressions"))
                        <p>Matches that a suppression covers do not raise alerts; they are counted as hits.</p>
                        <table class="list"><thead><tr><th>Rule</th><th>Host</th><th>User</th><th>Reason</th><th>Expires</th><th>Hits</th><th>By</th><th></th></tr></thead><tbody>\(rows)</tbody></table>
                        \(create)
                        """))
        }
        router.post("/alerts/suppressions") { request, context in
            let principal = try context.require(.alertsWrite)
            let form = try await Form.read(request, session: context.session)
            let expires = form.endOfDay("expires_at")
            do {
                _ = try await alerts.createSuppression(
                    ruleID: Optional(form.text("rule_id")).nonEmpty, host: Optional(form.text("host")).nonEmpty,
                    user: Optional(form.text("user")).nonEmpty, reason: form.text("reason"), expiresAt: expires, by: context.auditActor(principal))
                return redirect("/alerts/suppressions", notice: "Suppression added.")
            } catch let error as CoreError {
                return redirect("/alerts/suppressions", notice: "Not added: \(error.description)")
            }
        }
        router.post("/alerts/suppressions/{id}/delete") { request, context in
            let principal = try context.require(.alertsWrite)
            _ = try await Form.read(request, session: context.session)
            try await alerts.deleteSuppression(id: try context.identifier("suppression"), by: context.auditActor(principal))
            return redirect("/alerts/suppressions", notice: "Suppression ended.")
        }
        router.get("/alerts/{id}") { request, context in
            let principal = try context.require(.alertsRead)
            let id = try context.identifier("alert")
            guard let alert = try await alerts.findAlert(id: id) else { throw CoreError.notFound(kind: "alert", id: id) }
            return HTML.response(
                Layout.page(
                    title: alert.title, area: .alerts, principal: principal, csrf: context.csrf, notice: request.notice,
                    body: try await detail(alert, principal: principal, csrf: context.csrf ?? "")))
        }
        router.post("/alerts/{id}") { request, context in
            let principal = try context.require(.alertsWrite)
            let id = try context.identifier("alert")
            let form = try await Form.read(request, session: context.session)
            var change = AlertService.Change()
            switch form.text("action") {
            case "acknowledge": change.status = .acknowledged
            case "close":
                change.status = .closed
                change.closeReason = CloseReason(rawValue: form.text("close_reason"))
            case "reopen": change.status = .acknowledged
            case "assign": change.assignee = form.text("assignee").isEmpty ? principal.username : form.text("assignee")
            case "unassign": change.assignee = ""
            case "comment": change.comment = form.text("comment")
            default: throw APIError.badRequest("action: acknowledge, close, reopen, assign, unassign or comment")
            }
            do {
                _ = try await alerts.update(id: id, change, by: context.auditActor(principal))
                return redirect("/alerts/\(id)", notice: "Saved.")
            } catch let error as CoreError {
                return redirect("/alerts/\(id)", notice: "Not saved: \(error.description)")
            }
        }
    }

    /// The cases holding the alert, and (for those who work cases) opening one from it or adding it to one.
    private func caseSection(_ alert: Alert, principal: Principal, csrf: String) async throws -> Markup {
        guard principal.can(.incidentsRead) else { return "" }
        let holding = try await cases.listCases(CaseQuery(statuses: CaseStatus.allCases, alertID: alert.id), page: PageRequest(limit: 20)).items
        let links = holding.map { "<a href=\"/incidents/\($0.id)\">\($0.reference) \($0.title)</a> (\($0.status.rawValue)) " as Markup }
        let forms: Markup = Markup.when(
            principal.can(.incidentsWrite),
            """
            <p><a class="button" href="/incidents/new?alert_ids=\(alert.id)">Open case</a></p>
            <form method="post" action="/alerts/bulk" class="filters">\(Field.csrf(csrf))<input type="hidden" name="ids" value="\(alert.id)"><input type="hidden" name="action" value="add_to_case">
            <label>Add to case # <input name="case" size="5" inputmode="numeric" required></label><button type="submit" class="secondary">Add</button></form>
            """)
        return "<h3>Cases</h3><p>\(links)\(Markup.when(holding.isEmpty, "<span class=\"muted\">In no case.</span>"))</p>\(forms)"
    }

    private func detail(_ alert: Alert, principal: Principal, csrf: String) async throws -> Markup {
        let comments = try await alerts.comments(alertID: alert.id)
        var eventRows: [Markup] = []
        for eventID in alert.eventIDs.prefix(20) {
            guard let stored = try await events.event(id: eventID) else {
                eventRows.append("<tr><td colspan=\"3\" class=\"muted\">Event \(Int(eventID)) is no longer stored (retention).</td></tr>")
                continue
            }
            let fields = stored.event.fields.sorted { $0.key < $1.key }.prefix(60).map { key, value -> Markup in
                "<tr><th>\(key)</th><td>\(value.text)</td></tr>"
            }
            eventRows.append(
                """
                <tr><td class="nowrap">\(Layout.time(stored.event.timestamp))</td><td>\(stored.event.host)</td>
                <td><details><summary>\(String(stored.event.raw.prefix(200)))</summary><table class="fields">\(fields)</table></details></td></tr>
                """)
        }
        let context = alert.context.sorted { $0.key < $1.key }.map { key, value -> Markup in "<dt>\(key)</dt><dd>\(value)</dd>" }
        let commentItems = comments.map { comment -> Markup in
            "<li><strong>\(comment.author)</strong> <span class=\"muted\">\(Layout.time(comment.createdAt))</span><p>\(comment.text)</p></li>"
        }
        let canWrite = principal.can(.alertsWrite)
        func action(_ name: String, _ label: String, _ extra: Markup = "") -> Markup {
            "<form method=\"post\" action=\"/alerts/\(alert.id)\" class=\"inline\">\(Field.csrf(csrf))<input type=\"hidden\" name=\"action\" value=\"\(name)\">\(extra)<button type=\"submit\" class=\"secondary\">\(label)</button></form> "
        }
        var actions: [Markup] = []
        if canWrite {
            if alert.status == .new { actions.append(action("acknowledge", "Acknowledge")) }
            if alert.assignee != principal.username { actions.append(action("assign", "Assign to me")) }
            if alert.status == .closed { actions.append(action("reopen", "Reopen")) }
        }
        let closeForm: Markup = Markup.when(
            canWrite && alert.status != .closed,
            """
            <form method="post" action="/alerts/\(alert.id)" class="filters">\(Field.csrf(csrf))<input type="hidden" name="action" value="close">
            <label>Close as <select name="close_reason">\(CloseReason.allCases.map { reason -> Markup in "<option value=\"\(reason.rawValue)\">\(reason.rawValue.replacingOccurrences(of: "_", with: " "))</option>" })</select></label>
            <button type="submit">Close</button></form>
            """)
        let rule: Markup =
            alert.ruleID.map { id -> Markup in
                id.hasPrefix("intel:")
                    ? "<a href=\"/intel?q=\((alert.context["indicator"] ?? "").addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")\">\(id)</a>"
                    : "<a href=\"/detection/rules/\(id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? id)\">\(id)</a>"
            } ?? "—"
        let hostSearch =
            "/monitoring?q=" + ("host.name:\"\(alert.host)\"".addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "") + "&range=24h"
        return """
            \(Self.tabs(""))
            <section class="card"><dl>
            <dt>Severity</dt><dd>\(Self.badge(alert.severity))</dd><dt>Status</dt><dd>\(alert.status.rawValue)\(alert.closeReason.map { " (\($0.rawValue.replacingOccurrences(of: "_", with: " ")))" } ?? "")</dd>
            <dt>Source</dt><dd>\(alert.source.rawValue)</dd><dt>Rule</dt><dd>\(rule)</dd><dt>ATT&amp;CK</dt><dd>\(Self.attack(alert.tags))</dd>
            <dt>Host</dt><dd>\(alert.host.isEmpty ? "—" : alert.host) \(Markup.when(!alert.host.isEmpty, "<a href=\"\(hostSearch)\">events from this host</a>"))\(alert.assetID.map { " · <a href=\"/assets/\($0)\">inventory asset</a>" as Markup })</dd>
            <dt>User</dt><dd>\(alert.user.isEmpty ? "—" : alert.user)</dd>
            <dt>Matches</dt><dd>\(alert.count) from \(Layout.time(alert.firstEventAt)) to \(Layout.time(alert.lastEventAt))</dd>
            <dt>Raised</dt><dd>\(Layout.time(alert.createdAt))</dd>
            <dt>Acknowledged</dt><dd>\(Layout.time(alert.acknowledgedAt))\(alert.acknowledgedBy.map { " by \($0)" } ?? "")</dd>
            <dt>Closed</dt><dd>\(Layout.time(alert.closedAt))\(alert.closedBy.map { " by \($0)" } ?? "")</dd>
            <dt>Assignee</dt><dd>\(alert.assignee ?? "—")</dd>
            \(context)</dl>
            \(Markup.when(!alert.description.isEmpty, "<p>\(alert.description)</p>"))
            <p>\(actions)</p>\(closeForm)
            \(Markup.when(canWrite && alert.ruleID != nil, "<p><a href=\"/alerts/suppressions?rule_id=\(alert.ruleID ?? "")&amp;host=\(alert.host)\">Suppress alerts like this…</a></p>"))
            \(try await caseSection(alert, principal: principal, csrf: csrf))
            </section>
            <section class="card"><h2>Matched events</h2>
            <table class="list events"><thead><tr><th>Time</th><th>Host</th><th>Event</th></tr></thead><tbody>\(eventRows)</tbody></table>
            \(Markup.when(alert.eventIDs.count > 20, "<p class=\"muted\">The first 20 of \(alert.eventIDs.count) kept events are shown.</p>"))</section>
            <section class="card"><h2>Comments</h2><ul class="comments">\(commentItems)</ul>
            \(Markup.when(canWrite, "<form method=\"post\" action=\"/alerts/\(alert.id)\">\(Field.csrf(csrf))<input type=\"hidden\" name=\"action\" value=\"comment\"><label for=\"f-comment\">Comment</label><textarea id=\"f-comment\" name=\"comment\" rows=\"3\" required></textarea><button type=\"submit\">Add comment</button></form>"))
            </section>
            """
    }
}
