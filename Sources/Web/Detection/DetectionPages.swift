// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Detection
import Foundation
import Hummingbird

/// Rules (state, filters, load errors, reload, switch on/off), exclusions, and threat-intelligence indicators.
struct DetectionPages {
    let detection: DetectionService

    static func rulePath(_ id: String) -> String { "/detection/rules/" + (id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? id) }

    func register(_ router: Router<WebContext>) {
        router.get("/detection/rules") { request, context in
            let principal = try context.require(.detectionRead)
            let filter = DetectionService.RuleFilter(
                text: request.formValue("q"), state: try request.queryEnum("state", RuleInfo.State.self),
                level: try request.queryEnum("level", SigmaLevel.self), tag: request.formValue("tag").nonEmpty)
            let page = await RulesPage.load(detection, filter: filter, link: PageLink(request), principal: principal, csrf: context.csrf)
            return context.page(request, principal, title: "Detection rules", area: .alerts, body: page.render())
        }
        router.post("/detection/reload") { request, context in
            let principal = try context.require(.detectionWrite)
            _ = try await Form.read(request, session: context.session)
            let report = try await detection.reload(by: context.auditActor(principal))
            return redirect("/detection/rules", notice: "Reloaded: \(report.running) rules running, \(report.errors.count) could not be loaded.")
        }
        router.get("/detection/rules/{id}") { request, context in
            let principal = try context.require(.detectionRead)
            let page = try await RulePage.load(detection, id: context.parameters.get("id") ?? "", principal: principal, csrf: context.csrf)
            return context.page(request, principal, title: page.info.rule.title, area: .alerts, body: page.render())
        }
        router.post("/detection/rules/{id}/toggle") { request, context in
            let principal = try context.require(.detectionWrite)
            let id = context.parameters.get("id") ?? ""
            let form = try await Form.read(request, session: context.session)
            let info = try await detection.setEnabled(ruleID: id, enabled: form.text("enabled") == "true", by: context.auditActor(principal))
            return redirect(
                Self.rulePath(id),
                notice: "Rule is now \(info.state.rawValue).")
        }
        router.get("/detection/exclusions") { request, context in
            let principal = try context.require(.detectionRead)
            let page = try await ExclusionsPage.load(detection, link: PageLink(request), principal: principal, csrf: context.csrf)
            return context.page(request, principal, title: "Exclusions", area: .alerts, body: page.render())
        }
        router.post("/detection/exclusions") { request, context in
            let principal = try context.require(.detectionWrite)
            let form = try await Form.read(request, session: context.session)
            let expires = form.endOfDay("expires_at")
            do {
                _ = try await detection.createExclusion(
                    ruleID: Optional(form.text("rule_id")).nonEmpty, condition: form["condition"] ?? "",
                    reason: form.text("reason"), expiresAt: expires, by: context.auditActor(principal))
                return redirect("/detection/exclusions", notice: "Exclusion added.")
            } catch let error as CoreError {
                return redirect("/detection/exclusions", notice: "Not added: \(error.description)")
            }
        }
        router.post("/detection/exclusions/{id}/delete") { request, context in
            let principal = try context.require(.detectionWrite)
            _ = try await Form.read(request, session: context.session)
            try await detection.deleteExclusion(id: try context.identifier("exclusion"), by: context.auditActor(principal))
            return redirect("/detection/exclusions", notice: "Exclusion removed.")
        }
        registerIntel(router)
    }

    private func registerIntel(_ router: Router<WebContext>) {
        router.get("/intel") { request, context in
            let principal = try context.require(.detectionRead)
            let page = try await IntelPage.load(
                detection, kind: try request.queryEnum("kind", Indicator.Kind.self), page: try request.pageRequest(), link: PageLink(request),
                principal: principal, csrf: context.csrf)
            return context.page(request, principal, title: "Threat intelligence", area: .alerts, body: page.render())
        }
        router.post("/intel") { request, context in
            let principal = try context.require(.detectionWrite)
            let form = try await Form.read(request, session: context.session)
            let expires = form.endOfDay("expires_at")
            do {
                let indicator = try await detection.addIndicator(
                    value: form.text("value"), kind: nil, source: form.text("source").isEmpty ? "manual" : form.text("source"),
                    confidence: Int(form.text("confidence")) ?? 50, expiresAt: expires,
                    description: form.text("description"), by: context.auditActor(principal))
                return redirect("/intel", notice: "Added \(indicator.kind.rawValue) \(indicator.value).")
            } catch let error as CoreError {
                return redirect("/intel", notice: "Not added: \(error.description)")
            }
        }
        router.post("/intel/import") { request, context in
            let principal = try context.require(.detectionWrite)
            let form = try await Form.read(request, session: context.session, limit: 8 << 20)
            let format = IndicatorImport.Format(rawValue: form.text("format"))
            let source = form.text("source").isEmpty ? "import" : String(form.text("source").prefix(200))
            let report = try await detection.importIndicators(
                Data((form["content"] ?? "").utf8), format: format, source: source,
                partial: form.flag("partial"), by: context.auditActor(principal))
            let rejected = report.rejected.prefix(200).map { item -> Markup in "<li>\(item.place): \(item.reason)</li>" }
            return HTML.response(
                Layout.page(
                    title: "Threat intelligence import", area: .alerts, principal: principal, csrf: context.csrf,
                    notice: report.applied ? "Imported: \(report.created) new, \(report.updated) updated, \(report.rejected.count) left out." : nil,
                    error: report.applied
                        ? nil : "Nothing was imported: \(report.rejected.count) rows are refused. Fix them, or tick “import the good rows”.",
                    body: "\(AlertPages.tabs("/intel"))<ul>\(rejected.joined())</ul><p><a href=\"/intel\">Back to the indicators</a></p>"),
                status: report.applied ? .ok : .unprocessableContent)
        }
        router.post("/intel/{id}/delete") { request, context in
            let principal = try context.require(.detectionWrite)
            _ = try await Form.read(request, session: context.session)
            try await detection.deleteIndicator(id: try context.identifier("indicator"), by: context.auditActor(principal))
            return redirect("/intel", notice: "Indicator removed.")
        }
    }
}
