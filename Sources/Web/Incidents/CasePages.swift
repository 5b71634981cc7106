// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

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
        Tabs([.init("/incidents", "Cases"), .init("/incidents/metrics", "Metrics"), .init("/incidents/playbooks", "Playbooks")], current: current)
            .render()
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
            let page = try await CaseListPage.load(
                cases, query: try CasesController.query(request), page: try request.pageRequest(), link: PageLink(request), principal: principal,
                csrf: context.csrf)
            return context.page(request, principal, title: "Incidents", area: .incidents, body: page.render())
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
            let page = try await NewCasePage.load(cases, alertIDs: alertIDs, csrf: context.csrf)
            return context.page(request, principal, title: "New case", area: .incidents, body: page.render())
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
            let range = try request.queryPeriod(now: cases.clock.now())
            let interval = try request.queryEnum("interval", IncidentMetrics.Interval.self) ?? .week
            let page = try await CaseMetricsPage.load(cases, from: range.from, to: range.to, interval: interval)
            return context.page(request, principal, title: "Incident metrics", area: .incidents, body: page.render())
        }
        router.get("/incidents/playbooks") { request, context in
            let principal = try context.require(.incidentsRead)
            return context.page(request, principal, title: "Playbooks", area: .incidents, body: PlaybooksPage.load(cases).render())
        }
        registerCase(router)
    }
}
