// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Incidents
import Monitoring

/// An alert as the API writes it (schema `Alert` below).
struct AlertBody: ResponseBody {
    var id: String
    var title: String
    var source: String
    @Nullable var ruleId: String?
    var severity: String
    var tags: [String]
    /// The ATT&CK tags alone.
    var attack: [String]
    var host: String
    var user: String
    @Nullable var assetId: String?
    var count: Int
    var eventIds: [Int64]
    var firstEventAt: Date
    var lastEventAt: Date
    var createdAt: Date
    var updatedAt: Date
    var status: String
    @Nullable var assignee: String?
    @Nullable var acknowledgedAt: Date?
    @Nullable var acknowledgedBy: String?
    @Nullable var closedAt: Date?
    @Nullable var closedBy: String?
    @Nullable var closeReason: String?
    var context: [String: String]
    var description: String

    init(_ alert: Alert) {
        id = alert.id
        title = alert.title
        source = alert.source.rawValue
        ruleId = alert.ruleID
        severity = alert.severity.rawValue
        tags = alert.tags
        attack = alert.tags.filter { $0.lowercased().hasPrefix("attack.") }
        host = alert.host
        user = alert.user
        assetId = alert.assetID
        count = alert.count
        eventIds = alert.eventIDs
        firstEventAt = alert.firstEventAt
        lastEventAt = alert.lastEventAt
        createdAt = alert.createdAt
        updatedAt = alert.updatedAt
        status = alert.status.rawValue
        assignee = alert.assignee
        acknowledgedAt = alert.acknowledgedAt
        acknowledgedBy = alert.acknowledgedBy
        closedAt = alert.closedAt
        closedBy = alert.closedBy
        closeReason = alert.closeReason?.rawValue
        context = alert.context
        description = alert.description
    }
}

/// A comment on an alert (schema `AlertComment`).
struct AlertCommentBody: ResponseBody {
    var id: String
    var alertId: String
    var author: String
    var text: String
    var createdAt: Date

    init(_ comment: AlertComment) {
        id = comment.id
        alertId = comment.alertID
        author = comment.author
        text = comment.text
        createdAt = comment.createdAt
    }
}

/// A suppression with the matches it dropped (schema `AlertSuppression`).
struct AlertSuppressionBody: ResponseBody {
    var id: String
    @Nullable var ruleId: String?
    @Nullable var host: String?
    @Nullable var user: String?
    var reason: String
    @Nullable var expiresAt: Date?
    var createdBy: String
    var createdAt: Date
    var hits: Int

    init(_ suppression: AlertSuppression) {
        id = suppression.id
        ruleId = suppression.ruleID
        host = suppression.host
        user = suppression.user
        reason = suppression.reason
        expiresAt = suppression.expiresAt
        createdBy = suppression.createdBy
        createdAt = suppression.createdAt
        hits = suppression.hits
    }
}

/// An alert with its comments, matched events (up to 20) and the statuses it may move to (schema `AlertDetail`).
struct AlertDetailBody: ResponseBody {
    var alert: AlertBody
    var comments: [AlertCommentBody]
    var events: [StoredEvent]
    var allowedTransitions: [String]

    enum CodingKeys: String, CodingKey { case comments, events, allowedTransitions }

    /// The alert's keys and the others side by side in one object.
    func encode(to encoder: any Encoder) throws {
        try alert.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(comments, forKey: .comments)
        try container.encode(events, forKey: .events)
        try container.encode(allowedTransitions, forKey: .allowedTransitions)
    }
}

/// The alert queue's page (schema `AlertList`).
struct AlertListBody: ResponseBody {
    var alerts: [AlertBody]
    @Nullable var next: String?
}

/// The outcome of a bulk change, alert by alert (schema `AlertBulkResult`).
struct AlertBulkBody: ResponseBody {
    struct Result: Encodable, Sendable {
        var id: String
        var ok: Bool
        @Nullable var error: String?
    }

    var results: [Result]
    var updated: Int
}

/// Every suppression (schema `AlertSuppressionList`).
struct AlertSuppressionListBody: ResponseBody {
    var suppressions: [AlertSuppressionBody]
}

extension OpenAPISchemas {
    /// Alerts, their comments and suppressions.
    static var alerts: [String: Any] {
        let integer: [String: Any] = ["type": "integer"]
        let nullableString: [String: Any] = ["type": ["string", "null"]]
        let severity = enumeration(Severity.allCases.map(\.rawValue))
        let alertFields: [String: Any] = [
            "id": string, "title": string, "source": enumeration(AlertSource.allCases.map(\.rawValue)), "rule_id": nullableString,
            "severity": severity, "tags": strings, "attack": strings, "host": string, "user": string, "asset_id": nullableString,
            "count": integer, "event_ids": ["type": "array", "items": integer], "first_event_at": time, "last_event_at": time,
            "created_at": time, "updated_at": time, "status": enumeration(AlertStatus.allCases.map(\.rawValue)), "assignee": nullableString,
            "acknowledged_at": nullableTime, "acknowledged_by": nullableString, "closed_at": nullableTime, "closed_by": nullableString,
            "close_reason": ["type": ["string", "null"], "description": CloseReason.allCases.map(\.rawValue).joined(separator: ", ")],
            "context": ["type": "object", "additionalProperties": string], "description": string,
        ]
        let comment = object(["id": string, "alert_id": string, "author": string, "text": string, "created_at": time])
        let suppressionFields: [String: Any] = [
            "rule_id": nullableString, "host": nullableString, "user": nullableString, "reason": string, "expires_at": nullableTime,
        ]
        return [
            "Alert": object(alertFields, required: ["id", "title", "severity", "status"]),
            "AlertList": page("alerts", "Alert"),
            "AlertDetail": object(
                alertFields.merging([
                    "comments": ["type": "array", "items": ref("AlertComment")], "events": ["type": "array", "items": ref("Event")],
                    "allowed_transitions": strings,
                ]) { first, _ in first }),
            "AlertInput": object(
                ["title": OpenAPISchemas.nonEmpty, "severity": severity, "description": string, "host": string], required: ["title"]),
            "AlertUpdate": object([
                "status": enumeration(AlertStatus.allCases.map(\.rawValue)), "close_reason": enumeration(CloseReason.allCases.map(\.rawValue)),
                "assignee": ["type": "string", "description": "username; empty to unassign"], "comment": string,
            ]),
            "AlertBulkUpdate": object(
                [
                    "ids": OpenAPISchemas.ids, "status": enumeration(AlertStatus.allCases.map(\.rawValue)),
                    "close_reason": enumeration(CloseReason.allCases.map(\.rawValue)), "assignee": string, "comment": string,
                ], required: ["ids"]),
            "AlertBulkResult": object([
                "updated": integer, "results": ["type": "array", "items": object(["id": string, "ok": boolean, "error": nullableString])],
            ]),
            "AlertComment": comment,
            "CommentInput": object(["text": OpenAPISchemas.nonEmpty], required: ["text"]),
            "AlertSuppression": object(
                suppressionFields.merging(["id": string, "created_by": string, "created_at": time, "hits": integer]) { first, _ in first }),
            "AlertSuppressionInput": object(suppressionFields, required: ["reason"]),
            "AlertSuppressionList": object(["suppressions": ["type": "array", "items": ref("AlertSuppression")]]),
        ]
    }
}
