// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Testing
@testable import Vulnerabilities

/// The finding lifecycle on its own, without a database: who may set which state, and how the SLA clock pauses.
@Suite struct FindingLifecycleTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static let day: TimeInterval = 86_400

    static func finding(_ state: FindingState = .open) -> Finding {
        Finding(
            id: "f1", assetID: "a1", assetName: "web-1", ecosystem: "PyPI", package: "django", version: "3.2.4", purl: "pkg:pypi/django@3.2.4",
            vulnerabilityID: "PYSEC-1", aliases: [], fixedVersions: ["3.2.5"], summary: nil, severity: .high, kev: false, ransomware: false,
            risk: 7, decision: .track, reasons: [], state: state, source: "app", firstSeen: t0, lastSeen: t0, dueAt: t0.addingTimeInterval(30 * day),
            updatedAt: t0)
    }

    @Test func onlyARescanFixesAndAFixedFindingReopensOnlyWhenSeenAgain() throws {
        var finding = Self.finding()
        #expect(throws: Finding.LifecycleError.fixedIsSetByRescans) {
            try finding.apply(.triaged(.fixed, reason: nil, acceptedUntil: nil, by: "ann", at: Self.t0))
        }
        #expect(try finding.apply(.noLongerFound(reason: "django is now 3.2.5", at: Self.t0.addingTimeInterval(Self.day))) == .fixed)
        #expect(finding.state == .fixed && finding.fixedAt == Self.t0.addingTimeInterval(Self.day) && finding.stateBy == "system")
        #expect(throws: Finding.LifecycleError.alreadyFixed) {
            try finding.apply(.triaged(.falsePositive, reason: "no", acceptedUntil: nil, by: "ann", at: Self.t0))
        }
        #expect(try finding.apply(.noLongerFound(reason: "again", at: Self.t0)) == .unchanged)
        #expect(try finding.apply(.seenAgain(package: "django", version: "3.2.4", at: Self.t0.addingTimeInterval(2 * Self.day))) == .reopened)
        #expect(finding.state == .open && finding.fixedAt == nil && finding.stateReason == "reappeared: django 3.2.4 is affected again")
        #expect(
            try finding.apply(.seenAgain(package: "django", version: "3.2.4", at: Self.t0)) == .unchanged, "an open finding seen again stays open")
    }

    @Test func falsePositivesAndNotAffectedStaySoWhenThePackageGoes() throws {
        for state in [FindingState.falsePositive, .notAffected] {
            var finding = Self.finding(state)
            #expect(try finding.apply(.noLongerFound(reason: "removed", at: Self.t0)) == .unchanged)
            #expect(finding.state == state)
        }
    }

    @Test func aRiskAcceptancePausesTheClockUntilItEndsEarlyOrExpires() throws {
        // Accepted for 10 days; it expires: the due date moves by the 10 days it was paused.
        var expiring = Self.finding()
        try expiring.apply(
            .triaged(.riskAccepted, reason: "staging only", acceptedUntil: Self.t0.addingTimeInterval(10 * Self.day), by: "manager", at: Self.t0))
        #expect(expiring.state == .riskAccepted && expiring.stateBy == "manager")
        #expect(try expiring.apply(.tick(at: Self.t0.addingTimeInterval(9 * Self.day))) == .unchanged)
        #expect(try expiring.apply(.tick(at: Self.t0.addingTimeInterval(12 * Self.day))) == .acceptanceExpired)
        #expect(expiring.state == .open && expiring.acceptedUntil == nil)
        #expect(expiring.dueAt == Self.t0.addingTimeInterval(40 * Self.day))
        // Ended after 4 days by a person: 4 days are added.
        var early = Self.finding()
        try early.apply(
            .triaged(.riskAccepted, reason: "staging only", acceptedUntil: Self.t0.addingTimeInterval(10 * Self.day), by: "manager", at: Self.t0))
        try early.apply(.triaged(.inRemediation, reason: nil, acceptedUntil: nil, by: "ann", at: Self.t0.addingTimeInterval(4 * Self.day)))
        #expect(early.dueAt == Self.t0.addingTimeInterval(34 * Self.day) && early.acceptedUntil == nil)
        // Fixed by a rescan while accepted: the pause counts, so "fixed within SLA" is measured on the paused clock.
        var fixed = Self.finding()
        try fixed.apply(
            .triaged(.riskAccepted, reason: "later", acceptedUntil: Self.t0.addingTimeInterval(10 * Self.day), by: "manager", at: Self.t0))
        try fixed.apply(.noLongerFound(reason: "upgraded", at: Self.t0.addingTimeInterval(2 * Self.day)))
        #expect(fixed.state == .fixed && fixed.dueAt == Self.t0.addingTimeInterval(32 * Self.day))
    }

    @Test func vexMarksNotAffectedWithItsJustificationButNeverAFixedFinding() throws {
        var finding = Self.finding()
        #expect(
            try finding.apply(
                .vexNotAffected(source: "vendor.vex.json", justification: "vulnerable_code_not_in_execute_path", by: "ann", at: Self.t0)) == .changed)
        #expect(finding.state == .notAffected && finding.vexJustification == "vulnerable_code_not_in_execute_path")
        #expect(finding.stateReason == "VEX (vendor.vex.json): vulnerable_code_not_in_execute_path")
        var fixed = Self.finding(.fixed)
        #expect(try fixed.apply(.vexNotAffected(source: "v", justification: "j", by: "ann", at: Self.t0)) == .unchanged)
    }

    @Test(
        arguments: [
            ("Maven", "2.14.1", ["2.3.1", "2.12.2", "2.15.0"], "2.15.0"),
            ("Maven", "2.12.1", ["2.15.0", "2.12.2", "2.3.1"], "2.12.2"),
            ("PyPI", "3.2.4", ["4.0.6", "3.2.5", "3.1.13"], "3.2.5"),
            ("Debian:12", "1:9.2p1-2", ["1:9.2p1-2+deb12u3", "1:9.7p1-1"], "1:9.2p1-2+deb12u3"),
            ("PyPI", "5.0", ["3.2.5", "4.0.6"], nil),
            ("PyPI", "3.2.4", [], nil),
        ] as [(String, String, [String], String?)])
    func theFixToApplyIsTheLowestFixedVersionAboveTheInstalledOne(ecosystem: String, installed: String, fixed: [String], expected: String?) {
        var finding = Self.finding()
        finding.ecosystem = ecosystem
        finding.version = installed
        finding.fixedVersions = fixed
        #expect(finding.applicableFix == expected)
    }
}
