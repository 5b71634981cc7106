// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import HTTPTypes
import Hummingbird
import Incidents
import NIOCore

/// A case's records: tasks, comments, timeline, observables, playbooks, links and merges.
extension CasesController {
    func registerRecords(_ routes: APIRoutes) {
        routes.add(
            .init(
                method: .post, path: "/api/v1/cases/{id}/tasks", operationID: "createCaseTask", summary: "Add a task",
                tag: "Cases", access: .permission(.incidentsWrite), requestSchema: "CaseTaskInput", responseSchema: "CaseTask", successStatus: 201)
        ) { request, context in
            let input = try await request.json(TaskInput.self)
            try await Self.checkUser(input.owner, field: "owner", users)
            let task = try await cases.addTask(
                caseID: try await caseID(context), title: input.title, description: input.description ?? "",
                phase: try input.phase.map { try EnumField.parse($0, CaseStatus.self, "phase") } ?? .triage, owner: input.owner,
                dueAt: input.dueAt, requiredEvidence: input.requiredEvidence ?? [], by: context.actor)
            return try JSONResponse.make(CaseTaskBody(task), status: .created)
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
                status: try input.status.map { try EnumField.parse($0, TaskStatus.self, "status") }, owner: input.owner, dueAt: input.dueAt,
                title: input.title, description: input.description, log: input.log)
            let task = try await cases.updateTask(
                caseID: try await caseID(context), taskID: try Self.identifier(context, "task_id", "task"), change, by: context.actor)
            return try JSONResponse.make(CaseTaskBody(task))
        }
        routes.add(
            .init(
                method: .post, path: "/api/v1/cases/{id}/comments", operationID: "commentCase",
                summary: "Add a comment; @username mentions are notified",
                tag: "Cases", access: .permission(.incidentsWrite), requestSchema: "CommentInput", responseSchema: "CaseComment", successStatus: 201)
        ) { request, context in
            let input = try await request.json(AlertsController.CommentInput.self)
            return try JSONResponse.make(
                CaseCommentBody(try await cases.addComment(caseID: try await caseID(context), text: input.text, by: context.actor)), status: .created)
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
            let id = try await caseID(context)
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
            return try JSONResponse.make(CaseTimelineListBody(timeline: entries.map(CaseTimelineBody.init)))
        }
        routes.add(
            .init(
                method: .post, path: "/api/v1/cases/{id}/timeline", operationID: "addCaseTimelineEntry",
                summary: "Write a timeline entry at the time the event happened (event_at), distinct from when it is recorded",
                tag: "Cases", access: .permission(.incidentsWrite), requestSchema: "CaseTimelineInput", responseSchema: "CaseTimelineEntry",
                successStatus: 201)
        ) { request, context in
            let input = try await request.json(TimelineInput.self)
            let entry = try await cases.addTimelineEntry(
                caseID: try await caseID(context), text: input.text, eventAt: input.eventAt, by: context.actor)
            return try JSONResponse.make(CaseTimelineBody(entry), status: .created)
        }
        routes.add(
            .init(
                method: .get, path: "/api/v1/cases/{id}/observables", operationID: "listCaseObservables",
                summary: "Observables with where else each was seen (cases, alerts, events of 30 days) and matching threat intelligence",
                tag: "Cases", access: .permission(.incidentsRead), responseSchema: "CaseObservableList")
        ) { _, context in
            var items: [CaseObservableBody] = []
            for observable in try await cases.observables(caseID: try await caseID(context)) {
                items.append(CaseObservableBody(observable, sightings: try await cases.sightings(of: observable)))
            }
            return try JSONResponse.make(CaseObservableListBody(observables: items))
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
                caseID: try await caseID(context), type: try EnumField.parse(input.type, ObservableType.self, "type"), value: input.value,
                description: input.description ?? "", ioc: input.ioc ?? false, tags: input.tags ?? [], by: context.actor)
            return try JSONResponse.make(
                CaseObservableBody(result.observable, sightings: try await cases.sightings(of: result.observable)),
                status: result.created ? .created : .ok)
        }
        routes.add(
            .init(
                method: .post, path: "/api/v1/cases/{id}/observables/{observable_id}/promote", operationID: "promoteCaseObservable",
                summary: "Make the observable a threat-intelligence indicator (detection alerts on it from now on)",
                tag: "Cases", access: .permission(.incidentsWrite), responseSchema: "CaseObservable")
        ) { _, context in
            let observable = try await cases.promote(
                caseID: try await caseID(context), observableID: try Self.identifier(context, "observable_id", "observable"), by: context.actor)
            return try JSONResponse.make(CaseObservableBody(observable))
        }
        routes.add(
            .init(
                method: .get, path: "/api/v1/cases/{id}/observables/export", operationID: "exportCaseObservables",
                summary: "The observables as a STIX 2.1 bundle (indicators for IOCs) or CSV", tag: "Cases", access: .permission(.incidentsRead),
                query: [.init("format", "stix (default) or csv", .oneOf(["stix", "csv"]))], responseSchema: "STIXBundle",
                responseContentType: "application/stix+json;version=2.1", alternativeContentTypes: ["text/csv"])
        ) { request, context in
            let id = try await caseID(context)
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
}
