// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import HTTPTypes
import Hummingbird
import Incidents
import NIOCore

/// Saved case views, incident metrics and playbooks.
extension CasesController {
    func registerOthers(_ routes: APIRoutes) {
        routes.add(
            .init(
                method: .get, path: "/api/v1/playbooks", operationID: "listPlaybooks",
                summary:
                    "Playbooks: the bundled ones and those of --playbooks, with their phases, tasks and required evidence; files left out and why",
                tag: "Cases", access: .permission(.incidentsRead), responseSchema: "PlaybookList")
        ) { _, _ in
            try JSONResponse.make(
                PlaybookListBody(playbooks: cases.playbooks.sorted.map(PlaybookBody.init), errors: cases.playbooks.errors.map(\.description)))
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
            let range = try request.queryPeriod(now: cases.clock.now())
            let metrics = try await cases.metrics(
                from: range.from, to: range.to, interval: try request.queryEnum("interval", IncidentMetrics.Interval.self) ?? .week)
            return try JSONResponse.make(IncidentMetricsBody(metrics))
        }
        routes.add(
            .init(
                method: .get, path: "/api/v1/case-views", operationID: "listCaseViews", summary: "Your saved case-list views",
                tag: "Cases", access: .permission(.incidentsRead), responseSchema: "CaseViewList")
        ) { _, context in
            let views = try await cases.views(owner: context.actor.username)
            return try JSONResponse.make(CaseViewListBody(views: views.map(CaseViewBody.init)))
        }
        routes.add(
            .init(
                method: .post, path: "/api/v1/case-views", operationID: "createCaseView",
                summary: "Save a case-list view (a name and the list's query string)",
                tag: "Cases", access: .permission(.incidentsRead), requestSchema: "CaseViewInput", responseSchema: "CaseView", successStatus: 201)
        ) { request, context in
            let input = try await request.json(ViewInput.self)
            let view = try await Self.saveView(cases, name: input.name, query: input.query, owner: context.actor.username)
            return try JSONResponse.make(CaseViewBody(view), status: .created)
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
}
