import AccessControl
import BulwarkCore
import Foundation
import HTTPTypes
import Hummingbird
import Incidents
import NIOCore

/// `/api/v1/cases`: cases and everything on them, playbooks, response actions, saved views and incident metrics.
struct CasesController {
    let cases: CaseService
    let users: AuthService

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

    func object(_ item: Case) -> [String: Any] { CaseJSON.object(item, regulatory: regulatory, now: cases.clock.now()) }

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
            return JSONResponse.make(["cases": page.items.map(object), "next": orNull(page.next)] as [String: Any])
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
                severity: try input.severity.map { try Self.parse($0, Severity.self, "severity") },
                tags: input.tags ?? [], assignee: input.assignee, alertIDs: input.alertIds ?? [], firstEventAt: input.firstEventAt)
            if let tlp = input.tlp { new.tlp = try Self.parse(tlp, TLP.self, "tlp") }
            if let pap = input.pap { new.pap = try Self.parse(pap, PAP.self, "pap") }
            var item = try await cases.create(new, by: context.actor)
            if let playbook = input.playbook {
                _ = try await cases.applyPlaybook(caseID: item.id, playbookID: playbook, by: context.actor)
                item = try await cases.get(item.id)
            }
            return JSONResponse.make(object(item), status: .created)
        }
        routes.add(
            .init(
                method: .get, path: "/api/v1/cases/{id}", operationID: "getCase",
                summary: "One case with its SLA and regulatory clocks, tasks, observables, timeline, evidence, actions and comments",
                tag: "Cases", access: .permission(.incidentsRead), responseSchema: "CaseDetail")
        ) { _, context in
            let dossier = try await cases.dossier(try context.id("case"))
            var body = object(dossier.item)
            body["tasks"] = dossier.tasks.map(CaseJSON.task)
            body["observables"] = dossier.observables.map { CaseJSON.observable($0) }
            body["timeline"] = dossier.timeline.map(CaseJSON.timeline)
            body["evidence"] = dossier.evidence.map(CaseJSON.evidence)
            body["actions"] = dossier.actions.map(CaseJSON.action)
            body["comments"] = dossier.comments.map(CaseJSON.comment)
            return JSONResponse.make(body)
        }
        routes.add(
            .init(
                method: .patch, path: "/api/v1/cases/{id}", operationID: "updateCase",
                summary:
                    "Change a case: status (a refused transition answers 409 naming the allowed ones; closing needs resolution and summary), assignee, severity, TLP/PAP, tags, affected assets and people, regulations, notifications, lessons learned",
                tag: "Cases", access: .permission(.incidentsWrite), requestSchema: "CaseUpdate", responseSchema: "Case")
        ) { request, context in
            let id = try context.id("case")
            let input = try await request.json(UpdateInput.self)
            try await Self.checkUser(input.assignee, field: "assignee", users)
            let item = try await cases.update(id: id, try Self.change(input), by: context.actor)
            return JSONResponse.make(object(item))
        }
        routes.add(
            .init(
                method: .post, path: "/api/v1/cases/{id}/alerts", operationID: "addCaseAlerts", summary: "Add alerts to an open case",
                tag: "Cases", access: .permission(.incidentsWrite), requestSchema: "CaseAlertsInput", responseSchema: "Case")
        ) { request, context in
            let input = try await request.json(AlertsInput.self)
            return JSONResponse.make(object(try await cases.addAlerts(caseID: try context.id("case"), alertIDs: input.alertIds, by: context.actor)))
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
            return JSONResponse.make(object(try await cases.merge(try context.id("case"), into: input.into, by: context.actor)))
        }
        routes.add(
            .init(
                method: .post, path: "/api/v1/cases/{id}/links", operationID: "linkCase", summary: "Mark another case as related (both ways)",
                tag: "Cases", access: .permission(.incidentsWrite), requestSchema: "CaseLinkInput", responseSchema: "Case")
        ) { request, context in
            let input = try await request.json(LinkInput.self)
            guard Identifier.isValid(input.caseId) else { throw CoreError.invalid([FieldError(field: "case_id", message: "not a case id")]) }
            return JSONResponse.make(object(try await cases.link(try context.id("case"), to: input.caseId, by: context.actor)))
        }
        routes.add(
            .init(
                method: .post, path: "/api/v1/cases/{id}/playbook", operationID: "applyPlaybook",
                summary: "Apply a playbook: creates its tasks (once), starts its regulatory clocks",
                tag: "Cases", access: .permission(.incidentsWrite), requestSchema: "PlaybookInput", responseSchema: "CaseTaskList", successStatus: 201
            )
        ) { request, context in
            let input = try await request.json(PlaybookInput.self)
            let created = try await cases.applyPlaybook(caseID: try context.id("case"), playbookID: input.playbook, by: context.actor)
            return JSONResponse.make(["tasks": created.map(CaseJSON.task)], status: .created)
        }
        routes.add(
            .init(
                method: .get, path: "/api/v1/cases/{id}/report", operationID: "caseReport",
                summary: "The incident report: timeline, decisions, tasks, observables, evidence hashes, actions, lessons learned",
                tag: "Cases", access: .permission(.incidentsRead),
                query: [.init("format", "markdown (default) or html", .oneOf(["markdown", "html"]))],
                responseSchema: "CaseReport", responseContentType: "text/markdown", alternativeContentTypes: ["text/html"])
        ) { request, context in
            let format = request.queryString("format") ?? "markdown"
            guard ["markdown", "md", "html"].contains(format) else { throw APIError.badRequest("format: markdown or html") }
            let dossier = try await cases.dossier(try context.id("case"))
            let report = CaseReport(dossier: dossier, regulatory: regulatory, generatedAt: cases.clock.now(), generatedBy: context.actor.username)
            let html = format == "html"
            var response = Response(
                status: .ok, headers: [.contentType: html ? "text/html; charset=utf-8" : "text/markdown; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: html ? report.html() : report.markdown())))
            if request.formValue("download") == "true" {
                response.headers[.contentDisposition] = "attachment; filename=\"incident-\(dossier.item.number).\(html ? "html" : "md")\""
            }
            if html { response.headers[HTTPField.Name("Content-Security-Policy")!] = "default-src 'none'; style-src 'unsafe-inline'" }
            return response
        }
    }

    private func registerRecords(_ routes: APIRoutes) {
        routes.add(
            .init(
                method: .post, path: "/api/v1/cases/{id}/tasks", operationID: "createCaseTask", summary: "Add a task",
                tag: "Cases", access: .permission(.incidentsWrite), requestSchema: "CaseTaskInput", responseSchema: "CaseTask", successStatus: 201)
        ) { request, context in
            let input = try await request.json(TaskInput.self)
            try await Self.checkUser(input.owner, field: "owner", users)
            let task = try await cases.addTask(
                caseID: try context.id("case"), title: input.title, description: input.description ?? "",
                phase: try input.phase.map { try Self.parse($0, CaseStatus.self, "phase") } ?? .triage, owner: input.owner,
                dueAt: input.dueAt, requiredEvidence: input.requiredEvidence ?? [], by: context.actor)
            return JSONResponse.make(CaseJSON.task(task), status: .created)
        }
        routes.add(
            .init(
                method: .patch, path: "/api/v1/cases/{id}/tasks/{task_id}", operationID: "updateCaseTask",
                summary: "Change a task's status, owner or due date, or add a log line; done needs the task's required evidence",
                tag: "Cases", access: .permission(.incidentsWrite), requestSchema: "CaseTaskUpdate", responseSchema: "CaseTask")
        ) { request, context in
            let input = try await request.json(TaskUpdateInput.self)
            try await Self.checkUser(input.owner, field: "owner", users)
            let change = CaseService.TaskChange(
                status: try input.status.map { try Self.parse($0, TaskStatus.self, "status") }, owner: input.owner, dueAt: input.dueAt,
                title: input.title, description: input.description, log: input.log)
            let task = try await cases.updateTask(
                caseID: try context.id("case"), taskID: try Self.identifier(context, "task_id", "task"), change, by: context.actor)
            return JSONResponse.make(CaseJSON.task(task))
        }
        routes.add(
            .init(
                method: .post, path: "/api/v1/cases/{id}/comments", operationID: "commentCase",
                summary: "Add a comment; @username mentions are notified",
                tag: "Cases", access: .permission(.incidentsWrite), requestSchema: "CommentInput", responseSchema: "CaseComment", successStatus: 201)
        ) { request, context in
            let input = try await request.json(AlertsController.CommentInput.self)
            return JSONResponse.make(
                CaseJSON.comment(try await cases.addComment(caseID: try context.id("case"), text: input.text, by: context.actor)), status: .created)
        }
        routes.add(
            .init(
                method: .get, path: "/api/v1/cases/{id}/timeline", operationID: "caseTimeline",
                summary: "The timeline by event time (JSON, or CSV with format=csv)", tag: "Cases", access: .permission(.incidentsRead),
                query: [
                    .init("format", "json (default) or csv", .oneOf(["json", "csv"])),
                    .init("order", "asc (default) or desc", .oneOf(["asc", "desc"])),
                ], responseSchema: "CaseTimeline",
                alternativeContentTypes: ["text/csv"])
        ) { request, context in
            let id = try context.id("case")
            let format = try request.queryChoice("format", ["json", "csv"])
            let order = try request.queryChoice("order", ["asc", "desc"])
            var entries = try await cases.timeline(caseID: id)
            if order == "desc" { entries.reverse() }
            if format == "csv" {
                let lines =
                    ["event_at,recorded_at,actor,category,text"]
                    + entries.map { entry in
                        [Timestamp.format(entry.eventAt), Timestamp.format(entry.createdAt), entry.actor, entry.category.rawValue, entry.text].map(
                            CSV.quote
                        ).joined(separator: ",")
                    }
                var response = Response(
                    status: .ok, headers: [.contentType: "text/csv; charset=utf-8"],
                    body: .init(byteBuffer: ByteBuffer(string: lines.joined(separator: "\r\n") + "\r\n")))
                response.headers[.contentDisposition] = "attachment; filename=\"case-timeline.csv\""
                return response
            }
            return JSONResponse.make(["timeline": entries.map(CaseJSON.timeline)])
        }
        routes.add(
            .init(
                method: .post, path: "/api/v1/cases/{id}/timeline", operationID: "addCaseTimelineEntry",
                summary: "Write a timeline entry at the time the event happened (event_at), distinct from when it is recorded",
                tag: "Cases", access: .permission(.incidentsWrite), requestSchema: "CaseTimelineInput", responseSchema: "CaseTimelineEntry",
                successStatus: 201)
        ) { request, context in
            let input = try await request.json(TimelineInput.self)
            let entry = try await cases.addTimelineEntry(caseID: try context.id("case"), text: input.text, eventAt: input.eventAt, by: context.actor)
            return JSONResponse.make(CaseJSON.timeline(entry), status: .created)
        }
        routes.add(
            .init(
                method: .get, path: "/api/v1/cases/{id}/observables", operationID: "listCaseObservables",
                summary: "Observables with where else each was seen (cases, alerts, events of 30 days) and matching threat intelligence",
                tag: "Cases", access: .permission(.incidentsRead), responseSchema: "CaseObservableList")
        ) { _, context in
            var items: [[String: Any]] = []
            for observable in try await cases.observables(caseID: try context.id("case")) {
                items.append(CaseJSON.observable(observable, sightings: try await cases.sightings(of: observable)))
            }
            return JSONResponse.make(["observables": items])
        }
        routes.add(
            .init(
                method: .post, path: "/api/v1/cases/{id}/observables", operationID: "addCaseObservable",
                summary:
                    "Add an observable (ip, domain, url, hash, email, user, host, file, registry); the same one twice answers 200 with the existing",
                tag: "Cases", access: .permission(.incidentsWrite), requestSchema: "CaseObservableInput", responseSchema: "CaseObservable",
                successStatus: 201,
                alsoSucceedsWith: 200)
        ) { request, context in
            let input = try await request.json(ObservableInput.self)
            let result = try await cases.addObservable(
                caseID: try context.id("case"), type: try Self.parse(input.type, ObservableType.self, "type"), value: input.value,
                description: input.description ?? "", ioc: input.ioc ?? false, tags: input.tags ?? [], by: context.actor)
            return JSONResponse.make(
                CaseJSON.observable(result.observable, sightings: try await cases.sightings(of: result.observable)),
                status: result.created ? .created : .ok)
        }
        routes.add(
            .init(
                method: .post, path: "/api/v1/cases/{id}/observables/{observable_id}/promote", operationID: "promoteCaseObservable",
                summary: "Make the observable a threat-intelligence indicator (detection alerts on it from now on)",
                tag: "Cases", access: .permission(.incidentsWrite), responseSchema: "CaseObservable")
        ) { _, context in
            let observable = try await cases.promote(
                caseID: try context.id("case"), observableID: try Self.identifier(context, "observable_id", "observable"), by: context.actor)
            return JSONResponse.make(CaseJSON.observable(observable))
        }
        routes.add(
            .init(
                method: .get, path: "/api/v1/cases/{id}/observables/export", operationID: "exportCaseObservables",
                summary: "The observables as a STIX 2.1 bundle (indicators for IOCs) or CSV", tag: "Cases", access: .permission(.incidentsRead),
                query: [.init("format", "stix (default) or csv", .oneOf(["stix", "csv"]))], responseSchema: "STIXBundle",
                responseContentType: "application/stix+json;version=2.1", alternativeContentTypes: ["text/csv"])
        ) { request, context in
            let id = try context.id("case")
            let csv = request.formValue("format") == "csv"
            guard csv || ["stix", nil].contains(request.formValue("format")) else { throw APIError.badRequest("format: stix or csv") }
            let item = try await cases.get(id)
            var response: Response
            if csv {
                response = Response(
                    status: .ok, headers: [.contentType: "text/csv; charset=utf-8"],
                    body: .init(byteBuffer: ByteBuffer(string: try await cases.observablesCSV(caseID: id))))
            } else {
                response = Response(
                    status: .ok, headers: [.contentType: "application/stix+json;version=2.1"],
                    body: .init(byteBuffer: ByteBuffer(data: try await cases.observablesSTIX(caseID: id))))
            }
            response.headers[.contentDisposition] = "attachment; filename=\"case-\(item.number)-observables.\(csv ? "csv" : "json")\""
            return response
        }
    }

    private func registerEvidenceAndActions(_ routes: APIRoutes) {
        routes.add(
            .init(
                method: .post, path: "/api/v1/cases/{id}/evidence", operationID: "uploadCaseEvidence",
                summary: "Upload an evidence file (the body); stored with its SHA-256 and a chain-of-custody record",
                tag: "Cases", access: .permission(.incidentsWrite),
                query: [
                    .init("name", "file name (required)"), .init("description", "what it is"),
                    .init("task_id", "the task it belongs to (required evidence)"),
                ],
                requestSchema: "the file, up to the evidence limit (--evidence-max-size)", requestContentType: "application/octet-stream",
                responseSchema: "CaseEvidence", successStatus: 201)
        ) { request, context in
            let id = try context.id("case")
            let limit = cases.settings.maximumEvidenceBytes
            let buffer: ByteBuffer
            do { buffer = try await request.body.collect(upTo: limit) } catch is NIOTooManyBytesError {
                throw APIError(status: .contentTooLarge, code: "payload_too_large", message: "body: larger than the evidence limit of \(limit) bytes")
            }
            let taskID = request.queryString("task_id")
            if let taskID, !Identifier.isValid(taskID) { throw CoreError.invalid([FieldError(field: "task_id", message: "not a task id")]) }
            let evidence = try await cases.addEvidence(
                caseID: id, taskID: taskID, fileName: request.queryString("name") ?? "",
                contentType: request.headers[.contentType] ?? "application/octet-stream",
                description: request.queryString("description") ?? "", data: Data(buffer.readableBytesView), by: context.actor)
            return JSONResponse.make(CaseJSON.evidence(evidence), status: .created)
        }
        routes.add(
            .init(
                method: .get, path: "/api/v1/cases/{id}/evidence/{evidence_id}", operationID: "downloadCaseEvidence",
                summary:
                    "Download an evidence file (checked against its SHA-256; the download is written on its custody record and in the audit log)",
                tag: "Cases", access: .permission(.incidentsRead), responseSchema: "EvidenceFile", responseContentType: "application/octet-stream")
        ) { _, context in
            let result = try await cases.downloadEvidence(
                caseID: try context.id("case"), evidenceID: try Self.identifier(context, "evidence_id", "evidence"), by: context.actor)
            let name = result.evidence.fileName.replacingOccurrences(of: "\"", with: "_").unicodeScalars.filter { $0.isASCII && $0.value >= 0x20 }
                .map(String.init).joined()
            return Response(
                status: .ok,
                headers: [
                    .contentType: "application/octet-stream", .contentDisposition: "attachment; filename=\"\(name)\"",
                    HTTPField.Name("X-Content-SHA256")!: result.evidence.sha256,
                ],
                body: .init(byteBuffer: ByteBuffer(data: result.data)))
        }
        routes.add(
            .init(
                method: .get, path: "/api/v1/response-actions", operationID: "listResponseActions",
                summary: "The configured response actions (--response-actions)", tag: "Cases", access: .permission(.incidentsRead),
                responseSchema: "ResponseActionList")
        ) { _, _ in
            JSONResponse.make(["actions": cases.actions.map(CaseJSON.responseAction)])
        }
        routes.add(
            .init(
                method: .post, path: "/api/v1/cases/{id}/actions", operationID: "runCaseAction",
                summary: "Run a response action with an observable (or value) as input; one that requires approval waits for a second person",
                tag: "Cases", access: .permission(.incidentsWrite), requestSchema: "CaseActionInput", responseSchema: "CaseActionRun",
                successStatus: 201)
        ) { request, context in
            let input = try await request.json(ActionInput.self)
            let run = try await cases.requestAction(
                caseID: try context.id("case"), actionID: input.action, observableID: input.observableId, value: input.value, by: context.actor)
            return JSONResponse.make(CaseJSON.action(run), status: .created)
        }
        for decision in ["approve", "reject"] {
            routes.add(
                .init(
                    method: .post, path: "/api/v1/cases/{id}/actions/{run_id}/\(decision)",
                    operationID: decision == "approve" ? "approveCaseAction" : "rejectCaseAction",
                    summary: decision == "approve" ? "Approve (and run) a waiting action; not by the person who asked" : "Reject a waiting action",
                    tag: "Cases", access: .permission(.incidentsWrite), responseSchema: "CaseActionRun")
            ) { _, context in
                let run = try await cases.decideAction(
                    caseID: try context.id("case"), runID: try Self.identifier(context, "run_id", "action run"),
                    approve: decision == "approve", by: context.actor)
                return JSONResponse.make(CaseJSON.action(run))
            }
        }
    }

    private func registerOthers(_ routes: APIRoutes) {
        routes.add(
            .init(
                method: .get, path: "/api/v1/playbooks", operationID: "listPlaybooks",
                summary:
                    "Playbooks: the bundled ones and those of --playbooks, with their phases, tasks and required evidence; files left out and why",
                tag: "Cases", access: .permission(.incidentsRead), responseSchema: "PlaybookList")
        ) { _, _ in
            JSONResponse.make(["playbooks": cases.playbooks.sorted.map(CaseJSON.playbook), "errors": cases.playbooks.errors.map(\.description)])
        }
        routes.add(
            .init(
                method: .get, path: "/api/v1/metrics/incidents", operationID: "incidentMetrics",
                summary:
                    "MTTD, MTTA and MTTR (mean and median seconds) and SLA compliance of the cases detected in a period, by severity and by day, week or month",
                tag: "Cases", access: .permission(.incidentsRead),
                query: [
                    .init("from", "start (RFC 3339 or YYYY-MM-DD; default 90 days ago)", .timeOrDay),
                    .init("to", "end: a time (exclusive) or a day (through its end); default now", .timeOrDay),
                    .oneOf("interval", "day, week (default) or month", IncidentMetrics.Interval.self),
                ], responseSchema: "IncidentMetrics")
        ) { request, _ in
            let range = try Self.range(request, now: cases.clock.now())
            let metrics = try await cases.metrics(
                from: range.from, to: range.to, interval: try request.queryEnum("interval", IncidentMetrics.Interval.self) ?? .week)
            return JSONResponse.make(CaseJSON.metrics(metrics))
        }
        routes.add(
            .init(
                method: .get, path: "/api/v1/case-views", operationID: "listCaseViews", summary: "Your saved case-list views",
                tag: "Cases", access: .permission(.incidentsRead), responseSchema: "CaseViewList")
        ) { _, context in
            let views = try await cases.views(owner: context.actor.username)
            return JSONResponse.make(["views": views.map { ["id": $0.id, "name": $0.name, "query": $0.query] }] as [String: Any])
        }
        routes.add(
            .init(
                method: .post, path: "/api/v1/case-views", operationID: "createCaseView",
                summary: "Save a case-list view (a name and the list's query string)",
                tag: "Cases", access: .permission(.incidentsRead), requestSchema: "CaseViewInput", responseSchema: "CaseView", successStatus: 201)
        ) { request, context in
            let input = try await request.json(ViewInput.self)
            let view = try await Self.saveView(cases, name: input.name, query: input.query, owner: context.actor.username)
            return JSONResponse.make(["id": view.id, "name": view.name, "query": view.query] as [String: Any], status: .created)
        }
        routes.add(
            .init(
                method: .delete, path: "/api/v1/case-views/{id}", operationID: "deleteCaseView", summary: "Delete one of your saved views",
                tag: "Cases", access: .permission(.incidentsRead), successStatus: 204)
        ) { _, context in
            let id = try context.id("view")
            guard try await cases.deleteView(id: id, owner: context.actor.username) else { throw CoreError.notFound(kind: "view", id: id) }
            return Response(status: .noContent)
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
    static func range(_ request: Request, now: Date) throws -> (from: Date, to: Date) {
        func date(_ name: String, endOfDay: Bool) throws -> Date? {
            guard let text = request.queryString(name) else { return nil }
            if let value = Timestamp.parse(text) { return value }
            if let day = Timestamp.parse(text + "T00:00:00Z") { return endOfDay ? day.addingTimeInterval(86400) : day }
            throw APIError.badRequest("\(name): '\(text)' is not an RFC 3339 time or YYYY-MM-DD")
        }
        let to = try date("to", endOfDay: true) ?? now.addingTimeInterval(1)
        return (try date("from", endOfDay: false) ?? to.addingTimeInterval(-90 * 86400), to)
    }

    static func identifier(_ context: AuthedContext, _ parameter: String, _ kind: String) throws -> String {
        guard let value = context.parameters.get(parameter), Identifier.isValid(value) else {
            throw CoreError.notFound(kind: kind, id: context.parameters.get(parameter) ?? "")
        }
        return value
    }

    static func parse<T: RawRepresentable & CaseIterable>(_ text: String, _ type: T.Type, _ field: String) throws -> T where T.RawValue == String {
        guard let value = T(rawValue: text) else {
            throw CoreError.invalid([
                FieldError(field: field, message: "'\(text)' is not one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
            ])
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
        change.severity = try input.severity.map { try parse($0, Severity.self, "severity") }
        change.status = try input.status.map { try parse($0, CaseStatus.self, "status") }
        change.resolution = try input.resolution.map { try parse($0, CloseReason.self, "resolution") }
        change.tlp = try input.tlp.map { try parse($0, TLP.self, "tlp") }
        change.pap = try input.pap.map { try parse($0, PAP.self, "pap") }
        change.regulations = try input.regulations.map { try $0.map { try parse($0, Regulation.self, "regulations") } }
        if let notified = input.notified {
            change.notified = (try parse(notified.regulation, Regulation.self, "notified.regulation"), notified.at ?? Date())
        }
        for id in (input.assetIds ?? []) + (input.personIds ?? []) where !Identifier.isValid(id) {
            throw CoreError.invalid([FieldError(field: "asset_ids", message: "'\(id.prefix(40))' is not an id")])
        }
        return change
    }
}
