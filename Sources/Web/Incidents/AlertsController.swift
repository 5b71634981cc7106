// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import Hummingbird
import Incidents
import Monitoring

/// `/api/v1/alerts`: the alert queue, one alert with its events and comments, the workflow, bulk changes,
/// manual alerts and suppressions.
struct AlertsController {
    let alerts: AlertService
    let events: MonitoringService

    static let listParameters = [
        APIOperation.Parameter.listOf("status", "comma-separated: new, acknowledged, closed (default: new,acknowledged)", AlertStatus.self),
        .listOf("severity", "comma-separated: informational, low, medium, high, critical", Severity.self),
        .init("rule_id", "the rule (or intel:<indicator id>) that raised it"),
        .init("host", "host name, exact (case-insensitive)"),
        .init("assignee", "username; empty for unassigned"),
        .oneOf("source", "sigma, correlation, intel or manual", AlertSource.self),
        .init("asset_id", "inventory asset"),
        .init("q", "words in title, host, user, tags or rule id"),
        .limit, .cursor,
    ]

    func register(_ routes: APIRoutes) {
        routes.add(
            .init(
                method: .get, path: "/api/v1/alerts", operationID: "listAlerts", summary: "The alert queue, newest first, with filters",
                tag: "Alerts", access: .permission(.alertsRead), query: Self.listParameters, responseSchema: "AlertList")
        ) { request, _ in
            let query = try Self.query(request)
            let page = try await alerts.listAlerts(query, page: try request.pageRequest())
            return try JSONResponse.make(AlertListBody(alerts: page.items.map(AlertBody.init), next: page.next))
        }
        routes.add(
            .init(
                method: .post, path: "/api/v1/alerts", operationID: "createAlert", summary: "Raise an alert by hand",
                tag: "Alerts", access: .permission(.alertsWrite), requestSchema: "AlertInput", responseSchema: "Alert", successStatus: 201)
        ) { request, context in
            let input = try await request.json(CreateInput.self)
            let severity = try Self.severity(input.severity ?? "medium", field: "severity")
            let alert = try await alerts.createManual(
                title: input.title, severity: severity, description: input.description ?? "",
                host: input.host ?? "", by: context.actor)
            return try JSONResponse.make(AlertBody(alert), status: .created)
        }
        routes.add(
            .init(
                method: .get, path: "/api/v1/alerts/{id}", operationID: "getAlert",
                summary: "One alert with its matched events (up to 20) and comments", tag: "Alerts",
                access: .permission(.alertsRead), responseSchema: "AlertDetail")
        ) { _, context in
            let id = try context.id("alert")
            guard let alert = try await alerts.findAlert(id: id) else { throw CoreError.notFound(kind: "alert", id: id) }
            var matched: [StoredEvent] = []
            for eventID in alert.eventIDs.prefix(20) {
                if let event = try await events.event(id: eventID) { matched.append(event) }
            }
            return try JSONResponse.make(
                AlertDetailBody(
                    alert: AlertBody(alert), comments: try await alerts.comments(alertID: id).map(AlertCommentBody.init), events: matched,
                    allowedTransitions: AlertService.allowedTransitions(from: alert.status).map(\.rawValue)))
        }
        routes.add(
            .init(
                method: .patch, path: "/api/v1/alerts/{id}", operationID: "updateAlert",
                summary: "Acknowledge, assign, close (with close_reason) or reopen; a refused transition answers 409 naming the allowed ones",
                tag: "Alerts", access: .permission(.alertsWrite), requestSchema: "AlertUpdate", responseSchema: "Alert")
        ) { request, context in
            let id = try context.id("alert")
            let change = try Self.change(try await request.json(UpdateInput.self))
            let alert = try await alerts.update(id: id, change, by: context.actor)
            return try JSONResponse.make(AlertBody(alert))
        }
        routes.add(
            .init(
                method: .post, path: "/api/v1/alerts/{id}/comments", operationID: "commentAlert", summary: "Add a comment",
                tag: "Alerts", access: .permission(.alertsWrite), requestSchema: "CommentInput", responseSchema: "AlertComment",
                successStatus: 201)
        ) { request, context in
            let id = try context.id("alert")
            let input = try await request.json(CommentInput.self)
            let comment = try await alerts.addComment(alertID: id, text: input.text, by: context.actor)
            return try JSONResponse.make(AlertCommentBody(comment), status: .created)
        }
        routes.add(
            .init(
                method: .post, path: "/api/v1/alerts/bulk", operationID: "bulkUpdateAlerts",
                summary: "The same change for many alerts (at most 500); the result of each", tag: "Alerts",
                access: .permission(.alertsWrite), requestSchema: "AlertBulkUpdate", responseSchema: "AlertBulkResult")
        ) { request, context in
            let input = try await request.json(BulkInput.self)
            guard !input.ids.isEmpty, input.ids.count <= 500 else {
                throw CoreError.invalid([FieldError(field: "ids", message: "1 to 500 alert ids")])
            }
            let change = try Self.change(
                UpdateInput(status: input.status, closeReason: input.closeReason, assignee: input.assignee, comment: input.comment))
            let results = await alerts.bulkUpdate(ids: input.ids, change, by: context.actor)
            return try JSONResponse.make(
                AlertBulkBody(
                    results: results.map { .init(id: $0.id, ok: $0.error == nil, error: $0.error) }, updated: results.filter { $0.error == nil }.count
                ))
        }
        routes.add(
            .init(
                method: .get, path: "/api/v1/alert-suppressions", operationID: "listAlertSuppressions",
                summary: "Suppressions: rule, host, user, reason, expiry and the matches they dropped", tag: "Alerts",
                access: .permission(.alertsRead), responseSchema: "AlertSuppressionList")
        ) { _, _ in
            try JSONResponse.make(AlertSuppressionListBody(suppressions: try await alerts.listSuppressions().map(AlertSuppressionBody.init)))
        }
        routes.add(
            .init(
                method: .post, path: "/api/v1/alert-suppressions", operationID: "createAlertSuppression",
                summary: "Stop alerting on a rule (and/or host, user) until an expiry, with a reason", tag: "Alerts",
                access: .permission(.alertsWrite), requestSchema: "AlertSuppressionInput", responseSchema: "AlertSuppression",
                successStatus: 201)
        ) { request, context in
            let input = try await request.json(SuppressionInput.self)
            let suppression = try await alerts.createSuppression(
                ruleID: input.ruleId.nonEmpty, host: input.host.nonEmpty, user: input.user.nonEmpty,
                reason: input.reason, expiresAt: input.expiresAt, by: context.actor)
            return try JSONResponse.make(AlertSuppressionBody(suppression), status: .created)
        }
        routes.add(
            .init(
                method: .delete, path: "/api/v1/alert-suppressions/{id}", operationID: "deleteAlertSuppression",
                summary: "End a suppression", tag: "Alerts", access: .permission(.alertsWrite), successStatus: 204)
        ) { _, context in
            try await alerts.deleteSuppression(id: try context.id("suppression"), by: context.actor)
            return Response(status: .noContent)
        }
    }

    static func query(_ request: Request) throws -> AlertQuery {
        var query = AlertQuery()
        query.statuses = request.formValue("status") == nil ? [.new, .acknowledged] : try request.queryEnumList("status", AlertStatus.self)
        if let text = request.formValue("severity"), !text.isEmpty {
            query.severities = try text.split(separator: ",", omittingEmptySubsequences: false).map {
                try severity(String($0).trimmingCharacters(in: .whitespaces), field: "severity")
            }
        }
        query.ruleID = request.formValue("rule_id").nonEmpty
        query.host = request.formValue("host").nonEmpty
        query.assignee = request.formValue("assignee")
        query.source = try request.queryEnum("source", AlertSource.self)
        query.assetID = request.formValue("asset_id").nonEmpty
        query.text = request.formValue("q").nonEmpty.map { String($0.prefix(200)) }
        return query
    }

    static func severity(_ text: String, field: String) throws -> Severity {
        guard let severity = Severity(rawValue: text) else {
            throw CoreError.invalid([
                FieldError(field: field, message: "'\(text)' is not one of \(Severity.allCases.map(\.rawValue).joined(separator: ", "))")
            ])
        }
        return severity
    }

    static func change(_ input: UpdateInput) throws -> AlertService.Change {
        var change = AlertService.Change(assignee: input.assignee, comment: input.comment)
        if let text = input.status {
            guard let status = AlertStatus(rawValue: text) else {
                throw CoreError.invalid([
                    FieldError(field: "status", message: "'\(text)' is not one of \(AlertStatus.allCases.map(\.rawValue).joined(separator: ", "))")
                ])
            }
            change.status = status
        }
        if let text = input.closeReason {
            guard let reason = CloseReason(rawValue: text) else {
                throw CoreError.invalid([
                    FieldError(
                        field: "close_reason", message: "'\(text)' is not one of \(CloseReason.allCases.map(\.rawValue).joined(separator: ", "))")
                ])
            }
            change.closeReason = reason
        }
        return change
    }

    struct CreateInput: APIInput {
        static let fields: Set<String> = ["title", "severity", "description", "host"]
        var title: String
        var severity: String?
        var description: String?
        var host: String?
    }

    struct UpdateInput: APIInput {
        static let fields: Set<String> = ["status", "close_reason", "assignee", "comment"]
        var status: String?
        var closeReason: String?
        var assignee: String?
        var comment: String?
    }

    struct BulkInput: APIInput {
        static let fields: Set<String> = ["ids", "status", "close_reason", "assignee", "comment"]
        var ids: [String]
        var status: String?
        var closeReason: String?
        var assignee: String?
        var comment: String?
    }

    struct CommentInput: APIInput {
        static let fields: Set<String> = ["text"]
        var text: String
    }

    struct SuppressionInput: APIInput {
        static let fields: Set<String> = ["rule_id", "host", "user", "reason", "expires_at"]
        var ruleId: String?
        var host: String?
        var user: String?
        var reason: String
        var expiresAt: Date?
    }
}

extension Optional where Wrapped == String {
    /// nil for nil and for blank text.
    var nonEmpty: String? {
        guard let self, !self.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        return self.trimmingCharacters(in: .whitespaces)
    }
}
