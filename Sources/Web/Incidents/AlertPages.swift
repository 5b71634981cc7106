// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import Hummingbird
import Incidents
import Detection
import Monitoring

/// The alert queue (filters, bulk actions, refreshes itself), one alert (events, ATT&CK, workflow, comments) and
/// suppressions.
struct AlertPages {
    let alerts: AlertService
    let events: MonitoringService
    let cases: CaseService
    let detection: DetectionService
    let clock: any WallClock

    static func tabs(_ current: String) -> Markup {
        Tabs(
            [
                .init("/alerts", "Queue"), .init("/alerts/suppressions", "Suppressions"), .init("/detection/rules", "Rules"),
                .init("/detection/exclusions", "Exclusions"), .init("/intel", "Threat intelligence"),
            ], current: current
        ).render()
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
        return "\(tactics.joined())\(links.joined())"
    }

    func register(_ router: Router<WebContext>) {
        router.get("/alerts") { request, context in
            let principal = try context.require(.alertsRead)
            let page = try await AlertQueuePage.load(
                alerts, query: try AlertsController.query(request), page: try request.pageRequest(), link: PageLink(request), principal: principal,
                csrf: context.csrf, now: clock.now())
            return context.page(request, principal, title: "Alerts", area: .alerts, body: page.render())
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
            case "take": change = .init(status: .acknowledged, assignee: principal.username)
            case "assign": change = .init(assignee: principal.username)
            case "close": change = .init(status: .closed, closeReason: CloseReason(rawValue: form.text("close_reason")) ?? .benign)
            default: throw APIError.badRequest("action: acknowledge, take, assign or close")
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
            let page = try await SuppressionsPage.load(alerts, link: PageLink(request), principal: principal, csrf: context.csrf, now: clock.now())
            return context.page(request, principal, title: "Alert suppressions", area: .alerts, body: page.render())
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
            let page = try await AlertPage.load(
                alerts, events: events, cases: cases, detection: detection, id: try context.identifier("alert"), principal: principal,
                csrf: context.csrf)
            return context.page(request, principal, title: page.alert.title, area: .alerts, body: page.render())
        }
        router.post("/alerts/{id}") { request, context in
            let principal = try context.require(.alertsWrite)
            let id = try context.identifier("alert")
            let form = try await Form.read(request, session: context.session)
            var change = AlertService.Change()
            switch form.text("action") {
            case "acknowledge": change.status = .acknowledged
            case "take":
                // One click for the usual first step: acknowledged and mine.
                change.status = .acknowledged
                change.assignee = principal.username
            case "close":
                change.status = .closed
                change.closeReason = CloseReason(rawValue: form.text("close_reason"))
            case "reopen": change.status = .acknowledged
            case "assign": change.assignee = form.text("assignee").isEmpty ? principal.username : form.text("assignee")
            case "unassign": change.assignee = ""
            case "comment": change.comment = form.text("comment")
            default: throw APIError.badRequest("action: acknowledge, take, close, reopen, assign, unassign or comment")
            }
            do {
                _ = try await alerts.update(id: id, change, by: context.auditActor(principal))
                return redirect("/alerts/\(id)", notice: "Saved.")
            } catch let error as CoreError {
                return redirect("/alerts/\(id)", notice: "Not saved: \(error.description)")
            }
        }
    }
}
