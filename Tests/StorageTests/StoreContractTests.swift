// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Inventory
import Foundation
import SQLKit
import BulwarkTesting
import Testing
@testable import Storage

/// What every store must do, on every database Bulwark supports.
@Suite struct StoreContractTests {
    let now = Date(timeIntervalSince1970: 1_780_000_000.123)

    @Test(arguments: TestDatabases.kinds)
    func migrationsAreAppliedOnceAndRecorded(_ kind: Database.Dialect) async throws {
        try await TestDatabases.with(kind) { database in
            try await Migrator(database: database, logger: TestDatabases.logger).migrate()
            let versions = try await database.read { db in
                try await db.select().column("version").from("schema_migrations").all().map { try $0.decode(column: "version", as: Int.self) }
            }
            #expect(versions == Migration.all.map(\.version))
        }
    }

    /// Several nodes starting together against one database: each migration runs once, none fails.
    @Test(arguments: TestDatabases.kinds)
    func concurrentStartsMigrateOnce(_ kind: Database.Dialect) async throws {
        try await TestDatabases.with(kind) { database in
            try await database.transaction { db in
                try await db.delete(from: "schema_migrations").run()
                let events = (kind == .sqlite ? ["event_sources", "events_fts", "events"] : ["event_sources", "events"]) + ["saved_searches"]
                let detection = [
                    "alerts", "alert_comments", "alert_suppressions", "detection_rule_overrides", "detection_exclusions", "indicators",
                    "detection_checkpoint",
                ]
                let vulnerabilities = [
                    "vuln_advisories", "vuln_aliases", "vuln_kev", "vuln_epss", "vuln_meta", "vuln_packages", "vuln_inventory_changes",
                    "vuln_findings", "vuln_vex",
                ]
                let cases = ["cases", "case_records", "case_views", "evidence_chunks"]
                let patching = ["patch_jobs", "patch_windows"]
                let governance = [
                    "identity_sources", "identity_source_files", "identity_accounts", "account_imports", "access_findings", "access_reviews",
                    "access_review_items", "governance_state",
                ]
                for table in events + detection + vulnerabilities + cases + patching + governance + [
                    "sessions", "api_tokens", "audit_log", "assets", "people", "users",
                ] {
                    try await db.drop(table: table).run()
                }
            }
            let location = database.location
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        let node = try await Database.open(location, logger: TestDatabases.logger)
                        await node.close()
                    }
                }
                try await group.waitForAll()
            }
            let count = try await database.read { db in
                try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("schema_migrations").first()!.decode(
                    column: "n", as: Int.self)
            }
            #expect(count == Migration.all.count)
        }
    }

    @Test(arguments: TestDatabases.kinds)
    func aNewerSchemaIsRefused(_ kind: Database.Dialect) async throws {
        try await TestDatabases.with(kind) { database in
            try await database.transaction { db in
                try await db.insert(into: "schema_migrations").columns("version", "name", "applied_at").values(
                    SQLBind(999), SQLBind("future"), SQLBind(0)
                ).run()
            }
            await #expect(throws: StorageError.schemaTooNew(found: 999, known: Migration.all.last!.version)) {
                try await Migrator(database: database, logger: TestDatabases.logger).migrate()
            }
        }
    }

    @Test(arguments: TestDatabases.kinds)
    func transactionsRollBackWhole(_ kind: Database.Dialect) async throws {
        try await TestDatabases.with(kind) { database in
            let store = SQLAssetStore(database: database)
            let first = Asset(name: "a-1", createdAt: now)
            try await store.create(first)
            // The second batch repeats a name inside itself: nothing of it may land.
            await #expect(throws: (any Error).self) {
                try await database.transaction { db in
                    try await SQLAssetStore.insert(Asset(name: "b-1", createdAt: now), db)
                    try await SQLAssetStore.insert(Asset(name: "a-1", createdAt: now), db)
                }
            }
            #expect(try await store.count() == 1)
            #expect(try await store.get(name: "b-1") == nil)
        }
    }

    @Test(arguments: TestDatabases.kinds)
    func assets(_ kind: Database.Dialect) async throws {
        try await TestDatabases.with(kind) { database in
            let store = SQLAssetStore(database: database)
            var asset = Asset(
                name: "web-01", hostnames: ["web-01.example.com"], ips: ["10.0.0.1"], owner: "ops", criticality: .high,
                environment: "production", internetFacing: true, tags: ["web", "100%"], createdAt: now)
            try await store.create(asset)
            #expect(try await store.get(id: asset.id) == asset, "round trip keeps every field, times to the millisecond")
            await #expect(throws: CoreError.conflict("an asset named 'web-01' exists")) {
                try await store.create(Asset(name: "web-01", createdAt: now))
            }
            try await store.create(Asset(name: "db-01", criticality: .critical, tags: ["db"], createdAt: now))
            try await store.create(Asset(name: "web_02", createdAt: now))
            asset.criticality = .critical
            try await store.update(asset)
            #expect(try await store.get(name: "web-01")?.criticality == .critical)
            var renamed = asset
            renamed.name = "db-01"
            await #expect(throws: CoreError.conflict("an asset named 'db-01' exists")) { try await store.update(renamed) }
            // LIKE wildcards in the search text match themselves only.
            #expect(try await store.list(AssetQuery(text: "_"), page: PageRequest()).items.map(\.name) == ["web_02"])
            #expect(try await store.list(AssetQuery(text: "WEB"), page: PageRequest()).items.map(\.name) == ["web-01", "web_02"])
            #expect(try await store.list(AssetQuery(text: "10.0.0"), page: PageRequest()).items.map(\.name) == ["web-01"])
            #expect(try await store.list(AssetQuery(tag: "100%"), page: PageRequest()).items.map(\.name) == ["web-01"])
            #expect(try await store.list(AssetQuery(tag: "100"), page: PageRequest()).items.isEmpty)
            #expect(try await store.list(AssetQuery(criticality: .critical), page: PageRequest()).items.map(\.name) == ["db-01", "web-01"])
            #expect(try await store.countByCriticality() == [.critical: 2, .medium: 1])
            let first = try await store.list(AssetQuery(), page: PageRequest(limit: 2))
            #expect(first.items.map(\.name) == ["db-01", "web-01"])
            let second = try await store.list(AssetQuery(), page: PageRequest(limit: 2, cursor: first.next))
            #expect(second.items.map(\.name) == ["web_02"])
            #expect(second.next == nil)
            #expect(try await store.delete(id: asset.id))
            #expect(!(try await store.delete(id: asset.id)))
            await #expect(throws: CoreError.notFound(kind: "asset", id: asset.id)) { try await store.update(asset) }
        }
    }

    @Test(arguments: TestDatabases.kinds)
    func upsertMatchesByNaturalKeyAndKeepsIdentity(_ kind: Database.Dialect) async throws {
        try await TestDatabases.with(kind) { database in
            let store = SQLPersonStore(database: database)
            let ann = Person(name: "Ann", email: "ann@example.com", department: "IT", createdAt: now)
            try await store.create(ann)
            let result = try await store.upsertAll([
                Person(name: "Ann Lee", email: "ann@example.com", department: "Security", createdAt: now + 10),
                Person(name: "Bob", email: "bob@example.com", createdAt: now + 10),
            ])
            #expect(result.created == 1)
            #expect(result.updated == 1)
            let updated = try #require(try await store.get(email: "ann@example.com"))
            #expect(updated.id == ann.id)
            #expect(updated.createdAt == ann.createdAt)
            #expect(updated.department == "Security")
            #expect(try await store.list(PersonQuery(department: "Security"), page: PageRequest()).items.map(\.name) == ["Ann Lee"])
        }
    }

    /// TOTP secrets are sealed at rest with the secret key: the database alone does not give them away.
    @Test(arguments: TestDatabases.kinds)
    func totpSecretsAreSealedAtRest(_ kind: Database.Dialect) async throws {
        try await TestDatabases.with(kind) { database in
            let box = try SecretBox(keyText: SecretBox.generateKey())
            let secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
            // One user stored before sealing was on, one after.
            try await SQLUserStore(database: database).create(
                User(username: "old", role: .admin, passwordHash: "h", mfaSecret: secret, createdAt: now))
            let users = SQLUserStore(database: database, secrets: box)
            try await users.create(User(username: "new", role: .admin, passwordHash: "h", mfaSecret: secret, createdAt: now))
            #expect(try await users.sealStoredSecrets() == 1, "the old clear secret is sealed on start")
            let stored = try await database.read { db in
                try await db.select().column("mfa_secret").from("users").all().map { try $0.decode(column: "mfa_secret", as: String.self) }
            }
            #expect(stored.count == 2)
            #expect(stored.allSatisfy { SecretBox.isSealed($0) && !$0.contains(secret) })
            #expect(Set(stored).count == 2, "a fresh nonce each time")
            #expect(try await users.get(username: "old")?.mfaSecret == secret)
            #expect(try await users.get(username: "new")?.mfaSecret == secret)
            // Another key cannot open them, and says so at start.
            let other = SQLUserStore(database: database, secrets: try SecretBox(keyText: SecretBox.generateKey()))
            await #expect(throws: SecretBox.Failure.cannotOpen) { try await other.sealStoredSecrets() }
        }
    }

    @Test(arguments: TestDatabases.kinds)
    func usersTokensAndSessions(_ kind: Database.Dialect) async throws {
        try await TestDatabases.with(kind) { database in
            let users = SQLUserStore(database: database)
            var admin = User(username: "root", role: .admin, passwordHash: "$2b$04$x", createdAt: now)
            try await users.create(admin)
            await #expect(throws: CoreError.conflict("username 'root' is taken")) {
                try await users.create(User(username: "root", role: .analyst, passwordHash: "h", createdAt: now))
            }
            try await users.create(User(username: "ops", role: .admin, disabled: true, passwordHash: "h", createdAt: now))
            #expect(try await users.countEnabledAdmins() == 1)
            admin.mfaSecret = "JBSWY3DPEHPK3PXP"
            admin.mfaLastCounter = 12345
            admin.lockedUntil = now + 60
            try await users.update(admin)
            #expect(try await users.get(username: "root") == admin)

            let tokens = SQLTokenStore(database: database)
            var token = APIToken(
                userID: admin.id, name: "ship", prefix: "bwk_abc", secretHash: "h1", scopes: [.ingest, .read],
                createdAt: now, expiresAt: now + 86_400)
            try await tokens.create(token)
            #expect(try await tokens.find(secretHash: "h1") == token)
            token.revokedAt = now + 5
            try await tokens.update(token)
            #expect(try await tokens.get(id: token.id)?.isUsable(at: now + 6) == false)
            #expect(try await tokens.list(userID: admin.id).count == 1)
            #expect(try await tokens.list(userID: "nobody").isEmpty)

            let sessions = SQLSessionStore(database: database)
            for index in 0..<3 {
                try await sessions.create(
                    Session(
                        id: "s\(index)", userID: admin.id, csrfToken: "c", stage: .active,
                        createdAt: now + Double(index) * 3600, source: "127.0.0.1", userAgent: "test"))
            }
            #expect(try await sessions.deleteAll(userID: admin.id, except: "s2") == 2)
            #expect(try await sessions.get(id: "s2") != nil)
            #expect(try await sessions.deleteExpired(createdBefore: now + 3 * 3600, idleBefore: now) == 1)
            #expect(try await sessions.get(id: "s2") == nil)
        }
    }

    @Test(arguments: TestDatabases.kinds)
    func auditLogKeepsCommitOrderAndFilters(_ kind: Database.Dialect) async throws {
        try await TestDatabases.with(kind) { database in
            let log = SQLAuditLog(database: database)
            for index in 0..<12 {
                try await log.record(
                    AuditEntry(
                        time: now, actor: index % 3 == 0 ? "ann" : "bob", action: index % 2 == 0 ? "asset.create" : "auth.login",
                        target: "t\(index)", source: "10.0.0.1", outcome: index == 5 ? .failure : .success, detail: "\(index)"))
            }
            let all = try await log.list(AuditQuery(), page: PageRequest(limit: 5))
            #expect(all.items.map(\.detail) == ["11", "10", "9", "8", "7"])
            let rest = try await log.list(AuditQuery(), page: PageRequest(limit: 50, cursor: all.next))
            #expect(rest.items.map(\.detail) == ["6", "5", "4", "3", "2", "1", "0"])
            #expect(try await log.list(AuditQuery(actor: "ann"), page: PageRequest()).items.map(\.detail) == ["9", "6", "3", "0"])
            #expect(try await log.list(AuditQuery(actionPrefix: "auth."), page: PageRequest()).items.count == 6)
            #expect(try await log.list(AuditQuery(actionPrefix: "auth%"), page: PageRequest()).items.isEmpty)
            #expect(try await log.list(AuditQuery(from: now + 1), page: PageRequest()).items.isEmpty)
            #expect(try await log.list(AuditQuery(to: now + 1), page: PageRequest()).items.count == 12)
        }
    }
}
