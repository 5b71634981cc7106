import AccessControl
import BulwarkCore
import Inventory
import Foundation
import Hummingbird
import Incidents

/// The incident pages: the case list (filters, saved views, keyboard navigation), a new case (by hand or from
/// alerts), the case page, metrics and playbooks.
struct CasePages {
    let cases: CaseService
    let inventory: InventoryService
    let users: AuthService

    static func tabs(_ current: String) -> Markup {
        let items = [("/incidents", "Cases"), ("/incidents/metrics", "Metrics"), ("/incidents/playbooks", "Playbooks")]
        let links = items.map { path, title -> Markup in
            "<li><a href=\"\(path)\"\(Markup.when(path == current, " aria-current=\"page\""))>\(title)</a></li>"
        }
        return "<ul class=\"tabs\">\(links)</ul>"
    }

    static func clockBadge(_ clock: CaseClock) -> Markup {
        let css: String
        switch clock.state {
        case .breached, .late: css = "failure"
        case .warning: css = "warning"
        default: css = "muted"
        }
        return
            "<span class=\"\(css)\" title=\"\(clock.title): due \(Timestamp.display(clock.dueAt))\">\(clock.title.replacingOccurrences(of: "Time to ", with: "")): \(clock.summary)</span>"
    }

    func register(_ router: Router<WebContext>) {
        router.get("/incidents") { request, context in
            let principal = try context.require(.incidentsRead)
            let query = try CasesController.query(request)
            let page = try await cases.listCases(query, page: try request.pageRequest())
            let now = cases.clock.now()
            let rows = page.items.map { item -> Markup in
                let clocks =
                    item.slaClocks(now: now).filter { $0.stoppedAt == nil }
                    + item.regulatoryClocks(cases.settings.regulatory, now: now).filter { $0.stoppedAt == nil }
                let worst = clocks.min { $0.remaining < $1.remaining }
                return """
                    <tr data-href="/incidents/\(item.id)"><td class="number">\(item.reference)</td><td>\(Badge.severity(item.severity))</td>
                    <td><a href="/incidents/\(item.id)">\(item.title)</a><br><small>\(item.tags.map { "<span class=\"tag\">\($0)</span> " as Markup })</small></td>
                    <td>\(item.status.rawValue)</td><td>\(item.assignee ?? "—")</td><td>\(worst.map(Self.clockBadge) ?? "—")</td>
                    <td class="number">\(item.alertIDs.count)</td><td class="nowrap">\(Layout.time(item.updatedAt))</td></tr>
                    """
            }
            let statusValue = request.formValue("status") ?? ""
            let statusOptions: [(String, String)] = [
                ("", "open"), ("new", "new"), ("triage", "triage"), ("containment", "containment"), ("eradication", "eradication"),
                ("recovery", "recovery"), ("closed", "closed"), (CaseStatus.allCases.map(\.rawValue).joined(separator: ","), "all"),
            ]
            let filters: Markup = """
                <form class="filters" method="get" action="/incidents" role="search">
                <label>Status <select name="status">\(statusOptions.map { value, title -> Markup in "<option value=\"\(value)\"\(Markup.when(value == statusValue, " selected"))>\(title)</option>" })</select></label>
                <label>Severity <select name="severity"><option value="">any</option>\(Severity.allCases.reversed().map { level -> Markup in "<option value=\"\(level.rawValue)\"\(Markup.when(request.formValue("severity") == level.rawValue, " selected"))>\(level.rawValue)</option>" })</select></label>
                <label>Assignee <input name="assignee" value="\(request.formValue("assignee") ?? "")"></label>
                <label>Tag <input name="tag" value="\(request.formValue("tag") ?? "")"></label>
                <label>Text <input name="q" value="\(request.formValue("q") ?? "")" data-shortcut="/" aria-keyshortcuts="/"></label>
                <button type="submit">Filter</button></form>
                """
            let views = try await cases.views(owner: principal.username)
            let viewLinks = views.map { view -> Markup in
                """
                <li><a href="/incidents?\(view.query)">\(view.name)</a> <form method="post" action="/incidents/views/\(view.id)/delete" class="inline">\(Field.csrf(context.csrf))<button class="link danger" aria-label="Delete view \(view.name)">×</button></form></li>
                """
            }
            let currentQuery = Layout.query(request).joined(separator: "&")
            let saveView: Markup = """
                <form method="post" action="/incidents/views" class="filters">\(Field.csrf(context.csrf))<input type="hidden" name="query" value="\(currentQuery)">
                <label>Save these filters as <input name="name" required maxlength="100"></label><button type="submit" class="secondary">Save view</button></form>
                """
            let body: Markup = """
                \(Self.tabs("/incidents"))
                \(Markup.when(principal.can(.incidentsWrite), "<p><a class=\"button\" href=\"/incidents/new\" accesskey=\"n\" data-shortcut=\"c\" aria-keyshortcuts=\"c\">New case</a> <span class=\"muted\">Keys: <kbd>c</kbd> new case, <kbd>/</kbd> search, <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>Enter</kbd> open.</span></p>"))
                \(Markup.when(!views.isEmpty, "<nav aria-label=\"Saved views\"><ul class=\"tabs\">\(viewLinks)</ul></nav>"))
                \(filters)\(saveView)
                <table class="list cases" data-keyboard-list><thead><tr><th>#</th><th>Severity</th><th>Case</th><th>Status</th><th>Assignee</th><th>Clock</th><th>Alerts</th><th>Updated</th></tr></thead>
                <tbody>\(rows)</tbody></table>
                \(Markup.when(page.items.isEmpty, "<p class=\"muted\">No cases match.</p>"))\(Layout.nextPage(request, path: "/incidents", cursor: page.next, title: "Older cases"))
                """
            return HTML.response(
                Layout.page(title: "Incidents", area: .incidents, principal: principal, csrf: context.csrf, notice: request.notice, body: body))
        }
        router.post("/incidents/views") { request, context in
            let principal = try context.require(.incidentsRead)
            let form = try await Form.read(request, session: context.session)
            do {
                let view = try await CasesController.saveView(cases, name: form.text("name"), query: form.text("query"), owner: principal.username)
                return redirect("/incidents?\(view.query)", notice: "View \(view.name) saved.")
            } catch let error as CoreError {
                return redirect("/incidents", notice: "Not saved: \(error.description)")
            }
        }
        router.post("/incidents/views/{id}/delete") { request, context in
            let principal = try context.require(.incidentsRead)
            _ = try await Form.read(request, session: context.session)
            _ = try await cases.deleteView(id: try context.identifier("view"), owner: principal.username)
            return redirect("/incidents", notice: "View deleted.")
        }
        router.get("/incidents/new") { request, context in
            let principal = try context.require(.incidentsWrite)
            let alertIDs = (request.formValue("alert_ids") ?? "").split(separator: ",").map(String.init).filter(Identifier.isValid)
            var alertList: [Markup] = []
            for id in alertIDs.prefix(500) {
                if let alert = try await cases.alerts.findAlert(id: id) {
                    alertList.append(
                        "<li>\(Badge.severity(alert.severity)) <a href=\"/alerts/\(alert.id)\">\(alert.title)</a> \(alert.host) \(alert.user)</li>")
                }
            }
            let firstTitle = alertIDs.isEmpty ? "" : (try await cases.alerts.findAlert(id: alertIDs[0])?.title ?? "")
            let playbooks = [("", "none")] + cases.playbooks.sorted.map { ($0.id, $0.name) }
            let body: Markup = """
                \(Self.tabs(""))
                <section class="card"><form method="post" action="/incidents">\(Field.csrf(context.csrf))
                <input type="hidden" name="alert_ids" value="\(alertIDs.joined(separator: ","))">
                \(Markup.when(!alertList.isEmpty, "<p>From \(alertList.count) alert\(alertList.count == 1 ? "" : "s") (they will be acknowledged):</p><ul>\(alertList)</ul>"))
                \(Field.text("title", "Title", value: firstTitle, required: true))
                <label for="f-severity">Severity</label><select id="f-severity" name="severity"><option value="">\(alertIDs.isEmpty ? "medium" : "highest of the alerts")</option>\(Severity.allCases.reversed().map { "<option value=\"\($0.rawValue)\">\($0.rawValue)</option>" as Markup })</select>
                <label for="f-description">Description <small>(Markdown)</small></label><textarea id="f-description" name="description" rows="5"></textarea>
                \(Field.select("tlp", "TLP", options: TLP.allCases.map(\.rawValue), selected: "amber"))\(Field.select("pap", "PAP", options: PAP.allCases.map(\.rawValue), selected: "amber"))
                \(Field.text("tags", "Tags", hint: "comma-separated"))
                <label for="f-playbook">Playbook</label><select id="f-playbook" name="playbook">\(playbooks.map { "<option value=\"\($0.0)\">\($0.1)</option>" as Markup })</select>
                \(Field.checkbox("assign_me", "Assign to me", checked: true))
                <button type="submit">Open case</button></form></section>
                """
            return HTML.response(
                Layout.page(title: "New case", area: .incidents, principal: principal, csrf: context.csrf, notice: request.notice, body: body))
        }
        router.post("/incidents") { request, context in
            let principal = try context.require(.incidentsWrite)
            let form = try await Form.read(request, session: context.session)
            let alertIDs = form.text("alert_ids").split(separator: ",").map(String.init).filter(Identifier.isValid)
            let actor = context.auditActor(principal)
            do {
                let new = CaseService.NewCase(
                    title: form.text("title"), description: form["description"] ?? "",
                    severity: Severity(rawValue: form.text("severity")) ?? (alertIDs.isEmpty ? .medium : nil),
                    tlp: TLP(rawValue: form.text("tlp")) ?? .amber, pap: PAP(rawValue: form.text("pap")) ?? .amber,
                    tags: form.text("tags").split(separator: ",").map(String.init), assignee: form.flag("assign_me") ? principal.username : nil,
                    alertIDs: alertIDs)
                let item = try await cases.create(new, by: actor)
                if !form.text("playbook").isEmpty { _ = try await cases.applyPlaybook(caseID: item.id, playbookID: form.text("playbook"), by: actor) }
                return redirect("/incidents/\(item.id)", notice: "Case \(item.reference) opened.")
            } catch let error as CoreError {
                return redirect("/incidents/new?alert_ids=\(alertIDs.joined(separator: ","))", notice: "Not opened: \(error.description)")
            }
        }
        router.get("/incidents/metrics") { request, context in
            let principal = try context.require(.incidentsRead)
            let range = try CasesController.range(request, now: cases.clock.now())
            let interval = try request.queryEnum("interval", IncidentMetrics.Interval.self) ?? .week
            let metrics = try await cases.metrics(from: range.from, to: range.to, interval: interval)
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
            let sla = Severity.allCases.reversed().map { severity -> Markup in
                "<tr><th>\(severity.rawValue)</th><td>\(cases.settings.sla.acknowledge[severity].map(CaseSLAPolicy.describe) ?? "—")</td><td>\(cases.settings.sla.resolve[severity].map(CaseSLAPolicy.describe) ?? "—")</td></tr>"
            }
            let body: Markup = """
                \(Self.tabs("/incidents/metrics"))
                <form class="filters" method="get" action="/incidents/metrics">
                <label>From <input type="date" name="from" value="\(String(Timestamp.format(range.from).prefix(10)))"></label>
                <label>To <input type="date" name="to" value="\(String(Timestamp.format(range.to.addingTimeInterval(-1)).prefix(10)))"></label>
                \(Field.select("interval", "By", options: IncidentMetrics.Interval.allCases.map(\.rawValue), selected: interval.rawValue))<button type="submit">Show</button></form>
                <p class="muted">Cases detected in the period. MTTD: first event → detection; MTTA: detection → acknowledged; MTTR: detection → resolved. Merged cases are left out.</p>
                <section class="card"><h2>By severity</h2><table class="list">\(header)<tbody>\(severityRows)</tbody></table></section>
                <section class="card"><h2>By \(interval.rawValue)</h2><table class="list">\(header)<tbody>\(periodRows)</tbody></table></section>
                <section class="card"><h2>Targets</h2><table class="list"><thead><tr><th>Severity</th><th>Acknowledge within</th><th>Resolve within</th></tr></thead><tbody>\(sla)</tbody></table>
                <p class="muted">Set with <code>--case-sla</code>. The same figures: <a href="/api/v1/metrics/incidents?from=\(Timestamp.format(range.from))&amp;to=\(Timestamp.format(range.to))&amp;interval=\(interval.rawValue)">GET /api/v1/metrics/incidents</a>.</p></section>
                """
            return HTML.response(
                Layout.page(title: "Incident metrics", area: .incidents, principal: principal, csrf: context.csrf, notice: request.notice, body: body)
            )
        }
        router.get("/incidents/playbooks") { request, context in
            let principal = try context.require(.incidentsRead)
            let items = cases.playbooks.sorted.map { playbook -> Markup in
                let phases = playbook.phases.map { phase -> Markup in
                    let tasks = phase.tasks.map { step -> Markup in
                        "<li>\(step.title)\(step.due.map { " <small class=\"muted\">due \(CaseSLAPolicy.describe($0))</small>" as Markup })\(Markup.when(!step.requiredEvidence.isEmpty, "<br><small>evidence: \(step.requiredEvidence.joined(separator: ", "))</small>"))</li>"
                    }
                    return "<h4>\(phase.phase.title)</h4><ol>\(tasks)</ol>"
                }
                return """
                    <section class="card" id="playbook-\(playbook.id)"><h2>\(playbook.name) <small class="muted">\(playbook.id) · \(playbook.source)</small></h2><p>\(playbook.description)</p>
                    \(Markup.when(!playbook.regulations.isEmpty, "<p>Starts the regulatory clocks: \(playbook.regulations.map(\.title).joined(separator: "; "))</p>"))
                    <details><summary>\(playbook.taskCount) tasks</summary>\(phases)</details></section>
                    """
            }
            let errors = cases.playbooks.errors.map { "<li>\($0.description)</li>" as Markup }
            let body: Markup = """
                \(Self.tabs("/incidents/playbooks"))
                <p>Bundled playbooks, and yours from the playbook directory (<code>--playbooks</code>, default <code>DATA/playbooks</code>; a file with a bundled id replaces it). Check a file with <code>bulwark playbook check FILE</code>.</p>
                \(Markup.when(!errors.isEmpty, "<section class=\"card\"><h2>Files left out</h2><ul class=\"failure\">\(errors)</ul></section>"))
                \(items)
                """
            return HTML.response(
                Layout.page(title: "Playbooks", area: .incidents, principal: principal, csrf: context.csrf, notice: request.notice, body: body))
        }
        registerCase(router)
    }
}
