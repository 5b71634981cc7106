// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import SQLKit

/// The audit log in the `audit_log` table: append-only, read newest first.
public struct SQLAuditLog: AuditLog {
    let database: Database

    public init(database: Database) { self.database = database }

    public func record(_ entry: AuditEntry) async throws {
        try await database.transaction { db in
            try await db.insert(into: "audit_log")
                .columns("id", "time", "actor", "action", "target", "source", "outcome", "detail")
                .values(
                    SQLBind(entry.id), SQLBind(SQLValues.millis(entry.time)), SQLBind(String(entry.actor.prefix(200))),
                    SQLBind(entry.action), SQLBind(String(entry.target.prefix(300))), SQLBind(String(entry.source.prefix(100))),
                    SQLBind(entry.outcome.rawValue), SQLBind(String(entry.detail.prefix(2000)))
                )
                .run()
        }
    }

    public func list(_ query: AuditQuery, page: PageRequest) async throws -> Page<AuditEntry> {
        let cursorSeq = try Cursor.decode(page.cursor).map { value -> Int in
            guard let seq = Int(value.key) else {
                throw CoreError.invalid([FieldError(field: "cursor", message: "is not a cursor returned by this listing")])
            }
            return seq
        }
        let rows = try await database.read { db in
            var select = db.select().column("*").from("audit_log")
            if let actor = query.actor { select = select.where("actor", .equal, actor) }
            if let prefix = query.actionPrefix {
                select = select.where(SQLQueryString("action LIKE \(bind: SQLValues.likeEscaped(prefix) + "%") ESCAPE '!'"))
            }
            if let from = query.from { select = select.where("time", .greaterThanOrEqual, SQLValues.millis(from)) }
            if let to = query.to { select = select.where("time", .lessThan, SQLValues.millis(to)) }
            if let cursorSeq { select = select.where("seq", .lessThan, cursorSeq) }
            return try await select.orderBy("seq", .descending).limit(page.limit + 1).all().map { row in
                (
                    seq: try row.decode(column: "seq", as: Int.self),
                    entry: AuditEntry(
                        id: try row.decode(column: "id", as: String.self),
                        time: SQLValues.date(try row.decode(column: "time", as: Int.self)),
                        actor: try row.decode(column: "actor", as: String.self),
                        action: try row.decode(column: "action", as: String.self),
                        target: try row.decode(column: "target", as: String.self),
                        source: try row.decode(column: "source", as: String.self),
                        outcome: AuditEntry.Outcome(rawValue: try row.decode(column: "outcome", as: String.self)) ?? .failure,
                        detail: try row.decode(column: "detail", as: String.self))
                )
            }
        }
        let paged = Cursor.page(rows, limit: page.limit, key: { String($0.seq) }, id: { $0.entry.id })
        return Page(items: paged.items.map(\.entry), next: paged.next)
    }
}
