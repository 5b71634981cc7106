// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Detection
import Foundation
import SQLKit

/// Detection's tables: rule overrides, exclusions, indicators and the evaluation checkpoint.
public struct SQLDetectionStore: DetectionStore {
    let database: Database

    public init(database: Database) { self.database = database }

    public func overrides() async throws -> [RuleOverride] {
        try await database.read { db in
            try await db.select().column("*").from("detection_rule_overrides").all().map { row in
                RuleOverride(
                    ruleID: try row.decode(column: "rule_id", as: String.self), enabled: try row.decode(column: "enabled", as: Int.self) != 0,
                    changedBy: try row.decode(column: "changed_by", as: String.self),
                    changedAt: SQLValues.date(try row.decode(column: "changed_at", as: Int.self)))
            }
        }
    }

    public func setOverride(_ override: RuleOverride) async throws {
        try await database.transaction { db in
            try await db.raw(
                """
                INSERT INTO detection_rule_overrides (rule_id, enabled, changed_by, changed_at)
                VALUES (\(bind: override.ruleID), \(bind: override.enabled ? 1 : 0), \(bind: override.changedBy), \(bind: SQLValues.millis(override.changedAt)))
                ON CONFLICT (rule_id) DO UPDATE SET enabled = excluded.enabled, changed_by = excluded.changed_by, changed_at = excluded.changed_at
                """
            ).run()
        }
    }

    public func exclusions() async throws -> [StoredExclusion] {
        try await database.read { db in
            try await db.select().column("*").from("detection_exclusions").orderBy("created_at").all().map { row in
                StoredExclusion(
                    id: try row.decode(column: "id", as: String.self), ruleID: try row.decode(column: "rule_id", as: String?.self),
                    condition: try row.decode(column: "condition", as: String.self), reason: try row.decode(column: "reason", as: String.self),
                    expiresAt: SQLValues.date(try row.decode(column: "expires_at", as: Int?.self)),
                    createdBy: try row.decode(column: "created_by", as: String.self),
                    createdAt: SQLValues.date(try row.decode(column: "created_at", as: Int.self)))
            }
        }
    }

    public func createExclusion(_ exclusion: StoredExclusion) async throws {
        try await database.transaction { db in
            try await db.insert(into: "detection_exclusions").columns(
                "id", "rule_id", "condition", "reason", "expires_at", "created_by", "created_at"
            )
            .values(
                SQLBind(exclusion.id), SQLBind(exclusion.ruleID), SQLBind(exclusion.condition), SQLBind(exclusion.reason),
                SQLBind(SQLValues.millis(exclusion.expiresAt)), SQLBind(exclusion.createdBy), SQLBind(SQLValues.millis(exclusion.createdAt))
            )
            .run()
        }
    }

    public func deleteExclusion(id: String) async throws -> Bool {
        try await database.transaction { db in
            let found = try await db.select().column("id").from("detection_exclusions").where("id", .equal, id).first() != nil
            try await db.delete(from: "detection_exclusions").where("id", .equal, id).run()
            return found
        }
    }

    public func upsertIndicators(_ indicators: [Indicator]) async throws -> (created: Int, updated: Int) {
        try await database.transaction { db in
            var created = 0, updated = 0
            for indicator in indicators {
                let existing = try await db.select().column("id").from("indicators").where("kind", .equal, indicator.kind.rawValue)
                    .where("value", .equal, indicator.value).where("source", .equal, indicator.source).first()
                if let existing {
                    try await db.update("indicators").set("confidence", to: indicator.confidence).set(
                        "expires_at", to: SQLValues.millis(indicator.expiresAt)
                    )
                    .set("description", to: indicator.description).set("tags", to: SQLValues.json(indicator.tags))
                    .set("updated_at", to: SQLValues.millis(indicator.updatedAt))
                    .where("id", .equal, try existing.decode(column: "id", as: String.self)).run()
                    updated += 1
                } else {
                    try await db.insert(into: "indicators")
                        .columns("id", "kind", "value", "source", "confidence", "expires_at", "description", "tags", "created_at", "updated_at")
                        .values(
                            SQLBind(indicator.id), SQLBind(indicator.kind.rawValue), SQLBind(indicator.value), SQLBind(indicator.source),
                            SQLBind(indicator.confidence), SQLBind(SQLValues.millis(indicator.expiresAt)), SQLBind(indicator.description),
                            SQLBind(SQLValues.json(indicator.tags)), SQLBind(SQLValues.millis(indicator.createdAt)),
                            SQLBind(SQLValues.millis(indicator.updatedAt))
                        )
                        .run()
                    created += 1
                }
            }
            return (created, updated)
        }
    }

    public func indicators(kind: Indicator.Kind?, text: String?, page: PageRequest) async throws -> Page<Indicator> {
        let cursor = try Cursor.decode(page.cursor)
        let rows = try await database.read { db in
            var select = db.select().column("*").from("indicators")
            if let kind { select = select.where("kind", .equal, kind.rawValue) }
            if let text, !text.isEmpty { select = select.where(SQLValues.containsAny(["value", "source", "description"], text)) }
            return try await Cursor.after(select, column: "value", cursor: cursor).orderBy("value").orderBy("id").limit(page.limit + 1).all().map(
                Self.decode)
        }
        return Cursor.page(rows, limit: page.limit, key: \.value, id: \.id)
    }

    public func allIndicators() async throws -> [Indicator] {
        try await database.read { db in try await db.select().column("*").from("indicators").all().map(Self.decode) }
    }

    public func deleteIndicator(id: String) async throws -> Bool {
        try await database.transaction { db in
            let found = try await db.select().column("id").from("indicators").where("id", .equal, id).first() != nil
            try await db.delete(from: "indicators").where("id", .equal, id).run()
            return found
        }
    }

    public func indicatorCount() async throws -> Int {
        try await database.read { db in
            try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("indicators").first()!.decode(
                column: "n", as: Int.self)
        }
    }

    public func checkpoint() async throws -> Int64? {
        try await database.read { db in
            try await db.select().column("last_id").from("detection_checkpoint").where("name", .equal, "events").first()?.decode(
                column: "last_id", as: Int64.self)
        }
    }

    public func setCheckpoint(_ id: Int64) async throws {
        try await database.transaction { db in
            try await db.raw(
                """
                INSERT INTO detection_checkpoint (name, last_id) VALUES ('events', \(bind: id))
                ON CONFLICT (name) DO UPDATE SET last_id = CASE WHEN excluded.last_id > detection_checkpoint.last_id THEN excluded.last_id ELSE detection_checkpoint.last_id END
                """
            ).run()
        }
    }

    static func decode(_ row: any SQLRow) throws -> Indicator {
        Indicator(
            id: try row.decode(column: "id", as: String.self),
            kind: Indicator.Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .domain,
            value: try row.decode(column: "value", as: String.self), source: try row.decode(column: "source", as: String.self),
            confidence: try row.decode(column: "confidence", as: Int.self),
            expiresAt: SQLValues.date(try row.decode(column: "expires_at", as: Int?.self)),
            description: try row.decode(column: "description", as: String.self),
            tags: SQLValues.list(try row.decode(column: "tags", as: String.self)),
            createdAt: SQLValues.date(try row.decode(column: "created_at", as: Int.self)),
            updatedAt: SQLValues.date(try row.decode(column: "updated_at", as: Int.self)))
    }
}
