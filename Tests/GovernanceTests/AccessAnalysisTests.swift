// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Governance
import Testing

/// Risky access found in generated sources: 3,000 people and their accounts with every finding type planted by a
/// rule written here, counted independently of the analysis; and the linking rules.
@Suite struct AccessAnalysisTests {
    static let now = Timestamp.parse("2026-12-03T08:00:00Z")!
    static let day: TimeInterval = 86400

    @Test func accountsAreLinkedByEmailEmployeeIDOrLoginName() {
        let people = [
            GovernancePerson(id: "p1", name: "Alice Vogel", email: "Alice.Vogel@example.com", employeeID: "E1"),
            GovernancePerson(id: "p2", name: "Bob Marsh", email: "bmarsh@example.com"),
        ]
        func link(_ account: ImportedAccount) -> String? { AccountLinking.person(for: account, in: people)?.id }
        #expect(link(ImportedAccount(username: "x", email: "alice.vogel@EXAMPLE.com")) == "p1")
        #expect(link(ImportedAccount(username: "x", employeeID: "E1")) == "p1")
        #expect(link(ImportedAccount(username: "bmarsh")) == "p2", "the e-mail's local part")
        #expect(link(ImportedAccount(username: "avogel")) == "p1" && link(ImportedAccount(username: "alice_vogel")) == "p1")
        #expect(link(ImportedAccount(username: "vogel")) == nil)
    }

    @Test func everyPlantedFindingIsFoundAndNothingElse() {
        var people: [GovernancePerson] = []
        var expected: [AccessFindingType: Int] = [:]
        var found: [AccessFindingType: Int] = [:]
        var seed: UInt64 = 99
        func roll(_ n: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int(seed >> 33) % n
        }
        for n in 0..<3000 {
            let left = roll(20) == 0
            people.append(
                GovernancePerson(
                    id: "p\(n)", name: "Person \(n)", email: "person\(n)@example.com", active: !left,
                    leftAt: left ? Self.now.addingTimeInterval(-Double(roll(30) + 1) * Self.day) : nil))
        }
        for n in 0..<3400 {
            // 3,000 accounts of people, 300 nobody's (orphaned), 100 generic or system ones.
            var account = ImportedAccount(username: "user\(n)", email: n < 3000 ? "person\(n)@example.com" : "")
            let person = n < 3000 ? people[n] : nil
            if n >= 3300 {
                account.username = n % 2 == 0 ? "svc\(n)" : ["admin", "test", "shared", "guest"][n % 4]
                account.isSystem = n % 2 == 0
            }
            account.enabled = roll(10) != 0
            account.lastLoginAt = Self.now.addingTimeInterval(-Double(roll(200)) * Self.day)
            if roll(8) == 0 { account.entitlements.append(Entitlement(kind: .group, name: "wheel", privileged: true, reason: "wheel")) }
            account.entitlements.append(Entitlement(kind: .group, name: "staff"))
            let mfa = roll(3)
            account.mfa = mfa == 0 ? false : mfa == 1 ? true : nil
            account.credentials.append(Credential(kind: .password, createdAt: Self.now.addingTimeInterval(-Double(roll(500)) * Self.day)))

            // The rules, counted here without the analysis.
            let generic = ["admin", "test", "shared", "guest"].contains(account.username)
            if account.enabled {
                if let person, !person.active { expected[.leaver, default: 0] += 1 }
                if person == nil && !account.isSystem && !generic { expected[.orphaned, default: 0] += 1 }
                if generic && !account.isSystem { expected[.shared, default: 0] += 1 }
                if !account.isSystem, let last = account.lastLoginAt, Self.now.timeIntervalSince(last) > 90 * Self.day {
                    expected[.dormant, default: 0] += 1
                }
                if account.mfa == false { expected[.noMFA, default: 0] += 1 }
                if let created = account.credentials[0].createdAt, Self.now.timeIntervalSince(created) > 365 * Self.day {
                    expected[.staleCredentials, default: 0] += 1
                }
            }
            if account.isPrivileged { expected[.privileged, default: 0] += 1 }

            for finding in AccessAnalysis.findings(account, person: person, criticality: .high, settings: .init(), now: Self.now) {
                found[finding.type, default: 0] += 1
                #expect(!finding.reasons.isEmpty)
            }
        }
        #expect(found == expected)
        for type in AccessFindingType.allCases where type != .sod { #expect((expected[type] ?? 0) > 5, "\(type) is planted") }
    }

    @Test func severityRisesWithPrivilegeAndTheSystemsCriticality() {
        let leaver = GovernancePerson(
            id: "p", name: "Paul Left", email: "p@example.com", active: false, leftAt: Self.now.addingTimeInterval(-50 * 3600))
        let plain = ImportedAccount(username: "pleft", email: "p@example.com", lastLoginAt: Self.now)
        var admin = plain
        admin.entitlements = [Entitlement(kind: .group, name: "Domain Admins", privileged: true, reason: "administers the domain")]
        func severity(_ account: ImportedAccount, _ criticality: SystemCriticality) -> Severity? {
            AccessAnalysis.findings(account, person: leaver, criticality: criticality, settings: .init(), now: Self.now)
                .first { $0.type == .leaver }?.severity
        }
        #expect(severity(plain, .medium) == .high && severity(admin, .medium) == .critical && severity(plain, .low) == .medium)
        let reasons = AccessAnalysis.findings(admin, person: leaver, criticality: .high, settings: .init(), now: Self.now)
        #expect(reasons.first { $0.type == .leaver }?.reasons == ["Paul Left has left (50 hours ago) and the account is still enabled"])
        #expect(reasons.first { $0.type == .privileged }?.reasons == ["Domain Admins: administers the domain"])
    }
}
