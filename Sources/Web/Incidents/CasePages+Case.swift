// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import Hummingbird
import Incidents

extension CasePages {
    func registerCase(_ router: Router<WebContext>) {
        router.get("/incidents/{id}") { request, context in
            let principal = try context.require(.incidentsRead)
            // `/incidents/12` and `/incidents/%2312` (#12) lead to the case's own address.
            let raw = context.parameters.get("id") ?? ""
            if let number = CaseReference.number(raw.removingPercentEncoding ?? raw) {
                guard let found = try await cases.findCase(number: number) else { throw CoreError.notFound(kind: "case", id: "#\(number)") }
                return Response.redirect(to: "/incidents/\(found.id)" + (request.uri.query.map { "?" + $0 } ?? ""))
            }
            let page = try await CasePage.load(
                cases, inventory: inventory, id: try context.identifier("case"), timelineDescending: request.formValue("timeline") == "desc",
                principal: principal, csrf: context.csrf)
            return context.page(request, principal, title: page.title, area: .incidents, body: page.render())
        }
        router.post("/incidents/{id}") { request, context in
            let principal = try context.require(.incidentsWrite)
            let id = try context.identifier("case")
            let form = try await Form.read(request, session: context.session, limit: 512 * 1024)
            let anchor = form.text("anchor").isEmpty ? "" : "#" + form.text("anchor").filter { $0.isLetter || $0 == "-" }
            do {
                let notice = try await perform(form, caseID: id, principal: principal, actor: context.auditActor(principal))
                if let target = notice.redirect { return redirect(target, notice: notice.text) }
                return redirect("/incidents/\(id)", notice: notice.text).withAnchor(anchor)
            } catch let error as CoreError {
                return redirect("/incidents/\(id)", notice: "Not saved: \(error.description)").withAnchor(anchor)
            }
        }
        router.post("/incidents/{id}/evidence") { request, context in
            let principal = try context.require(.incidentsWrite)
            let id = try context.identifier("case")
            let form = try await MultipartForm.read(request, session: context.session, limit: cases.settings.maximumEvidenceBytes + 64 * 1024)
            guard let file = form.files.first(where: { $0.name == "file" }), !file.fileName.isEmpty else {
                return redirect("/incidents/\(id)#evidence", notice: "Choose a file first.")
            }
            let taskID = form.text("task_id").isEmpty ? nil : form.text("task_id")
            do {
                let evidence = try await cases.addEvidence(
                    caseID: id, taskID: taskID, fileName: file.fileName, contentType: file.contentType,
                    description: form.text("description"), data: file.data, by: context.auditActor(principal))
                return redirect("/incidents/\(id)", notice: "Evidence \(evidence.fileName) kept (SHA-256 \(evidence.sha256)).").withAnchor(
                    "#evidence")
            } catch let error as CoreError {
                return redirect("/incidents/\(id)", notice: "Not kept: \(error.description)").withAnchor("#evidence")
            }
        }
    }

    struct Outcome {
        var text: String
        var redirect: String?
    }

    private func perform(_ form: Form, caseID: String, principal: Principal, actor: AuditActor) async throws -> Outcome {
        func date(_ name: String) -> Date? {
            let text = form.text(name)
            guard !text.isEmpty else { return nil }
            return Timestamp.parse(text) ?? Timestamp.parse(text + ":00Z") ?? Timestamp.parse(text + "Z")
        }
        switch form.text("action") {
        case "status":
            guard let status = CaseStatus(rawValue: form.text("status")) else {
                throw CoreError.invalid([FieldError(field: "status", message: "choose a status")])
            }
            var change = CaseService.Change(status: status)
            if status == .closed {
                change.resolution = CloseReason(rawValue: form.text("resolution"))
                change.summary = form["summary"]
            }
            let item = try await cases.update(id: caseID, change, by: actor)
            return Outcome(text: "\(item.reference) is now \(item.status.rawValue).")
        case "assign":
            try await CasesController.checkUser(form["assignee"], field: "assignee", users)
            let item = try await cases.update(id: caseID, CaseService.Change(assignee: form["assignee"] ?? principal.username), by: actor)
            return Outcome(text: item.assignee.map { "Assigned to \($0)." } ?? "Unassigned.")
        case "details":
            var change = CaseService.Change(
                title: form.text("title"), description: form["description"] ?? "", severity: Severity(rawValue: form.text("severity")),
                tlp: TLP(rawValue: form.text("tlp")), pap: PAP(rawValue: form.text("pap")),
                tags: form.text("tags").split(separator: ",").map(String.init), assetIDs: form.all("asset_ids").filter(Identifier.isValid),
                personIDs: form.all("person_ids").filter(Identifier.isValid),
                regulations: form.all("regulations").compactMap(Regulation.init(rawValue:)))
            change.awareAt = date("aware_at")
            _ = try await cases.update(id: caseID, change, by: actor)
            return Outcome(text: "Saved.")
        case "notified":
            guard let regulation = Regulation(rawValue: form.text("regulation")) else {
                throw CoreError.invalid([FieldError(field: "regulation", message: "choose one")])
            }
            _ = try await cases.update(id: caseID, CaseService.Change(notified: (regulation, date("at") ?? cases.clock.now())), by: actor)
            return Outcome(text: "Notification recorded.")
        case "closure":
            _ = try await cases.update(
                id: caseID, CaseService.Change(summary: form["summary"] ?? "", lessonsLearned: form["lessons_learned"] ?? ""), by: actor)
            return Outcome(text: "Saved.")
        case "playbook":
            let created = try await cases.applyPlaybook(caseID: caseID, playbookID: form.text("playbook"), by: actor)
            return Outcome(text: "\(created.count) task\(created.count == 1 ? "" : "s") created.")
        case "task_add":
            try await CasesController.checkUser(form.text("owner"), field: "owner", users)
            let task = try await cases.addTask(
                caseID: caseID, title: form.text("title"), phase: CaseStatus(rawValue: form.text("phase")) ?? .triage,
                owner: form.text("owner"), dueAt: date("due_at"), by: actor)
            return Outcome(text: "Task \(task.title) added.")
        case "task":
            let change = CaseService.TaskChange(
                status: TaskStatus(rawValue: form.text("status")), owner: form["owner"].map { $0 == "me" ? principal.username : $0 }, log: form["log"]
            )
            let task = try await cases.updateTask(caseID: caseID, taskID: form.text("task_id"), change, by: actor)
            return Outcome(text: "Task \(task.title): \(task.status.rawValue.replacingOccurrences(of: "_", with: " ")).")
        case "comment":
            let comment = try await cases.addComment(caseID: caseID, text: form["text"] ?? "", by: actor)
            return Outcome(text: comment.mentions.isEmpty ? "Comment added." : "Comment added; \(comment.mentions.joined(separator: ", ")) notified.")
        case "timeline":
            guard let at = date("event_at") else { throw CoreError.invalid([FieldError(field: "event_at", message: "when did it happen?")]) }
            _ = try await cases.addTimelineEntry(caseID: caseID, text: form["text"] ?? "", eventAt: at, by: actor)
            return Outcome(text: "Timeline entry added.")
        case "observable":
            guard let type = ObservableType(rawValue: form.text("type")) else {
                throw CoreError.invalid([FieldError(field: "type", message: "choose a type")])
            }
            let result = try await cases.addObservable(
                caseID: caseID, type: type, value: form.text("value"), description: form.text("description"),
                ioc: form.flag("ioc"), by: actor)
            return Outcome(text: result.created ? "Observable added." : "The case already has this observable.")
        case "promote":
            let observable = try await cases.promote(caseID: caseID, observableID: form.text("observable_id"), by: actor)
            return Outcome(text: "\(observable.value) is now a threat-intelligence indicator.")
        case "alerts":
            let typed = form.text("alert_ids").split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\n" }).map(String.init)
            let ids = (form.all("alert_id") + typed).filter(Identifier.isValid)
            if ids.isEmpty { throw CoreError.invalid([FieldError(field: "alert_id", message: "pick at least one alert")]) }
            let item = try await cases.addAlerts(caseID: caseID, alertIDs: ids, by: actor)
            return Outcome(text: "\(item.alertIDs.count) alerts on the case.")
        case "link", "merge":
            let reference = form.text("case").trimmingCharacters(in: CharacterSet(charactersIn: "# "))
            guard let number = Int(reference), let other = try await cases.findCase(number: number) else {
                throw CoreError.invalid([FieldError(field: "case", message: "'\(form.text("case"))' is not a case number")])
            }
            if form.text("action") == "link" {
                _ = try await cases.link(caseID, to: other.id, by: actor)
                return Outcome(text: "Related to \(other.reference).")
            }
            let target = try await cases.merge(caseID, into: other.id, by: actor)
            return Outcome(text: "Merged into \(target.reference).", redirect: "/incidents/\(target.id)")
        case "action":
            let observable = form.text("observable_id")
            let run = try await cases.requestAction(
                caseID: caseID, actionID: form.text("response_action"), observableID: observable.isEmpty ? nil : observable,
                value: form.text("value"), by: actor)
            return Outcome(
                text: run.status == .pendingApproval
                    ? "\(run.actionName) waits for a second person's approval."
                    : "\(run.actionName): \(run.status.rawValue)\(run.error.map { " (\($0))" } ?? "").")
        case "approve", "reject":
            let run = try await cases.decideAction(caseID: caseID, runID: form.text("run_id"), approve: form.text("action") == "approve", by: actor)
            return Outcome(text: "\(run.actionName): \(run.status.rawValue)\(run.error.map { " (\($0))" } ?? "").")
        default:
            throw CoreError.invalid([FieldError(field: "action", message: "unknown action")])
        }
    }
}

extension Response {
    /// The same redirect, to an anchor of the page.
    func withAnchor(_ anchor: String) -> Response {
        guard !anchor.isEmpty, let location = headers[.location] else { return self }
        var copy = self
        copy.headers[.location] = location + anchor
        return copy
    }
}
