// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import BulwarkTesting
import Foundation
import Governance
import Inventory
import Testing

/// A generated organisation of 2,000 people with an application of 2,190 accounts and an AWS account, in which every
/// finding type the two sources can show is planted by rule; the expected counts are worked out here from the
/// planting rules alone, not by the analysis.
@Suite struct GeneratedPopulationTests {
    static let start = Timestamp.parse("2026-12-03T08:00:00Z")!
    static let size = 2000
    static let orphans = 150
    static let shared = 40

    static func terminated(_ i: Int) -> Bool { i % 10 == 0 }
    /// A leaver's account is left enabled for every other leaver.
    static func enabled(_ i: Int) -> Bool { !terminated(i) || i % 20 == 0 }
    static func inAWS(_ i: Int) -> Bool { i % 10 == 5 }

    @Test func everyPlantedFindingIsFoundAndNothingElse() async throws {
        let people = (0..<Self.size).map { i in
            Person(
                name: "P\(i) Generated", email: "p\(i)@example.com", employmentStatus: Self.terminated(i) ? .terminated : .active,
                endDate: Self.terminated(i) ? "2026-10-31" : "", createdAt: Self.start)
        }
        let rules = try SeparationOfDuties.parse(
            "rules:\n  - id: pay\n    conflict:\n      - {source: app, entitlement: finance}\n      - {source: app, entitlement: export}\n",
            path: "sod.yml")
        try await GovernanceStack.with(start: Self.start, people: people, settings: .init(sodRules: rules)) { stack in
            let governance = stack.governance
            func day(_ offset: Double) -> String { Timestamp.format(Self.start.addingTimeInterval(offset * 86_400)) }
            var csv = ["account,display_name,email,roles,last_login,enabled"]
            for i in 0..<Self.size {
                let roles = ["user"] + (i % 13 == 0 ? ["admin"] : []) + (i % 17 == 0 ? ["finance", "export"] : [])
                let last = i % 7 == 0 && !Self.terminated(i) ? day(-200) : day(-1)
                csv.append("p\(i),P\(i),p\(i)@example.com,\(roles.joined(separator: ";")),\(last),\(Self.enabled(i))")
            }
            for k in 0..<Self.orphans { csv.append("zz-orphan-\(k),,,user,\(day(-1)),true") }
            for k in 0..<Self.shared { csv.append("shared-desk-\(k),,,user,\(day(-1)),true") }
            let app = try await governance.createSource(IdentitySource(name: "app", kind: .application, createdAt: Self.start), by: .system)
            let imported = try await governance.importAccounts(
                sourceID: app.id, AccountUpload(format: .accountsCSV, fileName: "app.csv", bytes: Array(csv.joined(separator: "\n").utf8)),
                partial: false, by: .system)
            #expect(imported.accounts == Self.size + Self.orphans + Self.shared && imported.rejected.isEmpty)

            // AWS: users of every tenth person (none a leaver); no MFA and a key older than a year planted by rule.
            var report = [
                "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,"
                    + "access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,"
                    + "access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,"
                    + "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,"
                    + "cert_2_last_rotated"
            ]
            for i in 0..<Self.size where Self.inAWS(i) {
                let key = i % 50 == 25 ? "true,\(day(-400)),\(day(-1)),eu-west-1,s3" : "false,N/A,N/A,N/A,N/A"
                report.append(
                    "p\(i),arn:aws:iam::111122223333:user/p\(i),\(day(-500)),true,\(day(-1)),\(day(-30)),N/A,\(i % 30 == 15 ? "false" : "true"),"
                        + "\(key),false,N/A,N/A,N/A,N/A,false,N/A,false,N/A")
            }
            let aws = try await governance.createSource(IdentitySource(name: "aws", kind: .aws, createdAt: Self.start), by: .system)
            _ = try await governance.importAccounts(
                sourceID: aws.id,
                AccountUpload(format: .awsCredentialReport, fileName: "report.csv", bytes: Array(report.joined(separator: "\n").utf8)),
                partial: false, by: .system)

            let range = 0..<Self.size
            let expected: [AccessFindingType: Int] = [
                .leaver: range.filter { Self.terminated($0) && Self.enabled($0) }.count,
                .orphaned: Self.orphans,
                .shared: Self.shared,
                .dormant: range.filter { $0 % 7 == 0 && !Self.terminated($0) }.count,
                .privileged: range.filter { $0 % 13 == 0 }.count,
                .sod: range.filter { $0 % 17 == 0 && Self.enabled($0) }.count,
                .noMFA: range.filter { Self.inAWS($0) && $0 % 30 == 15 }.count,
                .staleCredentials: range.filter { Self.inAWS($0) && $0 % 50 == 25 }.count,
            ]
            let counts = try await governance.findingCounts()
            for type in AccessFindingType.allCases {
                #expect(counts[type]?[.open] ?? 0 == expected[type] ?? 0, "\(type.rawValue)")
            }
            // And on the accounts they were planted on.
            let leavers = try await governance.findings(AccessFindingQuery(type: .leaver), page: PageRequest(limit: 500)).items
            #expect(Set(leavers.map(\.username)) == Set(range.filter { Self.terminated($0) && Self.enabled($0) }.map { "p\($0)" }))
            let stale = try await governance.findings(AccessFindingQuery(type: .staleCredentials), page: PageRequest(limit: 500)).items
            #expect(Set(stale.map(\.username)) == Set(range.filter { Self.inAWS($0) && $0 % 50 == 25 }.map { "p\($0)" }))
        }
    }
}
