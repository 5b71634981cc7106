// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import SQLKit
import Vulnerabilities

/// Vulnerabilities' advisory tables.
public struct SQLAdvisoryStore: AdvisoryStore {
    let database: Database

    public init(database: Database) { self.database = database }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()

    public func advisoryStamps() async throws -> [String: String] {
        try await database.read { db in
            var stamps: [String: String] = [:]
            for row in try await db.select().column("id").column("modified").from("vuln_advisories").all() {
                stamps[try row.decode(column: "id", as: String.self)] = try row.decode(column: "modified", as: String.self)
            }
            return stamps
        }
    }

    public func saveAdvisories(_ records: [OSVRecord]) async throws {
        guard !records.isEmpty else { return }
        let rows = try records.map { record in
            (record, String(decoding: try Self.encoder.encode(record), as: UTF8.self))
        }
        try await database.transaction { db in
            let ids = rows.map(\.0.id)
            var offset = 0
            while offset < ids.count {
                let chunk = Array(ids[offset..<min(offset + 500, ids.count)])
                try await db.delete(from: "vuln_advisories").where("id", .in, chunk).run()
                try await db.delete(from: "vuln_aliases").where("advisory_id", .in, chunk).run()
                offset += 500
            }
            for chunk in stride(from: 0, to: rows.count, by: 200).map({ rows[$0..<min($0 + 200, rows.count)] }) {
                var insert = db.insert(into: "vuln_advisories").columns("id", "modified", "withdrawn", "summary", "body")
                var aliases = db.insert(into: "vuln_aliases").columns("alias", "advisory_id")
                var aliasCount = 0
                for (record, body) in chunk {
                    insert = insert.values(
                        SQLBind(record.id), SQLBind(record.modified), SQLBind(record.withdrawn), SQLBind(record.summary ?? ""), SQLBind(body))
                    for alias in Set((record.aliases ?? []) + record.cves) where alias != record.id {
                        aliases = aliases.values(SQLBind(alias), SQLBind(record.id))
                        aliasCount += 1
                    }
                }
                try await insert.run()
                if aliasCount > 0 { try await aliases.run() }
            }
        }
    }

    /// Every record. The bodies come back joined into JSON lines in chunks of 2,000 (one row each): reading 18,000 rows
    /// one by one through the driver cost seconds, the aggregate a fraction of that. Bodies are compact JSON, one line each.
    public func advisoryCount() async throws -> Int {
        try await database.read { db in
            try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("vuln_advisories").first()?
                .decode(column: "n", as: Int.self) ?? 0
        }
    }

    public func advisories() async throws -> [OSVRecord] {
        let postgres = database.dialect == .postgres
        let chunks = try await database.read { db in
            let aggregate = postgres ? "string_agg(body, E'\\n' ORDER BY id)" : "group_concat(body, char(10))"
            let inner =
                postgres
                ? "SELECT id, body, (row_number() OVER (ORDER BY id) - 1) / 2000 AS chunk FROM vuln_advisories"
                : "SELECT id, body, (row_number() OVER (ORDER BY id) - 1) / 2000 AS chunk FROM vuln_advisories ORDER BY id"
            return try await db.raw("SELECT \(unsafeRaw: aggregate) AS bodies FROM (\(unsafeRaw: inner)) AS t GROUP BY chunk ORDER BY chunk").all()
                .map { try $0.decode(column: "bodies", as: String.self) }
        }
        var records: [OSVRecord] = []
        for chunk in chunks {
            for line in chunk.utf8.split(separator: 0x0a) {
                if let record = try? OSVRecord.parse(Data(line)) { records.append(record) }
            }
        }
        return records
    }

    public func advisory(id: String) async throws -> OSVRecord? {
        let body = try await database.read { db in
            var row = try await db.select().column("body").from("vuln_advisories").where("id", .equal, id).first()
            if row == nil {
                // An alias (CVE, GHSA, …) names the record too.
                if let owner = try await db.select().column("advisory_id").from("vuln_aliases").where("alias", .equal, id).orderBy("advisory_id")
                    .first()
                {
                    let ownerID = try owner.decode(column: "advisory_id", as: String.self)
                    row = try await db.select().column("body").from("vuln_advisories").where("id", .equal, ownerID).first()
                }
            }
            return try row?.decode(column: "body", as: String.self)
        }
        return try body.map { try OSVRecord.parse(Data($0.utf8)) }
    }

    public func replaceKEV(_ entries: [KEVEntry], catalogVersion: String?) async throws {
        let rows = try entries.map { ($0, String(decoding: try Self.encoder.encode($0), as: UTF8.self)) }
        try await database.transaction { db in
            try await db.delete(from: "vuln_kev").run()
            for start in stride(from: 0, to: rows.count, by: 300) {
                var insert = db.insert(into: "vuln_kev").columns("cve", "due_date", "body")
                for (entry, body) in rows[start..<min(start + 300, rows.count)] {
                    insert = insert.values(SQLBind(entry.cve), SQLBind(entry.dueDate), SQLBind(body))
                }
                try await insert.onConflict(with: ["cve"]) { try $0.set(excludedValueOf: "due_date").set(excludedValueOf: "body") }.run()
            }
            if let catalogVersion {
                try await db.insert(into: "vuln_meta").columns("key", "value").values(SQLBind("kev_catalog_version"), SQLBind(catalogVersion))
                    .onConflict(with: ["key"]) { try $0.set(excludedValueOf: "value") }.run()
            }
        }
    }

    public func lastUpdate() async throws -> AdvisoryUpdate? {
        let rows = try await database.read { db in
            try await db.select().columns("key", "value").from("vuln_meta").where("key", .in, ["revision", "updated_at"]).all()
                .map { (try $0.decode(column: "key", as: String.self), try $0.decode(column: "value", as: String.self)) }
        }
        let values = Dictionary(rows, uniquingKeysWith: { first, _ in first })
        guard let revision = values["revision"], let time = values["updated_at"].flatMap(Double.init) else { return nil }
        return AdvisoryUpdate(revision: revision, time: Date(timeIntervalSince1970: time))
    }

    public func recordUpdate(_ update: AdvisoryUpdate) async throws {
        try await database.transaction { db in
            for (key, value) in [("revision", update.revision), ("updated_at", String(update.time.timeIntervalSince1970))] {
                try await db.insert(into: "vuln_meta").columns("key", "value").values(SQLBind(key), SQLBind(value))
                    .onConflict(with: ["key"]) { try $0.set(excludedValueOf: "value") }.run()
            }
        }
    }

    public func kevEntries() async throws -> [KEVEntry] {
        let bodies = try await database.read { db in
            try await db.select().column("body").from("vuln_kev").orderBy("cve").all().map { try $0.decode(column: "body", as: String.self) }
        }
        return bodies.compactMap { try? JSONDecoder().decode(KEVEntry.self, from: Data($0.utf8)) }
    }

    public func saveEPSS(_ scores: [EPSSScore]) async throws {
        try await database.transaction { db in
            for start in stride(from: 0, to: scores.count, by: 500) {
                var insert = db.insert(into: "vuln_epss").columns("cve", "probability", "percentile", "score_date")
                for score in scores[start..<min(start + 500, scores.count)] {
                    insert = insert.values(SQLBind(score.cve), SQLBind(score.probability), SQLBind(score.percentile), SQLBind(score.date))
                }
                try await insert.onConflict(with: ["cve"]) {
                    try $0.set(excludedValueOf: "probability").set(excludedValueOf: "percentile").set(excludedValueOf: "score_date")
                }.run()
            }
        }
    }

    public func epssScores() async throws -> [EPSSScore] {
        try await database.read { db in
            try await db.select().column("*").from("vuln_epss").orderBy("cve").all().map { row in
                EPSSScore(
                    cve: try row.decode(column: "cve", as: String.self), probability: try row.decode(column: "probability", as: Double.self),
                    percentile: try row.decode(column: "percentile", as: Double.self), date: try row.decode(column: "score_date", as: String?.self))
            }
        }
    }
}
