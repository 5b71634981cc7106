// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import SQLKit
import Vulnerabilities

/// Vulnerabilities' inventory, finding and VEX tables.
public struct SQLFindingStore: FindingStore {
    let database: Database

    public init(database: Database) { self.database = database }

    public func packages(assetID: String) async throws -> [StoredPackage] {
        let rows = try await database.read { db in
            try await db.select().column("source").column("body").column("imported_at").from("vuln_packages").where("asset_id", .equal, assetID)
                .orderBy("source").orderBy("name").all().map { row in
                    (
                        try row.decode(column: "source", as: String.self), try row.decode(column: "body", as: String.self),
                        try row.decode(column: "imported_at", as: Int.self)
                    )
                }
        }
        let decoder = SQLValues.bodyDecoder()
        return rows.compactMap { source, body, at in
            (try? decoder.decode(InventoryPackage.self, from: Data(body.utf8))).map {
                StoredPackage(assetID: assetID, source: source, package: $0, importedAt: SQLValues.date(at))
            }
        }
    }

    public func replacePackages(assetID: String, source: String, packages: [InventoryPackage], change: InventoryChange) async throws {
        let bodies = try packages.map { ($0, try SQLValues.body($0)) }
        let changeBody = try SQLValues.body(change)
        let at = SQLValues.millis(change.importedAt)
        try await database.transaction { db in
            try await db.delete(from: "vuln_packages").where("asset_id", .equal, assetID).where("source", .equal, source).run()
            for start in stride(from: 0, to: bodies.count, by: 300) {
                var insert = db.insert(into: "vuln_packages").columns("asset_id", "source", "ecosystem", "name", "version", "body", "imported_at")
                for (package, body) in bodies[start..<min(start + 300, bodies.count)] {
                    insert = insert.values(
                        SQLBind(assetID), SQLBind(source), SQLBind(package.ecosystem), SQLBind(package.name), SQLBind(package.version), SQLBind(body),
                        SQLBind(at))
                }
                try await insert.run()
            }
            try await Self.upsert(change, body: changeBody, on: db)
        }
    }

    public func saveInventoryChange(_ change: InventoryChange) async throws {
        let body = try SQLValues.body(change)
        try await database.transaction { db in try await Self.upsert(change, body: body, on: db) }
    }

    static func upsert(_ change: InventoryChange, body: String, on db: any SQLDatabase) async throws {
        try await db.insert(into: "vuln_inventory_changes").columns("id", "asset_id", "imported_at", "body")
            .values(SQLBind(change.id), SQLBind(change.assetID), SQLBind(SQLValues.millis(change.importedAt)), SQLBind(body))
            .onConflict(with: ["id"]) { try $0.set(excludedValueOf: "body") }.run()
    }

    public func inventoryChanges(assetID: String, limit: Int) async throws -> [InventoryChange] {
        let bodies = try await database.read { db in
            try await db.select().column("body").from("vuln_inventory_changes").where("asset_id", .equal, assetID)
                .orderBy("imported_at", .descending).limit(limit).all().map { try $0.decode(column: "body", as: String.self) }
        }
        let decoder = SQLValues.bodyDecoder()
        return bodies.compactMap { try? decoder.decode(InventoryChange.self, from: Data($0.utf8)) }
    }

    public func assetIDsWithPackages() async throws -> [String] {
        try await database.read { db in
            try await db.select().distinct().column("asset_id").from("vuln_packages").orderBy("asset_id").all().map {
                try $0.decode(column: "asset_id", as: String.self)
            }
        }
    }

    public func packageEcosystems() async throws -> [String] {
        try await database.read { db in
            try await db.select().distinct().column("ecosystem").from("vuln_packages").orderBy("ecosystem").all().map {
                try $0.decode(column: "ecosystem", as: String.self)
            }
        }
    }

    static func decodeFindings(_ bodies: [String]) -> [Finding] {
        let decoder = SQLValues.bodyDecoder()
        return bodies.compactMap { try? decoder.decode(Finding.self, from: Data($0.utf8)) }
    }

    public func findings(assetID: String) async throws -> [Finding] {
        let bodies = try await database.read { db in
            try await db.select().column("body").from("vuln_findings").where("asset_id", .equal, assetID).all().map {
                try $0.decode(column: "body", as: String.self)
            }
        }
        return Self.decodeFindings(bodies)
    }

    public func finding(id: String) async throws -> Finding? {
        let body = try await database.read { db in
            try await db.select().column("body").from("vuln_findings").where("id", .equal, id).first()?.decode(column: "body", as: String.self)
        }
        return Self.decodeFindings(body.map { [$0] } ?? []).first
    }

    static func riskKey(_ risk: Double) -> Int { Int((risk * 10).rounded()) }

    public func saveFindings(_ findings: [Finding]) async throws {
        guard !findings.isEmpty else { return }
        let rows = try findings.map { ($0, try SQLValues.body($0)) }
        try await database.transaction { db in
            for start in stride(from: 0, to: rows.count, by: 200) {
                var insert = db.insert(into: "vuln_findings").columns(
                    "id", "finding_key", "asset_id", "asset_name", "vulnerability_id", "package", "source_package", "ecosystem",
                    "aliases", "state", "severity", "risk_key", "kev", "due_at", "fixed_at", "body")
                for (f, body) in rows[start..<min(start + 200, rows.count)] {
                    insert = insert.values(
                        SQLBind(f.id), SQLBind(f.key), SQLBind(f.assetID), SQLBind(f.assetName), SQLBind(f.vulnerabilityID), SQLBind(f.package),
                        SQLBind(f.fixUnit), SQLBind(f.ecosystem), SQLBind(f.aliases.joined(separator: " ")), SQLBind(f.state.rawValue),
                        SQLBind(f.severity.rawValue),
                        SQLBind(Self.riskKey(f.risk)), SQLBind(f.kev ? 1 : 0), SQLBind(SQLValues.millis(f.dueAt)),
                        SQLBind(SQLValues.millis(f.fixedAt)), SQLBind(body))
                }
                try await insert.onConflict(with: ["id"]) {
                    try $0.set(excludedValueOf: "asset_name").set(excludedValueOf: "source_package").set(excludedValueOf: "aliases").set(
                        excludedValueOf: "state"
                    ).set(
                        excludedValueOf: "severity"
                    )
                    .set(excludedValueOf: "risk_key").set(excludedValueOf: "kev").set(excludedValueOf: "due_at").set(excludedValueOf: "fixed_at").set(
                        excludedValueOf: "body")
                }.run()
            }
        }
    }

    public func listFindings(_ query: FindingQuery, now: Date, page: PageRequest) async throws -> Page<Finding> {
        let cursor = try Cursor.decode(page.cursor).map { value -> (Int, String) in
            guard let key = Int(value.key) else {
                throw CoreError.invalid([FieldError(field: "cursor", message: "is not a cursor returned by this listing")])
            }
            return (key, value.id)
        }
        let nowMillis = SQLValues.millis(now)
        let rows = try await database.read { db in
            var select = Self.filtered(db.select().column("id").column("risk_key").column("body").from("vuln_findings"), query, now: nowMillis)
            if let (key, id) = cursor {
                select = select.where { group in
                    group.where("risk_key", .lessThan, key).orWhere { $0.where("risk_key", .equal, key).where("id", .greaterThan, id) }
                }
            }
            return try await select.orderBy("risk_key", .descending).orderBy("id").limit(page.limit + 1).all().map { row in
                (
                    id: try row.decode(column: "id", as: String.self), key: try row.decode(column: "risk_key", as: Int.self),
                    body: try row.decode(column: "body", as: String.self)
                )
            }
        }
        let paged = Cursor.page(rows, limit: page.limit, key: { String($0.key) }, id: { $0.id })
        return Page(items: Self.decodeFindings(paged.items.map(\.body)), next: paged.next)
    }

    /// The query's conditions on a select of `vuln_findings`.
    static func filtered(_ select: SQLSelectBuilder, _ query: FindingQuery, now nowMillis: Int) -> SQLSelectBuilder {
        var select = select
        if let asset = query.assetID { select = select.where("asset_id", .equal, asset) }
        if let ids = query.assetIDs { select = ids.isEmpty ? select.where(SQLLiteral.boolean(false)) : select.where("asset_id", .in, ids) }
        if !query.severities.isEmpty { select = select.where("severity", .in, query.severities.map(\.rawValue)) }
        if !query.states.isEmpty { select = select.where("state", .in, query.states.map(\.rawValue)) }
        if let kev = query.kev { select = select.where("kev", .equal, kev ? 1 : 0) }
        if let overdue = query.overdue {
            let active = [FindingState.open.rawValue, FindingState.inRemediation.rawValue]
            if overdue {
                select = select.where("state", .in, active).where("due_at", .lessThan, nowMillis)
            } else {
                select = select.where { $0.where("state", .notIn, active).orWhere("due_at", .greaterThanOrEqual, nowMillis) }
            }
        }
        if let ecosystem = query.ecosystem, !ecosystem.isEmpty {
            select = select.where {
                $0.where("ecosystem", .equal, ecosystem).orWhere("ecosystem", .like, SQLValues.likeEscaped(ecosystem) + ":%")
            }
        }
        if let vulnerability = query.vulnerabilityID { select = select.where("vulnerability_id", .equal, vulnerability) }
        if let text = query.text, !text.isEmpty {
            select = select.where(SQLValues.containsAny(["package", "vulnerability_id", "aliases", "asset_name"], text))
        }
        if let source = query.sourcePackage { select = select.where("source_package", .equal, source) }
        return select
    }

    public func groupFindings(_ query: FindingQuery, by grouping: FindingGrouping, now: Date, page: PageRequest) async throws -> Page<FindingGroup> {
        // Groups are few and folded from every matching finding, so the cursor is an offset.
        let offset =
            try Cursor.decode(page.cursor).map { value -> Int in
                guard value.key == "offset", let offset = Int(value.id), offset >= 0 else {
                    throw CoreError.invalid([FieldError(field: "cursor", message: "is not a cursor returned by this listing")])
                }
                return offset
            } ?? 0
        let nowMillis = SQLValues.millis(now)
        let postgres = database.dialect == .postgres
        let packages = postgres ? "string_agg(DISTINCT package, ',')" : "group_concat(DISTINCT package)"
        let active = "state IN ('\(FindingState.open.rawValue)', '\(FindingState.inRemediation.rawValue)')"
        let ranks = Severity.allCases.map { "WHEN '\($0.rawValue)' THEN \($0.rank)" }.joined(separator: " ")
        let rows = try await database.read { db in
            var select = db.select()
            switch grouping {
            case .vulnerability:
                select = select.column(SQLColumn("vulnerability_id"), as: "group_key").column(SQLLiteral.null, as: "group_ecosystem")
                    .groupBy("vulnerability_id")
            case .package:
                select = select.column(SQLColumn("source_package"), as: "group_key").column(SQLColumn("ecosystem"), as: "group_ecosystem")
                    .groupBy("ecosystem").groupBy("source_package")
            }
            select =
                select
                .column(SQLRaw("COUNT(*)"), as: "findings").column(SQLRaw("COUNT(DISTINCT asset_id)"), as: "assets")
                .column(SQLRaw("COUNT(DISTINCT vulnerability_id)"), as: "vulnerabilities").column(SQLRaw(packages), as: "packages")
                .column(SQLRaw("MAX(CASE severity \(ranks) ELSE 0 END)"), as: "severity_rank")
                .column(SQLRaw("MAX(risk_key)"), as: "maximum_risk").column(SQLRaw("CAST(SUM(risk_key) AS BIGINT)"), as: "total_risk")
                .column(SQLRaw("CAST(SUM(kev) AS BIGINT)"), as: "kev").column(SQLRaw("MIN(due_at)"), as: "earliest_due")
                .column(
                    SQLQueryString("CAST(SUM(CASE WHEN \(unsafeRaw: active) AND due_at < \(bind: nowMillis) THEN 1 ELSE 0 END) AS BIGINT)"),
                    as: "overdue"
                )
                .from("vuln_findings")
            select = Self.filtered(select, query, now: nowMillis)
            return try await select.orderBy(SQLRaw("MAX(risk_key) DESC")).orderBy(SQLRaw("COUNT(*) DESC"))
                .orderBy("group_key").offset(offset).limit(page.limit + 1).all().map { row in
                    FindingGroup(
                        key: try row.decode(column: "group_key", as: String.self),
                        ecosystem: try row.decode(column: "group_ecosystem", as: String?.self),
                        findings: try row.decode(column: "findings", as: Int.self), assets: try row.decode(column: "assets", as: Int.self),
                        vulnerabilities: try row.decode(column: "vulnerabilities", as: Int.self),
                        packages: (try row.decode(column: "packages", as: String?.self) ?? "").split(separator: ",").map(String.init).sorted(),
                        severity: Severity.allCases[max(0, min(Severity.allCases.count - 1, try row.decode(column: "severity_rank", as: Int.self)))],
                        maximumRisk: Double(try row.decode(column: "maximum_risk", as: Int.self)) / 10,
                        totalRisk: Double(try row.decode(column: "total_risk", as: Int.self)) / 10,
                        kev: try row.decode(column: "kev", as: Int.self), overdue: try row.decode(column: "overdue", as: Int.self),
                        earliestDue: SQLValues.date(try row.decode(column: "earliest_due", as: Int.self)))
                }
        }
        let items = Array(rows.prefix(page.limit))
        return Page(items: items, next: rows.count > page.limit ? Cursor.encode(key: "offset", id: String(offset + page.limit)) : nil)
    }

    public func findingCounts(now: Date) async throws -> FindingCounts {
        let nowMillis = SQLValues.millis(now)
        return try await database.read { db in
            var counts = FindingCounts()
            let active = [FindingState.open.rawValue, FindingState.inRemediation.rawValue]
            for row in try await db.select().column("severity").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("vuln_findings")
                .where("state", .in, active).groupBy("severity").all()
            {
                if let severity = Severity(rawValue: try row.decode(column: "severity", as: String.self)) {
                    counts.openBySeverity[severity] = try row.decode(column: "n", as: Int.self)
                }
            }
            func count(_ build: (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> Int {
                try await build(db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("vuln_findings")).first()?.decode(
                    column: "n", as: Int.self) ?? 0
            }
            counts.overdue = try await count { $0.where("state", .in, active).where("due_at", .lessThan, nowMillis) }
            counts.kev = try await count { $0.where("state", .in, active).where("kev", .equal, 1) }
            counts.fixedLast30Days = try await count {
                $0.where("state", .equal, FindingState.fixed.rawValue).where("fixed_at", .greaterThanOrEqual, nowMillis - 30 * 86_400_000)
            }
            let since = nowMillis - 90 * 86_400_000
            let fixed = try await count { $0.where("state", .equal, FindingState.fixed.rawValue).where("fixed_at", .greaterThanOrEqual, since) }
            if fixed > 0 {
                let inTime = try await count {
                    $0.where("state", .equal, FindingState.fixed.rawValue).where("fixed_at", .greaterThanOrEqual, since).where(
                        SQLColumn("fixed_at"), .lessThanOrEqual, SQLColumn("due_at"))
                }
                counts.slaCompliance = Double(inTime) / Double(fixed)
            }
            return counts
        }
    }

    public func saveVEX(_ statements: [VEXStatement]) async throws {
        guard !statements.isEmpty else { return }
        let rows = try statements.map { ($0, try SQLValues.body($0)) }
        try await database.transaction { db in
            for start in stride(from: 0, to: rows.count, by: 300) {
                var insert = db.insert(into: "vuln_vex").columns("id", "vulnerability", "product", "created_at", "body")
                for (s, body) in rows[start..<min(start + 300, rows.count)] {
                    insert = insert.values(
                        SQLBind(s.id), SQLBind(s.vulnerability), SQLBind(s.product), SQLBind(SQLValues.millis(s.createdAt)), SQLBind(body))
                }
                try await insert.run()
            }
        }
    }

    public func vexStatements() async throws -> [VEXStatement] {
        let bodies = try await database.read { db in
            try await db.select().column("body").from("vuln_vex").orderBy("created_at").all().map { try $0.decode(column: "body", as: String.self) }
        }
        let decoder = SQLValues.bodyDecoder()
        return bodies.compactMap { try? decoder.decode(VEXStatement.self, from: Data($0.utf8)) }
    }
}
