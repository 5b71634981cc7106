// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Incidents
import SQLKit

/// Incidents' case, case record and saved-view tables.
public struct SQLCaseStore: CaseStore {
    let database: Database

    public init(database: Database) { self.database = database }

    static func decodeCase(_ row: any SQLRow) throws -> Case {
        var item = try SQLValues.bodyDecoder().decode(Case.self, from: Data(try row.decode(column: "body", as: String.self).utf8))
        item.number = try row.decode(column: "seq", as: Int.self)
        return item
    }

    public func create(_ item: Case) async throws -> Case {
        let body = try SQLValues.body(item)
        let seq = try await database.transaction { db in
            try await db.insert(into: "cases").columns(
                "id", "title", "status", "severity", "assignee", "tags", "alert_ids", "automation_key", "detected_at", "updated_at", "body"
            )
            .values(
                SQLBind(item.id), SQLBind(item.title), SQLBind(item.status.rawValue), SQLBind(item.severity.rawValue), SQLBind(item.assignee),
                SQLBind(Self.tagText(item.tags)), SQLBind(Self.tagText(item.alertIDs)), SQLBind(item.automationKey),
                SQLBind(SQLValues.millis(item.detectedAt)), SQLBind(SQLValues.millis(item.updatedAt)), SQLBind(body)
            ).run()
            return try await db.select().column("seq").from("cases").where("id", .equal, item.id).first()?.decode(column: "seq", as: Int.self) ?? 0
        }
        var created = item
        created.number = seq
        return created
    }

    /// `,a,b,` so that `LIKE '%,a,%'` finds one value.
    static func tagText(_ values: [String]) -> String { "," + values.map { $0.lowercased() }.joined(separator: ",") + "," }

    public func get(id: String) async throws -> Case? {
        try await database.read { db in
            try await db.select().column("seq").column("body").from("cases").where("id", .equal, id).first().map(Self.decodeCase)
        }
    }

    public func get(number: Int) async throws -> Case? {
        try await database.read { db in
            try await db.select().column("seq").column("body").from("cases").where("seq", .equal, number).first().map(Self.decodeCase)
        }
    }

    public func update(_ item: Case) async throws {
        let body = try SQLValues.body(item)
        try await database.transaction { db in
            try await db.update("cases").set("title", to: item.title).set("status", to: item.status.rawValue).set(
                "severity", to: item.severity.rawValue
            )
            .set("assignee", to: SQLBind(item.assignee)).set("tags", to: Self.tagText(item.tags)).set("alert_ids", to: Self.tagText(item.alertIDs))
            .set("automation_key", to: SQLBind(item.automationKey)).set("detected_at", to: SQLValues.millis(item.detectedAt))
            .set("updated_at", to: SQLValues.millis(item.updatedAt)).set("body", to: body).where("id", .equal, item.id).run()
        }
    }

    public func list(_ query: CaseQuery, page: PageRequest) async throws -> Page<Case> {
        let cursorSeq = try Cursor.decode(page.cursor).map { value -> Int in
            guard let seq = Int(value.key) else {
                throw CoreError.invalid([FieldError(field: "cursor", message: "is not a cursor returned by this listing")])
            }
            return seq
        }
        let rows = try await database.read { db in
            var select = db.select().column("seq").column("body").from("cases")
            if !query.statuses.isEmpty { select = select.where("status", .in, query.statuses.map(\.rawValue)) }
            if !query.severities.isEmpty { select = select.where("severity", .in, query.severities.map(\.rawValue)) }
            if let assignee = query.assignee {
                select = assignee.isEmpty ? select.where("assignee", .is, SQLLiteral.null) : select.where("assignee", .equal, assignee)
            }
            if let tag = query.tag, !tag.isEmpty {
                select = select.where(SQLQueryString("tags LIKE \(bind: "%," + SQLValues.likeEscaped(tag.lowercased()) + ",%") ESCAPE '!'"))
            }
            if let alert = query.alertID {
                select = select.where(SQLQueryString("alert_ids LIKE \(bind: "%," + SQLValues.likeEscaped(alert.lowercased()) + ",%") ESCAPE '!'"))
            }
            if let key = query.automationKey { select = select.where("automation_key", .equal, key) }
            if let text = query.text, !text.isEmpty {
                // `12` or `#12` is also the case of that number.
                if let number = CaseReference.number(text) {
                    select = select.where(
                        SQLQueryString("(seq = \(bind: number) OR ") + SQLValues.containsAny(["title", "tags", "assignee"], text) + ")")
                } else {
                    select = select.where(SQLValues.containsAny(["title", "tags", "assignee"], text))
                }
            }
            if let cursorSeq { select = select.where("seq", .lessThan, cursorSeq) }
            return try await select.orderBy("seq", .descending).limit(page.limit + 1).all().map { row in
                (seq: try row.decode(column: "seq", as: Int.self), item: try Self.decodeCase(row))
            }
        }
        let paged = Cursor.page(rows, limit: page.limit, key: { String($0.seq) }, id: { $0.item.id })
        return Page(items: paged.items.map(\.item), next: paged.next)
    }

    public func detected(from: Date, to: Date) async throws -> [Case] {
        try await database.read { db in
            try await db.select().column("seq").column("body").from("cases").where("detected_at", .greaterThanOrEqual, SQLValues.millis(from))
                .where("detected_at", .lessThan, SQLValues.millis(to)).orderBy("seq").all().map(Self.decodeCase)
        }
    }

    public func save<Record: CaseRecord>(_ record: Record) async throws {
        let body = try SQLValues.body(record)
        try await database.transaction { db in
            try await db.insert(into: "case_records").columns("id", "case_id", "kind", "record_key", "created_at", "body")
                .values(
                    SQLBind(record.id), SQLBind(record.caseID), SQLBind(Record.kind), SQLBind(record.key),
                    SQLBind(SQLValues.millis(record.createdAt)), SQLBind(body)
                )
                .onConflict(with: ["id"]) { try $0.set(excludedValueOf: "case_id").set(excludedValueOf: "record_key").set(excludedValueOf: "body") }
                .run()
        }
    }

    public func records<Record: CaseRecord>(caseID: String, as type: Record.Type) async throws -> [Record] {
        let bodies = try await database.read { db in
            try await db.select().column("body").from("case_records").where("case_id", .equal, caseID).where("kind", .equal, Record.kind)
                .orderBy("created_at").orderBy("id").all().map { try $0.decode(column: "body", as: String.self) }
        }
        let decoder = SQLValues.bodyDecoder()
        return try bodies.map { try decoder.decode(Record.self, from: Data($0.utf8)) }
    }

    public func record<Record: CaseRecord>(id: String, as type: Record.Type) async throws -> Record? {
        let body = try await database.read { db in
            try await db.select().column("body").from("case_records").where("id", .equal, id).where("kind", .equal, Record.kind).first()?.decode(
                column: "body", as: String.self)
        }
        return try body.map { try SQLValues.bodyDecoder().decode(Record.self, from: Data($0.utf8)) }
    }

    public func delete<Record: CaseRecord>(id: String, as type: Record.Type) async throws {
        try await database.transaction { db in
            try await db.delete(from: "case_records").where("id", .equal, id).where("kind", .equal, Record.kind).run()
        }
    }

    public func caseIDs(kind: String, key: String) async throws -> [String] {
        try await database.read { db in
            try await db.select().distinct().column("case_id").from("case_records").where("kind", .equal, kind).where("record_key", .equal, key)
                .orderBy("case_id").limit(200).all().map { try $0.decode(column: "case_id", as: String.self) }
        }
    }

    public func views(owner: String) async throws -> [CaseView] {
        try await database.read { db in
            try await db.select().column("*").from("case_views").where("owner", .equal, owner).orderBy("name").all().map { row in
                CaseView(
                    id: try row.decode(column: "id", as: String.self), owner: owner, name: try row.decode(column: "name", as: String.self),
                    query: try row.decode(column: "query", as: String.self),
                    createdAt: SQLValues.date(try row.decode(column: "created_at", as: Int.self)))
            }
        }
    }

    public func saveView(_ view: CaseView) async throws {
        try await database.transaction { db in
            try await db.insert(into: "case_views").columns("id", "owner", "name", "query", "created_at")
                .values(SQLBind(view.id), SQLBind(view.owner), SQLBind(view.name), SQLBind(view.query), SQLBind(SQLValues.millis(view.createdAt)))
                .onConflict(with: ["id"]) { try $0.set(excludedValueOf: "name").set(excludedValueOf: "query") }.run()
        }
    }

    public func deleteView(id: String, owner: String) async throws -> Bool {
        try await database.transaction { db in
            let found = try await db.select().column("id").from("case_views").where("id", .equal, id).where("owner", .equal, owner).first() != nil
            if found { try await db.delete(from: "case_views").where("id", .equal, id).run() }
            return found
        }
    }
}
