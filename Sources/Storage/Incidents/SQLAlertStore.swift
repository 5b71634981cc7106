// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Incidents
import SQLKit

/// Alerts, their comments and suppressions in the `alerts`, `alert_comments` and `alert_suppressions` tables.
public struct SQLAlertStore: AlertStore {
    let database: Database

    public init(database: Database) { self.database = database }

    public func record(_ signals: [AlertSignal], window: TimeInterval, now: Date) async throws -> [(alert: Alert, created: Bool)] {
        try await database.transaction { db in
            var results: [(alert: Alert, created: Bool)] = []
            // Signals of one batch that share a group grow the alert found (or made) for the first of them.
            var open: [String: Alert] = [:]
            for signal in signals {
                let key = signal.groupKey
                var existing = open[key]
                if existing == nil {
                    existing = try await db.select().column("*").from("alerts")
                        .where("group_key", .equal, key).where("status", .notEqual, AlertStatus.closed.rawValue)
                        .orderBy("seq", .descending).limit(1).first().map(Self.decode)
                }
                if var alert = existing, signal.firstEventAt.timeIntervalSince(alert.lastEventAt) <= window {
                    alert.count += signal.count
                    alert.lastEventAt = max(alert.lastEventAt, signal.lastEventAt)
                    alert.firstEventAt = min(alert.firstEventAt, signal.firstEventAt)
                    let room = Alert.maximumEventIDs - alert.eventIDs.count
                    if room > 0 { alert.eventIDs += signal.eventIDs.prefix(room) }
                    alert.severity = max(alert.severity, signal.severity)
                    alert.updatedAt = now
                    try await Self.update(alert, db)
                    open[key] = alert
                    if let index = results.firstIndex(where: { $0.alert.id == alert.id }) {
                        results[index].alert = alert
                    } else {
                        results.append((alert, false))
                    }
                } else {
                    let alert = Alert(
                        title: signal.title, source: signal.source, ruleID: signal.ruleID, severity: signal.severity, tags: signal.tags,
                        host: signal.host, user: signal.user, assetID: signal.assetID, groupKey: key, count: signal.count,
                        eventIDs: Array(signal.eventIDs.prefix(Alert.maximumEventIDs)), firstEventAt: signal.firstEventAt,
                        lastEventAt: signal.lastEventAt, createdAt: now, context: signal.context, description: signal.description)
                    try await Self.insert(alert, db)
                    open[key] = alert
                    results.append((alert, true))
                }
            }
            return results
        }
    }

    public func create(_ alert: Alert) async throws {
        try await database.transaction { db in try await Self.insert(alert, db) }
    }

    public func get(id: String) async throws -> Alert? {
        try await database.read { db in try await db.select().column("*").from("alerts").where("id", .equal, id).first().map(Self.decode) }
    }

    public func update(_ alert: Alert) async throws {
        try await database.transaction { db in try await Self.update(alert, db) }
    }

    /// The query's filters on a select of `alerts`.
    static func filtered(_ select: SQLSelectBuilder, _ query: AlertQuery) -> SQLSelectBuilder {
        var select = select
        if !query.statuses.isEmpty { select = select.where("status", .in, query.statuses.map(\.rawValue)) }
        if !query.severities.isEmpty { select = select.where("severity", .in, query.severities.map(\.rawValue)) }
        if let rule = query.ruleID { select = select.where("rule_id", .equal, rule) }
        if let host = query.host { select = select.where(SQLFunction("LOWER", args: SQLColumn("host")), .equal, SQLBind(host.lowercased())) }
        if let assignee = query.assignee {
            select = assignee.isEmpty ? select.where("assignee", .is, SQLLiteral.null) : select.where("assignee", .equal, assignee)
        }
        if let source = query.source { select = select.where("source", .equal, source.rawValue) }
        if let asset = query.assetID { select = select.where("asset_id", .equal, asset) }
        if let text = query.text, !text.isEmpty {
            select = select.where(SQLValues.containsAny(["title", "host", "user_name", "tags", "rule_id", "context"], text))
        }
        return select
    }

    public func count(_ query: AlertQuery) async throws -> Int {
        try await database.read { db in
            let select = Self.filtered(db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("alerts"), query)
            return try await select.first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    public func list(_ query: AlertQuery, page: PageRequest) async throws -> Page<Alert> {
        let cursorSeq = try Cursor.decode(page.cursor).map { value -> Int in
            guard let seq = Int(value.key) else {
                throw CoreError.invalid([FieldError(field: "cursor", message: "is not a cursor returned by this listing")])
            }
            return seq
        }
        let rows = try await database.read { db in
            var select = Self.filtered(db.select().column("*").from("alerts"), query)
            if let cursorSeq { select = select.where("seq", .lessThan, cursorSeq) }
            return try await select.orderBy("seq", .descending).limit(page.limit + 1).all().map { row in
                (seq: try row.decode(column: "seq", as: Int.self), alert: try Self.decode(row))
            }
        }
        let paged = Cursor.page(rows, limit: page.limit, key: { String($0.seq) }, id: { $0.alert.id })
        return Page(items: paged.items.map(\.alert), next: paged.next)
    }

    public func counts(since: Date) async throws -> AlertCounts {
        try await database.read { db in
            let rows = try await db.select().column("severity").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("alerts")
                .where("status", .notEqual, AlertStatus.closed.rawValue).groupBy("severity").all()
            var bySeverity: [Severity: Int] = [:]
            for row in rows {
                if let severity = Severity(rawValue: try row.decode(column: "severity", as: String.self)) {
                    bySeverity[severity] = try row.decode(column: "n", as: Int.self)
                }
            }
            let new =
                try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("alerts")
                .where("status", .equal, AlertStatus.new.rawValue).first()?.decode(column: "n", as: Int.self) ?? 0
            let recent =
                try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("alerts")
                .where("created_at", .greaterThanOrEqual, SQLValues.millis(since)).first()?.decode(column: "n", as: Int.self) ?? 0
            return AlertCounts(openBySeverity: bySeverity, new: new, last24Hours: recent)
        }
    }

    public func addComment(_ comment: AlertComment) async throws {
        try await database.transaction { db in
            try await db.insert(into: "alert_comments").columns("id", "alert_id", "author", "text", "created_at")
                .values(
                    SQLBind(comment.id), SQLBind(comment.alertID), SQLBind(comment.author), SQLBind(comment.text),
                    SQLBind(SQLValues.millis(comment.createdAt))
                )
                .run()
        }
    }

    public func comments(alertID: String) async throws -> [AlertComment] {
        try await database.read { db in
            try await db.select().column("*").from("alert_comments").where("alert_id", .equal, alertID).orderBy("created_at").all().map { row in
                AlertComment(
                    id: try row.decode(column: "id", as: String.self), alertID: alertID,
                    author: try row.decode(column: "author", as: String.self), text: try row.decode(column: "text", as: String.self),
                    createdAt: SQLValues.date(try row.decode(column: "created_at", as: Int.self)))
            }
        }
    }

    public func suppressions() async throws -> [AlertSuppression] {
        try await database.read { db in
            try await db.select().column("*").from("alert_suppressions").orderBy("created_at").all().map { row in
                AlertSuppression(
                    id: try row.decode(column: "id", as: String.self), ruleID: try row.decode(column: "rule_id", as: String?.self),
                    host: try row.decode(column: "host", as: String?.self), user: try row.decode(column: "user_name", as: String?.self),
                    reason: try row.decode(column: "reason", as: String.self),
                    expiresAt: SQLValues.date(try row.decode(column: "expires_at", as: Int?.self)),
                    createdBy: try row.decode(column: "created_by", as: String.self),
                    createdAt: SQLValues.date(try row.decode(column: "created_at", as: Int.self)),
                    hits: try row.decode(column: "hits", as: Int.self))
            }
        }
    }

    public func createSuppression(_ suppression: AlertSuppression) async throws {
        try await database.transaction { db in
            try await db.insert(into: "alert_suppressions")
                .columns("id", "rule_id", "host", "user_name", "reason", "expires_at", "created_by", "created_at", "hits")
                .values(
                    SQLBind(suppression.id), SQLBind(suppression.ruleID), SQLBind(suppression.host), SQLBind(suppression.user),
                    SQLBind(suppression.reason), SQLBind(SQLValues.millis(suppression.expiresAt)), SQLBind(suppression.createdBy),
                    SQLBind(SQLValues.millis(suppression.createdAt)), SQLBind(suppression.hits)
                )
                .run()
        }
    }

    public func deleteSuppression(id: String) async throws -> Bool {
        try await database.transaction { db in
            let found = try await db.select().column("id").from("alert_suppressions").where("id", .equal, id).first() != nil
            try await db.delete(from: "alert_suppressions").where("id", .equal, id).run()
            return found
        }
    }

    public func addSuppressionHits(_ hits: [String: Int]) async throws {
        try await database.transaction { db in
            for (id, count) in hits {
                try await db.raw("UPDATE alert_suppressions SET hits = hits + \(bind: count) WHERE id = \(bind: id)").run()
            }
        }
    }

    static func insert(_ alert: Alert, _ db: any SQLDatabase) async throws {
        try await db.insert(into: "alerts")
            .columns(
                "id", "title", "source", "rule_id", "severity", "severity_rank", "tags", "host", "user_name", "asset_id", "group_key", "count",
                "event_ids", "first_event_at", "last_event_at", "created_at", "updated_at", "status", "assignee", "acknowledged_at",
                "acknowledged_by", "closed_at", "closed_by", "close_reason", "context", "description"
            )
            .values(
                SQLBind(alert.id), SQLBind(alert.title), SQLBind(alert.source.rawValue), SQLBind(alert.ruleID), SQLBind(alert.severity.rawValue),
                SQLBind(alert.severity.rank), SQLBind(SQLValues.json(alert.tags)), SQLBind(alert.host), SQLBind(alert.user), SQLBind(alert.assetID),
                SQLBind(alert.groupKey), SQLBind(alert.count), SQLBind(SQLValues.encoded(alert.eventIDs)),
                SQLBind(SQLValues.millis(alert.firstEventAt)), SQLBind(SQLValues.millis(alert.lastEventAt)),
                SQLBind(SQLValues.millis(alert.createdAt)), SQLBind(SQLValues.millis(alert.updatedAt)), SQLBind(alert.status.rawValue),
                SQLBind(alert.assignee), SQLBind(SQLValues.millis(alert.acknowledgedAt)), SQLBind(alert.acknowledgedBy),
                SQLBind(SQLValues.millis(alert.closedAt)), SQLBind(alert.closedBy), SQLBind(alert.closeReason?.rawValue),
                SQLBind(SQLValues.encoded(alert.context)), SQLBind(alert.description)
            )
            .run()
    }

    static func update(_ alert: Alert, _ db: any SQLDatabase) async throws {
        guard try await db.select().column("id").from("alerts").where("id", .equal, alert.id).first() != nil else {
            throw CoreError.notFound(kind: "alert", id: alert.id)
        }
        try await db.update("alerts")
            .set("severity", to: alert.severity.rawValue).set("severity_rank", to: alert.severity.rank).set("count", to: alert.count)
            .set("event_ids", to: SQLValues.encoded(alert.eventIDs)).set("first_event_at", to: SQLValues.millis(alert.firstEventAt))
            .set("last_event_at", to: SQLValues.millis(alert.lastEventAt)).set("updated_at", to: SQLValues.millis(alert.updatedAt))
            .set("status", to: alert.status.rawValue).set("assignee", to: alert.assignee)
            .set("acknowledged_at", to: SQLValues.millis(alert.acknowledgedAt)).set("acknowledged_by", to: alert.acknowledgedBy)
            .set("closed_at", to: SQLValues.millis(alert.closedAt)).set("closed_by", to: alert.closedBy)
            .set("close_reason", to: alert.closeReason?.rawValue).set("asset_id", to: alert.assetID)
            .where("id", .equal, alert.id).run()
    }

    static func decode(_ row: any SQLRow) throws -> Alert {
        var alert = Alert(
            id: try row.decode(column: "id", as: String.self), title: try row.decode(column: "title", as: String.self),
            source: AlertSource(rawValue: try row.decode(column: "source", as: String.self)) ?? .manual,
            ruleID: try row.decode(column: "rule_id", as: String?.self),
            severity: Severity(rawValue: try row.decode(column: "severity", as: String.self)) ?? .medium,
            tags: SQLValues.list(try row.decode(column: "tags", as: String.self)), host: try row.decode(column: "host", as: String.self),
            user: try row.decode(column: "user_name", as: String.self), assetID: try row.decode(column: "asset_id", as: String?.self),
            groupKey: try row.decode(column: "group_key", as: String.self), count: try row.decode(column: "count", as: Int.self),
            eventIDs: SQLValues.decoded(try row.decode(column: "event_ids", as: String.self), as: [Int64].self, fallback: []),
            firstEventAt: SQLValues.date(try row.decode(column: "first_event_at", as: Int.self)),
            lastEventAt: SQLValues.date(try row.decode(column: "last_event_at", as: Int.self)),
            createdAt: SQLValues.date(try row.decode(column: "created_at", as: Int.self)),
            updatedAt: SQLValues.date(try row.decode(column: "updated_at", as: Int.self)),
            status: AlertStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .new,
            assignee: try row.decode(column: "assignee", as: String?.self),
            context: SQLValues.decoded(try row.decode(column: "context", as: String.self), as: [String: String].self, fallback: [:]),
            description: try row.decode(column: "description", as: String.self))
        alert.acknowledgedAt = SQLValues.date(try row.decode(column: "acknowledged_at", as: Int?.self))
        alert.acknowledgedBy = try row.decode(column: "acknowledged_by", as: String?.self)
        alert.closedAt = SQLValues.date(try row.decode(column: "closed_at", as: Int?.self))
        alert.closedBy = try row.decode(column: "closed_by", as: String?.self)
        alert.closeReason = try row.decode(column: "close_reason", as: String?.self).flatMap(CloseReason.init(rawValue:))
        return alert
    }
}
