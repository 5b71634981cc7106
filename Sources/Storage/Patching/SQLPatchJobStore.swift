// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Patching
import SQLKit

/// Patching's `patch_jobs` and `patch_windows` tables.
public struct SQLPatchJobStore: PatchJobStore {
    let database: Database

    public init(database: Database) { self.database = database }

    static func decodeJob(_ row: any SQLRow) throws -> PatchJob {
        var job = try SQLValues.bodyDecoder().decode(PatchJob.self, from: Data(try row.decode(column: "body", as: String.self).utf8))
        job.revision = try row.decode(column: "revision", as: Int.self)
        return job
    }

    public func create(_ job: PatchJob) async throws {
        let body = try SQLValues.body(job)
        try await database.transaction { db in
            try await db.insert(into: "patch_jobs").columns("id", "status", "emergency", "window_id", "created_at", "updated_at", "revision", "body")
                .values(
                    SQLBind(job.id), SQLBind(job.status.rawValue), SQLBind(job.emergency ? 1 : 0), SQLBind(job.windowID),
                    SQLBind(SQLValues.millis(job.createdAt)), SQLBind(SQLValues.millis(job.updatedAt)), SQLBind(job.revision), SQLBind(body)
                ).run()
        }
    }

    public func job(id: String) async throws -> PatchJob? {
        try await database.read { db in
            try await db.select().column("revision").column("body").from("patch_jobs").where("id", .equal, id).first().map(Self.decodeJob)
        }
    }

    public func update(_ job: PatchJob) async throws -> Bool {
        let next = {
            var copy = job
            copy.revision += 1
            return copy
        }()
        let body = try SQLValues.body(next)
        return try await database.transaction { db in
            let rows = try await db.update("patch_jobs").set("status", to: next.status.rawValue).set("emergency", to: next.emergency ? 1 : 0)
                .set("window_id", to: SQLBind(next.windowID)).set("updated_at", to: SQLValues.millis(next.updatedAt))
                .set("revision", to: next.revision).set("body", to: body)
                .where("id", .equal, job.id).where("revision", .equal, job.revision)
                .returning("id").all()
            return !rows.isEmpty
        }
    }

    public func jobs(statuses: [PatchJobStatus], page: PageRequest) async throws -> Page<PatchJob> {
        let cursor = try Cursor.decode(page.cursor)
        let rows = try await database.read { db in
            var select = db.select().column("revision").column("body").from("patch_jobs")
            if !statuses.isEmpty { select = select.where("status", .in, statuses.map(\.rawValue)) }
            if let cursor, let created = Int(cursor.key) {
                select = select.where { group in
                    group.where("created_at", .lessThan, created).orWhere { both in
                        both.where("created_at", .equal, created).where("id", .lessThan, cursor.id)
                    }
                }
            }
            return try await select.orderBy("created_at", .descending).orderBy("id", .descending).limit(page.limit + 1).all()
        }
        var items = try rows.map(Self.decodeJob)
        var next: String?
        if items.count > page.limit {
            items.removeLast()
            if let last = items.last { next = Cursor.encode(key: String(SQLValues.millis(last.createdAt)), id: last.id) }
        }
        return Page(items: items, next: next)
    }

    public func counts() async throws -> [PatchJobStatus: Int] {
        let rows = try await database.read { db in
            try await db.select().column("status").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("patch_jobs")
                .groupBy("status").all()
        }
        var counts: [PatchJobStatus: Int] = [:]
        for row in rows {
            if let status = PatchJobStatus(rawValue: try row.decode(column: "status", as: String.self)) {
                counts[status] = try row.decode(column: "n", as: Int.self)
            }
        }
        return counts
    }

    public func saveWindow(_ window: MaintenanceWindow) async throws {
        let body = try SQLValues.body(window)
        try await database.transaction { db in
            try await db.insert(into: "patch_windows").columns("id", "name", "created_at", "body")
                .values(SQLBind(window.id), SQLBind(window.name), SQLBind(SQLValues.millis(window.createdAt)), SQLBind(body))
                .onConflict(with: ["id"]) { try $0.set(excludedValueOf: "name").set(excludedValueOf: "body") }.run()
        }
    }

    public func window(id: String) async throws -> MaintenanceWindow? {
        let body = try await database.read { db in
            try await db.select().column("body").from("patch_windows").where("id", .equal, id).first()?.decode(column: "body", as: String.self)
        }
        return try body.map { try SQLValues.bodyDecoder().decode(MaintenanceWindow.self, from: Data($0.utf8)) }
    }

    public func windows() async throws -> [MaintenanceWindow] {
        let bodies = try await database.read { db in
            try await db.select().column("body").from("patch_windows").orderBy("name").all().map { try $0.decode(column: "body", as: String.self) }
        }
        let decoder = SQLValues.bodyDecoder()
        return try bodies.map { try decoder.decode(MaintenanceWindow.self, from: Data($0.utf8)) }
    }

    public func deleteWindow(id: String) async throws -> Bool {
        try await database.transaction { db in
            let rows = try await db.delete(from: "patch_windows").where("id", .equal, id).returning("id").all()
            return !rows.isEmpty
        }
    }
}
