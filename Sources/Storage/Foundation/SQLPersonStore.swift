// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Inventory
import SQLKit

/// People in the `people` table.
public struct SQLPersonStore: PersonStore {
    let database: Database

    public init(database: Database) { self.database = database }

    public func create(_ person: Person) async throws {
        do {
            try await database.transaction { db in try await Self.insert(person, db) }
        } catch  where error.isUniqueViolation {
            throw CoreError.conflict("a person with email '\(person.email)' exists")
        }
    }

    public func get(id: String) async throws -> Person? {
        try await database.read { db in try await db.select().columns(Self.columns).from("people").where("id", .equal, id).first().map(Self.decode) }
    }

    public func get(email: String) async throws -> Person? {
        try await database.read { db in
            try await db.select().columns(Self.columns).from("people").where("email", .equal, email.lowercased()).first().map(Self.decode)
        }
    }

    public func update(_ person: Person) async throws {
        let found: Bool
        do {
            found = try await database.transaction { db in try await Self.update(person, db) }
        } catch  where error.isUniqueViolation {
            throw CoreError.conflict("a person with email '\(person.email)' exists")
        }
        if !found { throw CoreError.notFound(kind: "person", id: person.id) }
    }

    public func delete(id: String) async throws -> Bool {
        try await database.transaction { db in
            let found = try await db.select().column("id").from("people").where("id", .equal, id).first() != nil
            try await db.delete(from: "people").where("id", .equal, id).run()
            return found
        }
    }

    public func list(_ query: PersonQuery, page: PageRequest) async throws -> Page<Person> {
        let cursor = try Cursor.decode(page.cursor)
        let rows = try await database.read { db in
            var select = db.select().columns(Self.columns).from("people")
            if let text = query.text, !text.isEmpty { select = select.where(SQLValues.containsAny(["name", "email"], text)) }
            if let department = query.department { select = select.where("department", .equal, department) }
            if let status = query.employmentStatus { select = select.where("employment_status", .equal, status.rawValue) }
            return try await Cursor.after(select, column: "name", cursor: cursor)
                .orderBy("name").orderBy("id").limit(page.limit + 1).all().map(Self.decode)
        }
        return Cursor.page(rows, limit: page.limit, key: \.name, id: \.id)
    }

    public func upsertAll(_ people: [Person]) async throws -> (created: Int, updated: Int) {
        try await database.transaction { db in
            var created = 0, updated = 0
            for var person in people {
                if let existing = try await db.select().columns(Self.columns).from("people").where("email", .equal, person.email).first().map(
                    Self.decode)
                {
                    person.id = existing.id
                    person.createdAt = existing.createdAt
                    _ = try await Self.update(person, db)
                    updated += 1
                } else {
                    try await Self.insert(person, db)
                    created += 1
                }
            }
            return (created, updated)
        }
    }

    public func get(emails: [String]) async throws -> [Person] {
        try await database.read { db in
            var found: [Person] = []
            // In chunks: a statement's parameters are bounded (SQLite's default is 32,766).
            for start in stride(from: 0, to: emails.count, by: 500) {
                let chunk = Array(emails[start..<min(start + 500, emails.count)])
                found += try await db.select().columns(Self.columns).from("people").where("email", .in, chunk).all().map(Self.decode)
            }
            return found
        }
    }

    public func count() async throws -> Int {
        try await database.read { db in
            try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("people").first()!.decode(
                column: "n", as: Int.self)
        }
    }

    /// Every column, named. With `SELECT *`, PostgreSQL answers in the parallel tests sometimes came with the columns of
    /// before migration 18 (employee_id and job_title missing from the row, though the table had them); named columns
    /// never did (4 runs of 4 against 3 of 3 failing).
    static let columns = [
        "id", "name", "email", "department", "manager", "employment_status", "start_date", "end_date", "employee_id", "job_title",
        "created_at", "updated_at",
    ]

    static func insert(_ person: Person, _ db: any SQLDatabase) async throws {
        try await db.insert(into: "people")
            .columns(columns)
            .values(
                SQLBind(person.id), SQLBind(person.name), SQLBind(person.email), SQLBind(person.department), SQLBind(person.manager),
                SQLBind(person.employmentStatus.rawValue), SQLBind(person.startDate), SQLBind(person.endDate), SQLBind(person.employeeID),
                SQLBind(person.jobTitle),
                SQLBind(SQLValues.millis(person.createdAt)), SQLBind(SQLValues.millis(person.updatedAt))
            )
            .run()
    }

    static func update(_ person: Person, _ db: any SQLDatabase) async throws -> Bool {
        guard try await db.select().column("id").from("people").where("id", .equal, person.id).first() != nil else { return false }
        try await db.update("people")
            .set("name", to: person.name).set("email", to: person.email).set("department", to: person.department)
            .set("manager", to: person.manager).set("employment_status", to: person.employmentStatus.rawValue)
            .set("start_date", to: person.startDate).set("end_date", to: person.endDate)
            .set("employee_id", to: person.employeeID).set("job_title", to: person.jobTitle)
            .set("updated_at", to: SQLValues.millis(person.updatedAt))
            .where("id", .equal, person.id).run()
        return true
    }

    static func decode(_ row: any SQLRow) throws -> Person {
        Person(
            id: try row.decode(column: "id", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            email: try row.decode(column: "email", as: String.self),
            department: try row.decode(column: "department", as: String.self),
            manager: try row.decode(column: "manager", as: String.self),
            employmentStatus: EmploymentStatus(rawValue: try row.decode(column: "employment_status", as: String.self)) ?? .active,
            startDate: try row.decode(column: "start_date", as: String.self),
            endDate: try row.decode(column: "end_date", as: String.self),
            employeeID: try row.decode(column: "employee_id", as: String.self),
            jobTitle: try row.decode(column: "job_title", as: String.self),
            createdAt: SQLValues.date(try row.decode(column: "created_at", as: Int.self)),
            updatedAt: SQLValues.date(try row.decode(column: "updated_at", as: Int.self)))
    }
}
