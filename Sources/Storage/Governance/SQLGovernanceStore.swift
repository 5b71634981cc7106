// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import Governance
import SQLKit

/// Governance's tables: `identity_sources`, `identity_source_files`, `identity_accounts`, `account_imports`,
/// `access_findings`, `governance_state`, and (in +Reviews) `access_reviews` and `access_review_items`. With a
/// ``SecretBox``, a directory source's bind password is sealed at rest.
public struct SQLGovernanceStore: GovernanceStore {
    let database: Database
    let secrets: SecretBox?

    public init(database: Database, secrets: SecretBox? = nil) {
        self.database = database
        self.secrets = secrets
    }

    /// The source as stored: its bind password sealed.
    func sealed(_ source: IdentitySource) throws -> String {
        var stored = source
        if let secrets, let password = stored.directory?.bindPassword, !password.isEmpty, !SecretBox.isSealed(password) {
            stored.directory?.bindPassword = secrets.seal(password)
        }
        return try SQLValues.body(stored)
    }

    /// The source as read: its bind password opened.
    func opened(_ row: any SQLRow) throws -> IdentitySource {
        var source = try Self.decode(IdentitySource.self, row)
        if let secrets, let password = source.directory?.bindPassword, SecretBox.isSealed(password) {
            source.directory?.bindPassword = try secrets.open(password)
        }
        return source
    }

    static func decode<T: Decodable>(_ type: T.Type, _ row: any SQLRow) throws -> T {
        try SQLValues.bodyDecoder().decode(type, from: Data(try row.decode(column: "body", as: String.self).utf8))
    }

    // MARK: Sources

    public func saveSource(_ source: IdentitySource) async throws -> Bool {
        let body = try sealed(source)
        return try await database.transaction { db in
            let taken = try await db.select().column("id").from("identity_sources").where("name", .equal, source.name).where(
                "id", .notEqual, source.id
            )
            .first()
            guard taken == nil else { return false }
            try await db.insert(into: "identity_sources").columns("id", "name", "kind", "created_at", "body")
                .values(
                    SQLBind(source.id), SQLBind(source.name), SQLBind(source.kind.rawValue), SQLBind(SQLValues.millis(source.createdAt)),
                    SQLBind(body)
                )
                .onConflict(with: ["id"]) { try $0.set(excludedValueOf: "name").set(excludedValueOf: "body") }.run()
            return true
        }
    }

    public func source(id: String) async throws -> IdentitySource? {
        try await database.read { db in
            try await db.select().column("body").from("identity_sources").where("id", .equal, id).first().map(opened)
        }
    }

    public func source(name: String) async throws -> IdentitySource? {
        try await database.read { db in
            try await db.select().column("body").from("identity_sources").where("name", .equal, name).first().map(opened)
        }
    }

    public func sources() async throws -> [IdentitySource] {
        try await database.read { db in
            try await db.select().column("body").from("identity_sources").orderBy("name").all().map(opened)
        }
    }

    public func files(sourceID: String) async throws -> SourceFiles? {
        try await database.read { db in
            try await db.select().column("body").from("identity_source_files").where("source_id", .equal, sourceID).first().map {
                try Self.decode(SourceFiles.self, $0)
            }
        }
    }

    // MARK: Accounts

    public func accounts(sourceID: String) async throws -> [Account] {
        try await database.read { db in
            try await db.select().column("body").from("identity_accounts").where("source_id", .equal, sourceID).all().map {
                try Self.decode(Account.self, $0)
            }
        }
    }

    public func account(id: String) async throws -> Account? {
        try await database.read { db in
            try await db.select().column("body").from("identity_accounts").where("id", .equal, id).first().map { try Self.decode(Account.self, $0) }
        }
    }

    public func accounts(personID: String) async throws -> [Account] {
        try await database.read { db in
            try await db.select().column("body").from("identity_accounts").where("person_id", .equal, personID).orderBy("username").all().map {
                try Self.decode(Account.self, $0)
            }
        }
    }

    public func accounts(_ query: AccountQuery, page: PageRequest) async throws -> Page<Account> {
        let cursor = try Cursor.decode(page.cursor)
        let rows = try await database.read { db in
            var select = db.select().column("username").column("id").column("body").from("identity_accounts")
            if let source = query.sourceID { select = select.where("source_id", .equal, source) }
            if let person = query.personID { select = select.where("person_id", .equal, person) }
            if !query.includeRemoved { select = select.where("present", .equal, 1) }
            if let text = query.text?.lowercased(), !text.isEmpty {
                select = select.where(SQLQueryString("search LIKE \(bind: "%" + SQLValues.likeEscaped(text) + "%") ESCAPE '!'"))
            }
            if let type = query.finding {
                select = select.where(
                    SQLQueryString(
                        """
                        id IN (SELECT account_id FROM access_findings \
                        WHERE type = \(bind: type.rawValue) AND state = \(bind: AccessFindingState.open.rawValue))
                        """
                    ))
            }
            select = Cursor.after(select, column: "username", cursor: cursor)
            return try await select.orderBy("username").orderBy("id").limit(page.limit + 1).all()
        }
        var items = try rows.map { try Self.decode(Account.self, $0) }
        var next: String?
        if items.count > page.limit {
            items.removeLast()
            if let last = items.last { next = Cursor.encode(key: last.username.lowercased(), id: last.id) }
        }
        return Page(items: items, next: next)
    }

    public func saveAccount(_ account: Account) async throws {
        try await database.transaction { db in try await Self.upsert([account], db) }
    }

    public func saveAccounts(_ accounts: [Account]) async throws {
        guard !accounts.isEmpty else { return }
        try await database.transaction { db in try await Self.upsert(accounts, db) }
    }

    public func loginCheckpoint() async throws -> Int64? {
        try await database.read { db in
            try await db.select().column("value").from("governance_state").where("key", .equal, "login_checkpoint").first()
                .map { try $0.decode(column: "value", as: Int64.self) }
        }
    }

    public func setLoginCheckpoint(_ id: Int64) async throws {
        try await database.transaction { db in
            try await db.insert(into: "governance_state").columns("key", "value").values(SQLBind("login_checkpoint"), SQLBind(id))
                .onConflict(with: ["key"]) { try $0.set(excludedValueOf: "value") }.run()
        }
    }

    static func upsert(_ accounts: [Account], _ db: any SQLDatabase) async throws {
        for chunk in stride(from: 0, to: accounts.count, by: 200).map({ accounts[$0..<min($0 + 200, accounts.count)] }) {
            var insert = db.insert(into: "identity_accounts").columns(
                "id", "source_id", "account_key", "username", "search", "person_id", "present", "body")
            for account in chunk {
                insert = insert.values(
                    SQLBind(account.id), SQLBind(account.sourceID), SQLBind(account.key), SQLBind(account.username.lowercased()),
                    SQLBind([account.username, account.displayName, account.email].joined(separator: " ").lowercased()), SQLBind(account.personID),
                    SQLBind(account.removedAt == nil ? 1 : 0), SQLBind(try SQLValues.body(account)))
            }
            try await insert.onConflict(with: ["id"]) {
                try $0.set(excludedValueOf: "account_key").set(excludedValueOf: "username").set(excludedValueOf: "search")
                    .set(excludedValueOf: "person_id").set(excludedValueOf: "present").set(excludedValueOf: "body")
            }.run()
        }
    }

    // MARK: Imports

    public func apply(
        source: IdentitySource, files: SourceFiles?, accounts: [Account], findings: [AccessFinding], reviewItems: [ReviewItem],
        record: AccountImport
    ) async throws {
        let sourceBody = try sealed(source)
        let filesBody = try files.map { try SQLValues.body($0) }
        let recordBody = try SQLValues.body(record)
        try await database.transaction { db in
            try await db.update("identity_sources").set("body", to: sourceBody).where("id", .equal, source.id).run()
            if let filesBody {
                try await db.insert(into: "identity_source_files").columns("source_id", "body").values(SQLBind(source.id), SQLBind(filesBody))
                    .onConflict(with: ["source_id"]) { try $0.set(excludedValueOf: "body") }.run()
            }
            try await Self.upsert(accounts, db)
            try await Self.upsert(findings, db)
            try await Self.upsert(reviewItems, db)
            try await db.insert(into: "account_imports").columns("id", "source_id", "created_at", "body")
                .values(SQLBind(record.id), SQLBind(source.id), SQLBind(SQLValues.millis(record.at)), SQLBind(recordBody)).run()
        }
    }

    public func imports(sourceID: String, limit: Int) async throws -> [AccountImport] {
        try await database.read { db in
            try await db.select().column("body").from("account_imports").where("source_id", .equal, sourceID).orderBy("created_at", .descending)
                .orderBy("id", .descending).limit(limit).all().map { try Self.decode(AccountImport.self, $0) }
        }
    }

    public func importRecord(id: String) async throws -> AccountImport? {
        try await database.read { db in
            try await db.select().column("body").from("account_imports").where("id", .equal, id).first().map {
                try Self.decode(AccountImport.self, $0)
            }
        }
    }

    // MARK: Findings

    /// Most severe first, then the most recently seen: the rank's complement and the time's, as fixed-width digits.
    static func sortKey(_ finding: AccessFinding) -> String {
        let rank = Severity.allCases.count - 1 - (Severity.allCases.firstIndex(of: finding.severity) ?? 0)
        let seen = 9_999_999_999_999 - SQLValues.millis(finding.lastSeenAt)
        return "\(rank)" + String(repeating: "0", count: max(0, 13 - String(seen).count)) + String(seen)
    }

    static func upsert(_ findings: [AccessFinding], _ db: any SQLDatabase) async throws {
        for chunk in stride(from: 0, to: findings.count, by: 200).map({ findings[$0..<min($0 + 200, findings.count)] }) {
            var insert = db.insert(into: "access_findings").columns("id", "source_id", "account_id", "person_id", "type", "state", "sort_key", "body")
            for finding in chunk {
                insert = insert.values(
                    SQLBind(finding.id), SQLBind(finding.sourceID), SQLBind(finding.accountID), SQLBind(finding.personID),
                    SQLBind(finding.type.rawValue),
                    SQLBind(finding.state.rawValue), SQLBind(sortKey(finding)), SQLBind(try SQLValues.body(finding)))
            }
            try await insert.onConflict(with: ["id"]) {
                try $0.set(excludedValueOf: "person_id").set(excludedValueOf: "state").set(excludedValueOf: "sort_key").set(excludedValueOf: "body")
            }.run()
        }
    }

    public func findings(sourceID: String) async throws -> [AccessFinding] {
        try await database.read { db in
            try await db.select().column("body").from("access_findings").where("source_id", .equal, sourceID).all().map {
                try Self.decode(AccessFinding.self, $0)
            }
        }
    }

    public func finding(id: String) async throws -> AccessFinding? {
        try await database.read { db in
            try await db.select().column("body").from("access_findings").where("id", .equal, id).first().map {
                try Self.decode(AccessFinding.self, $0)
            }
        }
    }

    public func findings(_ query: AccessFindingQuery, page: PageRequest) async throws -> Page<AccessFinding> {
        let cursor = try Cursor.decode(page.cursor)
        let rows = try await database.read { db in
            var select = db.select().column("sort_key").column("id").column("body").from("access_findings")
            if let type = query.type { select = select.where("type", .equal, type.rawValue) }
            if !query.states.isEmpty { select = select.where("state", .in, query.states.map(\.rawValue)) }
            if let source = query.sourceID { select = select.where("source_id", .equal, source) }
            if let account = query.accountID { select = select.where("account_id", .equal, account) }
            if let person = query.personID { select = select.where("person_id", .equal, person) }
            select = Cursor.after(select, column: "sort_key", cursor: cursor)
            return try await select.orderBy("sort_key").orderBy("id").limit(page.limit + 1).all()
        }
        var items = try rows.map { try Self.decode(AccessFinding.self, $0) }
        var next: String?
        if items.count > page.limit {
            items.removeLast()
            if let last = items.last { next = Cursor.encode(key: Self.sortKey(last), id: last.id) }
        }
        return Page(items: items, next: next)
    }

    public func saveFinding(_ finding: AccessFinding) async throws {
        try await database.transaction { db in try await Self.upsert([finding], db) }
    }

    public func findingCounts() async throws -> [AccessFindingType: [AccessFindingState: Int]] {
        let rows = try await database.read { db in
            try await db.select().column("type").column("state").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("access_findings")
                .groupBy("type").groupBy("state").all()
        }
        var counts: [AccessFindingType: [AccessFindingState: Int]] = [:]
        for row in rows {
            guard let type = AccessFindingType(rawValue: try row.decode(column: "type", as: String.self)),
                let state = AccessFindingState(rawValue: try row.decode(column: "state", as: String.self))
            else { continue }
            counts[type, default: [:]][state] = try row.decode(column: "n", as: Int.self)
        }
        return counts
    }
}
