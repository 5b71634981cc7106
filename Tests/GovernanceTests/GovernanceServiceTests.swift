// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

@testable import BulwarkApp
import BulwarkCore
import BulwarkTesting
import Foundation
import Governance
import Inventory
import Storage
import Testing

/// Sources, imports and findings over a real database (SQLite, and PostgreSQL when configured), with the people
/// inventory as the application reads it: a Linux host's files uploaded one by one, all-or-nothing and partial
/// imports, the diff of a re-import, findings resolved by a later import, accepted with an expiry, re-opened; manual
/// links that survive re-imports; no password hash ever stored.
@Suite struct GovernanceServiceTests {
    static let start = Timestamp.parse("2026-12-03T08:00:00Z")!
    static let admin = AuditActor(username: "lead", source: "test")

    struct Fixture: Sendable {
        var governance: GovernanceService
        var inventory: InventoryService
        var clock: ManualClock
        var database: Database
    }

    static func with(_ body: @Sendable (Fixture) async throws -> Void) async throws {
        let people = [
            Person(name: "Alice Vogel", email: "alice@example.com", createdAt: start),
            Person(name: "Bob Marsh", email: "bob@example.com", employmentStatus: .terminated, endDate: "2026-11-20", createdAt: start),
        ]
        try await GovernanceStack.with(start: start, people: people) { stack in
            try await body(Fixture(governance: stack.governance, inventory: stack.inventory, clock: stack.clock, database: stack.database))
        }
    }

    static func fixture(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
        return Array(try Data(contentsOf: url))
    }

    static func upload(_ format: AccountFormat, _ name: String, user: String = "") throws -> AccountUpload {
        AccountUpload(format: format, fileName: name, bytes: try fixture(name), user: user)
    }

    @Test func aLinuxHostsFilesOneByOneMakeOnePictureAndTheHashIsNeverKept() async throws {
        try await Self.with { f in
            let source = try await f.governance.createSource(
                IdentitySource(name: "web-1", kind: .linux, owner: "alice@example.com", criticality: .high, createdAt: Self.start), by: Self.admin)
            let first = try await f.governance.importAccounts(sourceID: source.id, try Self.upload(.passwd, "passwd"), partial: false, by: Self.admin)
            #expect(first.accounts == 8 && first.added.count == 8 && first.removed.isEmpty)
            let group = try await f.governance.importAccounts(sourceID: source.id, try Self.upload(.group, "group"), partial: false, by: Self.admin)
            #expect(group.added.isEmpty && group.accounts == 8)
            // The group file granted sudo (privileged) to alice, docker to deploy and the root group to root: each a change.
            let alice = try #require(group.changed.first { $0.username == "alice" })
            #expect(alice.granted.contains { $0.name == "sudo" && $0.privileged })
            #expect(group.privilegedGrants.map(\.username).sorted() == ["alice", "deploy", "root"])
            _ = try await f.governance.importAccounts(sourceID: source.id, try Self.upload(.shadow, "shadow"), partial: false, by: Self.admin)

            let accounts = try await f.governance.accounts(AccountQuery(sourceID: source.id), page: PageRequest(limit: 50)).items
            let byName = Dictionary(uniqueKeysWithValues: accounts.map { ($0.username, $0) })
            #expect(byName["alice"]?.personID != nil && byName["alice"]?.link == .rule)
            #expect(byName["bob"]?.credentials.first { $0.kind == .password }?.active == false, "bob's password is locked (!) in shadow")
            #expect(byName["test"]?.entitlements.contains { $0.name == "empty password" } == true)
            // Nothing of a hash is in the database file or in any row.
            let stored = try await SQLGovernanceStore(database: f.database).files(sourceID: source.id)
            #expect(stored?.hosts[""]?.shadow?.contains("$y$") == false && stored?.hosts[""]?.shadow?.contains("alice:x:20400") == true)
            if case .sqlite(let path) = f.database.location {
                let bytes =
                    try Data(contentsOf: URL(fileURLWithPath: path)) + ((try? Data(contentsOf: URL(fileURLWithPath: path + "-wal"))) ?? Data())
                #expect(bytes.range(of: Data("$y$j9T$salt$hash".utf8)) == nil && bytes.range(of: Data("$6$salt".utf8)) == nil)
            }

            let findings = try await f.governance.findings(AccessFindingQuery(states: [.open]), page: PageRequest(limit: 100)).items
            func types(_ user: String) -> Set<AccessFindingType> { Set(findings.filter { $0.username == user }.map(\.type)) }
            #expect(types("alice") == [.privileged, .staleCredentials], "alice is active; sudo makes her privileged; her password is 390 days old")
            #expect(types("deploy").contains(.orphaned) && types("deploy").contains(.privileged), "deploy is nobody's and root-equivalent (docker)")
            #expect(types("root").contains(.privileged))
            #expect(types("test").contains(.shared) && types("test").contains(.privileged), "test is generic with an empty password")
        }
    }

    @Test func aBadRecordStopsTheImportUnlessPartialAndEveryOneIsNamed() async throws {
        try await Self.with { f in
            let source = try await f.governance.createSource(IdentitySource(name: "crm", kind: .application, createdAt: Self.start), by: Self.admin)
            let csv = """
                account,display_name,email,roles,last_login,enabled
                avogel,Alice Vogel,alice@example.com,admin;sales,2026-12-01,true
                bmarsh,Bob Marsh,bob@example.com,sales,2026-11-30T10:00:00Z,true
                ,Nobody,,sales,,true
                cz,Carl Z,,sales,yesterday,true
                """
            let upload = AccountUpload(format: .accountsCSV, fileName: "crm.csv", bytes: Array(csv.utf8))
            await #expect {
                _ = try await f.governance.importAccounts(sourceID: source.id, upload, partial: false, by: Self.admin)
            } throws: { error in
                guard case CoreError.invalid(let problems) = error else { return false }
                return problems.map(\.field) == ["crm.csv:4", "crm.csv:5"] && problems[1].message.contains("last_login")
            }
            #expect(try await f.governance.accounts(AccountQuery(sourceID: source.id), page: PageRequest()).items.isEmpty, "nothing was applied")
            let partial = try await f.governance.importAccounts(sourceID: source.id, upload, partial: true, by: Self.admin)
            #expect(partial.accounts == 2 && partial.rejected.map(\.place) == ["crm.csv:4", "crm.csv:5"])
            let findings = try await f.governance.findings(AccessFindingQuery(states: [.open]), page: PageRequest()).items
            let leaver = try #require(findings.first { $0.type == .leaver })
            #expect(leaver.username == "bmarsh" && leaver.reasons.first?.contains("Bob Marsh has left") == true)
            #expect(leaver.reasons.first?.contains("hours ago") == true)
            // A format the kind does not take is refused by name.
            await #expect {
                _ = try await f.governance.importAccounts(
                    sourceID: source.id, AccountUpload(format: .passwd, fileName: "passwd", bytes: Array("root:x:0:0::/:/bin/sh".utf8)),
                    partial: false,
                    by: Self.admin)
            } throws: { error in
                guard case CoreError.invalid(let problems) = error else { return false }
                return problems.first?.field == "format" && problems.first?.message.contains("accounts_csv") == true
            }
        }
    }

    @Test func aReimportResolvesWhatIsGoneAndAcceptanceRunsOut() async throws {
        try await Self.with { f in
            let source = try await f.governance.createSource(IdentitySource(name: "crm", kind: .application, createdAt: Self.start), by: Self.admin)
            func load(_ rows: [String]) async throws -> AccountImport {
                let csv = (["account,display_name,email,roles,last_login,enabled"] + rows).joined(separator: "\n")
                return try await f.governance.importAccounts(
                    sourceID: source.id, AccountUpload(format: .accountsCSV, fileName: "crm.csv", bytes: Array(csv.utf8)), partial: false,
                    by: Self.admin)
            }
            _ = try await load(["avogel,Alice Vogel,alice@example.com,sales,2026-12-01,true", "zz9,Unknown,,admin,2026-12-01,true"])
            let orphan = try #require(
                try await f.governance.findings(AccessFindingQuery(type: .orphaned), page: PageRequest()).items.first { $0.username == "zz9" })
            #expect(orphan.state == .open)

            // Accepted for a week: still accepted at the next import, open again once the week is over.
            await #expect(throws: CoreError.self) {
                _ = try await f.governance.decide(findingID: orphan.id, state: .accepted, reason: "", expiresAt: nil, by: Self.admin)
            }
            let accepted = try await f.governance.decide(
                findingID: orphan.id, state: .accepted, reason: "contractor, link pending", expiresAt: Self.start.addingTimeInterval(7 * 86400),
                by: Self.admin)
            #expect(accepted.state == .accepted && accepted.acceptance?.by == "lead")
            f.clock.advance(by: 86400)
            _ = try await load(["avogel,Alice Vogel,alice@example.com,sales,2026-12-01,true", "zz9,Unknown,,admin,2026-12-01,true"])
            #expect(try await f.governance.finding(id: orphan.id)?.state == .accepted)
            f.clock.advance(by: 7 * 86400)
            _ = try await load(["avogel,Alice Vogel,alice@example.com,sales,2026-12-01,true", "zz9,Unknown,,admin,2026-12-01,true"])
            #expect(try await f.governance.finding(id: orphan.id)?.state == .open, "the acceptance ran out")

            // zz9 gone: its account is kept as removed and its findings resolved by that import.
            let gone = try await load(["avogel,Alice Vogel,alice@example.com,sales;support,2026-12-01,false"])
            #expect(gone.removed == ["zz9"] && gone.findingsResolved >= 1)
            let resolved = try #require(try await f.governance.finding(id: orphan.id))
            #expect(resolved.state == .resolved && resolved.resolvedByImport == gone.id)
            let change = try #require(gone.changed.first { $0.username == "avogel" })
            #expect(change.granted.map(\.name) == ["support"] && change.status == "disabled")
            #expect(try await f.governance.accounts(AccountQuery(sourceID: source.id), page: PageRequest()).items.map(\.username) == ["avogel"])
            let all = try await f.governance.accounts(AccountQuery(sourceID: source.id, includeRemoved: true), page: PageRequest()).items
            #expect(all.first { $0.username == "zz9" }?.removedAt != nil)
        }
    }

    @Test func aManualLinkSurvivesReimportsAndOpensNoOrphan() async throws {
        try await Self.with { f in
            let source = try await f.governance.createSource(IdentitySource(name: "crm", kind: .application, createdAt: Self.start), by: Self.admin)
            let upload = AccountUpload(
                format: .accountsCSV, fileName: "crm.csv",
                bytes: Array("account,display_name,email,roles,last_login,enabled\nav-ops,,,ops,2026-12-01,true\n".utf8))
            _ = try await f.governance.importAccounts(sourceID: source.id, upload, partial: false, by: Self.admin)
            let account = try #require(try await f.governance.accounts(AccountQuery(finding: .orphaned), page: PageRequest()).items.first)
            let alice = try #require(try await f.inventory.findPerson(email: "alice@example.com"))
            _ = try await f.governance.link(accountID: account.id, personID: alice.id, by: Self.admin)
            let again = try await f.governance.importAccounts(sourceID: source.id, upload, partial: false, by: Self.admin)
            #expect(again.findingsResolved == 1)
            let linked = try #require(try await f.governance.account(id: account.id))
            #expect(linked.personID == alice.id && linked.link == .manual)
            #expect(try await f.governance.accounts(personID: alice.id).map(\.username) == ["av-ops"])
            #expect(try await f.governance.accounts(AccountQuery(finding: .orphaned), page: PageRequest()).items.isEmpty)
        }
    }

    /// The HR roster's employee id links a directory account whose e-mail and login say nothing of the person.
    @Test func anAccountIsLinkedByTheRostersEmployeeID() async throws {
        let people = [
            Person(name: "Asha Smith", email: "asha.smith@example.com", employeeID: "E-4711", jobTitle: "Controller", createdAt: Self.start)
        ]
        try await GovernanceStack.with(start: Self.start, people: people) { f in
            let source = try await f.governance.createSource(IdentitySource(name: "dir", kind: .ldap, createdAt: Self.start), by: Self.admin)
            let ldif = """
                dn: uid=contractor7,ou=people,dc=example,dc=com
                objectClass: inetOrgPerson
                uid: contractor7
                cn: C7
                sn: C7
                mail: c7@vendor.example
                employeeNumber: E-4711

                """
            _ = try await f.governance.importAccounts(
                sourceID: source.id, AccountUpload(format: .ldif, fileName: "dir.ldif", bytes: Array(ldif.utf8)), partial: false, by: Self.admin)
            let asha = try #require(try await f.inventory.findPerson(email: "asha.smith@example.com"))
            #expect(try await f.governance.accounts(personID: asha.id).map(\.username) == ["contractor7"])
        }
    }
}
