// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import HTTPTypes
import Hummingbird
import Incidents
import Inventory
import NIOCore

/// `/api/v1/cases`: cases and everything on them, playbooks, response actions, saved views and incident metrics.
struct CasesController {
    let cases: CaseService
    let users: AuthService
    /// For the report: the titles of the case's alerts and the names of its assets and people.
    let alerts: AlertService
    let inventory: InventoryService

    static let listParameters = [
        APIOperation.Parameter.listOf(
            "status", "comma-separated: new, triage, containment, eradication, recovery, closed (default: all but closed)", CaseStatus.self),
        .listOf("severity", "comma-separated: informational, low, medium, high, critical", Severity.self),
        .init("assignee", "username; empty for unassigned"),
        .init("tag", "a tag"),
        .init("alert_id", "cases holding this alert"),
        .init("q", "words in title, tags or assignee"),
        .limit, .cursor,
    ]

    var regulatory: RegulatorySettings { cases.settings.regulatory }

    func body(_ item: Case) -> CaseBody { CaseBody(item, regulatory: regulatory, now: cases.clock.now()) }

    func register(_ routes: APIRoutes) {
        registerCases(routes)
        registerRecords(routes)
        registerEvidenceAndActions(routes)
        registerOthers(routes)
    }

    private func registerCases(_ routes: APIRoutes) {
        routes.add(
            .init(
                method: .get, path: "/api/v1/cases", operationID: "listCases", summary: "Cases, newest first, with filters",
                tag: "Cases", access: .permission(.incidentsRead), query: Self.listParameters, responseSchema: "CaseList")
        ) { request, _ in
            let page = try await cases.listCases(try Self.query(request), page: try request.pageRequest())
            return try JSONResponse.make(CaseListBody(cases: page.items.map(body), next: page.next))
        }
        routes.add(
            .init(
                method: .post, path: "/api/v1/cases", operationID: "createCase",
                summary: "Open a case by hand or from alerts (alert_ids); a person opening it from alerts acknowledges them",
                tag: "Cases", access: .permission(.incidentsWrite), requestSchema: "CaseInput", responseSchema: "Case", successStatus: 201)
        ) { request, context in
            let input = try await request.json(CreateInput.self)
            try await Self.checkUser(input.assignee, field: "assignee", users)
            var new = CaseService.NewCase(
                title: input.title, description: input.description ?? "",
                severity: try input.severity.map { try EnumField.parse($0, Severity.self, "severity") },
                tags: input.tags ?? [], assignee: input.assignee, alertIDs: input.alertIds ?? [], firstEventAt: input.firstEventAt)
            if let tlp = input.tlp { new.tlp = try EnumField.parse(tlp, TLP.self, "tlp") }
            if let pap = input.pap { new.pap = try EnumField.parse(pap, PAP.self, "pap") }
            var item = try await cases.create(new, by: context.actor)
            if let playbook = input.playbook {
                _ = try await cases.applyPlaybook(caseID: item.id, playbookID: playbook, by: context.actor)
                item = try await cases.get(item.id)
            }
            return try JSONResponse.make(body(item), status: .created)
        }
        routes.add(
            .init(
                method: .get, path: "/api/v1/cases/{id}", operationID: "getCase",
                summary: "One case with its SLA and regulatory clocks, tasks, observables, timeline, evidence, actions and comments",
                tag: "Cases", access: .permission(.incidentsRead), responseSchema: "CaseDetail")
        ) { _, context in
            let dossier = try await cases.dossier(try await caseID(context))
            return try JSONResponse.make(
                CaseDetailBody(
                    item: body(dossier.item), tasks: dossier.tasks.map(CaseTaskBody.init),
                    observables: dossier.observables.map { CaseObservableBody($0) },
                    timeline: dossier.timeline.map(CaseTimelineBody.init), evidence: dossier.evidence.map(CaseEvidenceBody.init),
                    actions: dossier.actions.map(CaseActionRunBody.init), comments: dossier.comments.map(CaseCommentBody.init)))
        }
        routes.add(
            .init(
                method: .patch, path: "/api/v1/cases/{id}", operationID: "updateCase",
                summary:
                    "Change a case: status (a refused transition answers 409 naming the allowed ones; closing needs resolution and summary), assignee, severity, TLP/PAP, tags, affected assets and people, regulations, notifications, lessons learned",
                tag: "Cases", access: .permission(.incidentsWrite), requestSchema: "CaseUpdate", responseSchema: "Case")
        ) { request, context in
            let id = try await caseID(context)
            let input = try await request.json(UpdateInput.self)
            try await Self.checkUser(input.assignee, field: "assignee", users)
            let item = try await cases.update(id: id, try Self.change(input), by: context.actor)
            return try JSONResponse.make(body(item))
        }
        routes.add(
            .init(
                method: .post, path: "/api/v1/cases/{id}/alerts", operationID: "addCaseAlerts", summary: "Add alerts to an open case",
                tag: "Cases", access: .permission(.incidentsWrite), requestSchema: "CaseAlertsInput", responseSchema: "Case")
        ) { request, context in
            let input = try await request.json(AlertsInput.self)
            return try JSONResponse.make(
                body(try await cases.addAlerts(caseID: try await caseID(context), alertIDs: input.alertIds, by: context.actor)))
        }
        routes.add(
            .init(
                method: .post, path: "/api/v1/cases/{id}/merge", operationID: "mergeCase",
                summary:
                    "Merge this case into another (`into`): its alerts, tasks, observables, evidence, comments, actions and timeline move; this case closes as a duplicate. Answers the merged case",
                tag: "Cases", access: .permission(.incidentsWrite), requestSchema: "CaseMergeInput", responseSchema: "Case")
        ) { request, context in
            let input = try await request.json(MergeInput.self)
            guard Identifier.isValid(input.into) else { throw CoreError.invalid([FieldError(field: "into", message: "not a case id")]) }
            return try JSONResponse.make(body(try await cases.merge(try await caseID(context), into: input.into, by: context.actor)))
        }
        routes.add(
            .init(
                method: .post, path: "/api/v1/cases/{id}/links", operationID: "linkCase", summary: "Mark another case as related (both ways)",
                tag: "Cases", access: .permission(.incidentsWrite), requestSchema: "CaseLinkInput", responseSchema: "Case")
        ) { request, context in
            let input = try await request.json(LinkInput.self)
            guard Identifier.isValid(input.caseId) else { throw CoreError.invalid([FieldError(field: "case_id", message: "not a case id")]) }
            return try JSONResponse.make(body(try await cases.link(try await caseID(context), to: input.caseId, by: context.actor)))
        }
        routes.add(
            .init(
                method: .post, path: "/api/v1/cases/{id}/playbook", operationID: "applyPlaybook",
                summary: "Apply a playbook: creates its tasks (once), starts its regulatory clocks",
                tag: "Cases", access: .permission(.incidentsWrite), requestSchema: "PlaybookInput", responseSchema: "CaseTaskList", successStatus: 201
            )
        ) { request, context in
            let input = try await request.json(PlaybookInput.self)
            let created = try await cases.applyPlaybook(caseID: try await caseID(context), playbookID: input.playbook, by: context.actor)
            return try JSONResponse.make(CaseTaskListBody(tasks: created.map(CaseTaskBody.init)), status: .created)
        }
        routes.add(
            .init(
                method: .get, path: "/api/v1/cases/{id}/report", operationID: "caseReport",
                summary: "The incident report: timeline, decisions, tasks, observables, evidence hashes, actions, lessons learned",
                tag: "Cases", access: .permission(.incidentsRead),
                query: [
                    .init("format", "markdown (default) or html", .oneOf(["markdown", "html"])),
                    .init("download", "true: as an attachment (incident-N.md or .html)", .boolean),
                ],
                responseSchema: "CaseReport", responseContentType: "text/markdown", alternativeContentTypes: ["text/html"])
        ) { request, context in
            let format = request.queryString("format") ?? "markdown"
            guard ["markdown", "md", "html"].contains(format) else { throw APIError.badRequest("format: markdown or html") }
            let dossier = try await cases.dossier(try await caseID(context))
            var names: [String: String] = [:]
            for id in dossier.item.alertIDs.prefix(500) {
                if let alert = try await alerts.findAlert(id: id) {
                    names[id] = "\(alert.title) (\(alert.severity.rawValue), \(alert.host.isEmpty ? "no host" : alert.host))"
                }
            }
            for id in dossier.item.assetIDs.prefix(500) {
                if let asset = try await inventory.findAsset(id: id) { names[id] = "\(asset.name) (\(asset.criticality.rawValue))" }
            }
            for id in dossier.item.personIDs.prefix(500) {
                if let person = try await inventory.findPerson(id: id) { names[id] = "\(person.name) <\(person.email)>" }
            }
            let report = CaseReport(
                dossier: dossier, regulatory: regulatory, generatedAt: cases.clock.now(), generatedBy: context.actor.username, names: names)
            let html = format == "html"
            var response = Response(
                status: .ok, headers: [.contentType: html ? "text/html; charset=utf-8" : "text/markdown; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: html ? report.html() : report.markdown())))
            if try request.queryBool("download") == true {
                response.headers[.contentDisposition] = "attachment; filename=\"incident-\(dossier.item.number).\(html ? "html" : "md")\""
            }
            if html { response.headers[HTTPField.Name("Content-Security-Policy")!] = "default-src 'none'; style-src 'unsafe-inline'" }
            return response
        }
    }

    /// An assignee or task owner must be an enabled user of Bulwark ("" clears it): a typo would send the work,
    /// and its notifications, nowhere.
    static func checkUser(_ username: String?, field: String, _ users: AuthService) async throws {
        guard let username = username?.trimmingCharacters(in: .whitespaces), !username.isEmpty else { return }
        guard let user = try await users.findUser(username: username), !user.disabled else {
            throw CoreError.invalid([FieldError(field: field, message: "'\(username.prefix(64))' is not an enabled user")])
        }
    }

    static func saveView(_ cases: CaseService, name: String, query: String, owner: String) async throws -> CaseView {
        let name = name.trimmingCharacters(in: .whitespaces)
        var errors: [FieldError] = []
        if name.isEmpty || name.count > 100 { errors.append(FieldError(field: "name", message: "1 to 100 characters")) }
        if query.count > 1000 { errors.append(FieldError(field: "query", message: "longer than 1,000 characters")) }
        if !errors.isEmpty { throw CoreError.invalid(errors) }
        let existing = try await cases.views(owner: owner)
        guard existing.count < 50 || existing.contains(where: { $0.name == name }) else { throw CoreError.conflict("at most 50 saved views") }
        let cleaned = query.split(separator: "&").filter { !$0.hasPrefix("cursor=") && !$0.hasPrefix("notice=") }.joined(separator: "&")
        let view = CaseView(
            id: existing.first { $0.name == name }?.id ?? Identifier.make(), owner: owner, name: name, query: cleaned, createdAt: Date())
        try await cases.saveView(view)
        return view
    }

    /// `from` and `to` (exclusive) of a metrics request: RFC 3339 times, or days (`to` a day means through its end).
    /// The `{id}` of a case route: the case's id, its number (`12`) or its reference (`#12`, sent as `%2312`).
    func caseID(_ context: AuthedContext) async throws -> String {
        let raw = context.parameters.get("id") ?? ""
        let text = raw.removingPercentEncoding ?? raw
        if CaseReference.number(text) != nil {
            guard let found = try await cases.findCase(reference: text) else { throw CoreError.notFound(kind: "case", id: text) }
            return found.id
        }
        return try context.id("case")
    }

    static func identifier(_ context: AuthedContext, _ parameter: String, _ kind: String) throws -> String {
        guard let value = context.parameters.get(parameter), Identifier.isValid(value) else {
            throw CoreError.notFound(kind: kind, id: context.parameters.get(parameter) ?? "")
        }
        return value
    }

    static func query(_ request: Request) throws -> CaseQuery {
        var query = CaseQuery()
        query.statuses = request.formValue("status") == nil ? CaseQuery.openStatuses : try request.queryEnumList("status", CaseStatus.self)
        query.severities = try request.queryEnumList("severity", Severity.self)
        query.assignee = request.formValue("assignee")
        query.tag = request.formValue("tag").nonEmpty
        query.alertID = request.formValue("alert_id").nonEmpty
        query.text = request.formValue("q").nonEmpty.map { String($0.prefix(200)) }
        return query
    }

    static func change(_ input: UpdateInput) throws -> CaseService.Change {
        var change = CaseService.Change(
            title: input.title, description: input.description, summary: input.summary, lessonsLearned: input.lessonsLearned,
            tags: input.tags, assignee: input.assignee, assetIDs: input.assetIds, personIDs: input.personIds, awareAt: input.awareAt)
        change.severity = try input.severity.map { try EnumField.parse($0, Severity.self, "severity") }
        change.status = try input.status.map { try EnumField.parse($0, CaseStatus.self, "status") }
        change.resolution = try input.resolution.map { try EnumField.parse($0, CloseReason.self, "resolution") }
        change.tlp = try input.tlp.map { try EnumField.parse($0, TLP.self, "tlp") }
        change.pap = try input.pap.map { try EnumField.parse($0, PAP.self, "pap") }
        change.regulations = try input.regulations.map { try $0.map { try EnumField.parse($0, Regulation.self, "regulations") } }
        if let notified = input.notified {
            change.notified = (try EnumField.parse(notified.regulation, Regulation.self, "notified.regulation"), notified.at ?? Date())
        }
        for id in (input.assetIds ?? []) + (input.personIds ?? []) where !Identifier.isValid(id) {
            throw CoreError.invalid([FieldError(field: "asset_ids", message: "'\(id.prefix(40))' is not an id")])
        }
        return change
    }
}
