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

/// Separation of duties: the rules file read with every mistake named by its line; a conflict on one system and one
/// across two systems found at import, on every account taking part; a conflict across systems resolved on the
/// other system's account when the import of either side revokes it.
@Suite struct SeparationOfDutiesTests {
    static let start = Timestamp.parse("2026-12-03T08:00:00Z")!
    static let admin = AuditActor(username: "lead", source: "test")
    static let rules = """
        rules:
          - id: vendor-and-pay
            title: Create vendors and release payments
            conflict:
              - source: erp
                entitlement: vendor-admin
              - source: bank
                entitlement: Payment-Release
          - id: approve-own
            title: Raise and approve purchase orders
            severity: medium
            conflict:
              - entitlement: po-create
              - entitlement: po-approve
        """

    @Test func theRulesFileNamesEachMistakeByItsLine() throws {
        let rules = try SeparationOfDuties.parse(Self.rules, path: "sod.yml")
        #expect(rules.map(\.id) == ["vendor-and-pay", "approve-own"])
        #expect(rules[0].severity == .high && rules[1].severity == .medium && rules[1].conflict[0].source.isEmpty)
        func problem(_ text: String) -> String {
            do {
                _ = try SeparationOfDuties.parse(text, path: "sod.yml")
                return "accepted"
            } catch { return "\(error)" }
        }
        #expect(
            problem("rules:\n  - id: a\n    conflict:\n      - entitlement: x\n")
                == "sod.yml:2: rule 'a': 'conflict' must list at least two entitlements")
        #expect(problem("rules:\n  - id: a\n    severity: huge\n    conflict: []\n").hasPrefix("sod.yml:3: severity"))
        #expect(problem("rules:\n  - id: a\n    conflicts: []\n").hasPrefix("sod.yml:3: unknown key 'conflicts'"))
        #expect(
            problem("rules:\n  - id: a\n    conflict:\n      - entitlement: x\n      - source: erp\n")
                == "sod.yml:5: rule 'a': each side needs an 'entitlement'")
        #expect(problem(Self.rules + "\n  - id: approve-own\n    conflict:\n      - entitlement: a\n      - entitlement: b\n").contains("used twice"))
    }

    @Test func aConflictOnOneSystemAndAcrossTwoIsFoundAndEndsWhenEitherSideGoes() async throws {
        let people = ["alice", "bob"].map { Person(name: $0.capitalized, email: "\($0)@example.com", createdAt: Self.start) }
        let settings = GovernanceService.Settings(sodRules: try SeparationOfDuties.parse(Self.rules, path: "sod.yml"))
        try await GovernanceStack.with(start: Self.start, people: people, settings: settings) { stack in
            let (governance, clock) = (stack.governance, stack.clock)
            var sources: [String: String] = [:]
            for name in ["erp", "bank"] {
                sources[name] = try await governance.createSource(
                    IdentitySource(name: name, kind: .application, createdAt: Self.start), by: Self.admin
                ).id
            }
            func load(_ source: String, _ rows: [String]) async throws -> AccountImport {
                let csv = (["account,display_name,email,roles,last_login,enabled"] + rows).joined(separator: "\n")
                return try await governance.importAccounts(
                    sourceID: sources[source]!, AccountUpload(format: .accountsCSV, fileName: "\(source).csv", bytes: Array(csv.utf8)),
                    partial: false, by: Self.admin)
            }
            func sod() async throws -> [AccessFinding] {
                try await governance.findings(AccessFindingQuery(type: .sod, states: [.open]), page: PageRequest()).items
            }
            _ = try await load(
                "erp",
                [
                    "alice,Alice,alice@example.com,vendor-admin;po-create,2026-12-01,true",
                    "bob,Bob,bob@example.com,po-create;po-approve,2026-12-01,true",
                ])
            // Bob raises and approves on one system; alice's vendor-admin conflicts with nothing yet.
            #expect(try await sod().map(\.username) == ["bob"])
            let bank = try await load("bank", ["alice,Alice,alice@example.com,payment-release,2026-12-01,true"])
            #expect(bank.findingsOpened >= 2, "alice's bank account and, on the other system, her erp account")
            let across = try await sod().filter { $0.username == "alice" }
            #expect(Set(across.map(\.sourceID)) == [sources["erp"]!, sources["bank"]!])
            #expect(
                across.allSatisfy {
                    $0.severity == .high && $0.reasons[0].contains("vendor-admin on erp (alice) and payment-release on bank (alice)")
                })

            // The bank revokes payment-release: both of alice's findings resolve at that import.
            clock.advance(by: 86400)
            _ = try await load("bank", ["alice,Alice,alice@example.com,statements,2026-12-02,true"])
            #expect(try await sod().map(\.username) == ["bob"])
            let resolved = try await governance.findings(AccessFindingQuery(type: .sod, states: [.resolved]), page: PageRequest()).items
            #expect(Set(resolved.map(\.sourceID)) == [sources["erp"]!, sources["bank"]!])
        }
    }
}
