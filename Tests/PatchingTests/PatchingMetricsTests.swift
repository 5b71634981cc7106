// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

@testable import BulwarkApp
import BulwarkCore
import BulwarkTesting
import Foundation
import Patching
import Prometheus
import Testing
import Vulnerabilities

/// Remediation metrics: time to remediate by severity, SLA compliance, assets fully patched, open risk rebuilt day
/// by day, KEV exposure; over the service (a job verified by an inventory counts), and the Prometheus gauges.
@Suite struct PatchingMetricsTests {
    static let day: TimeInterval = 86400
    static let now = Date(timeIntervalSince1970: 1_796_000_000)

    static func finding(
        _ id: String, asset: String = "a1", _ severity: Severity = .high, kev: Bool = false, risk: Double = 10, hasFix: Bool = true,
        seen: Double, due: Double = 30, fixed: Double? = nil, closed: Double? = nil
    ) -> FindingHistory {
        FindingHistory(
            id: id, assetID: asset, severity: severity, kev: kev, risk: risk, hasFix: hasFix, firstSeen: now.addingTimeInterval(-seen * day),
            dueAt: now.addingTimeInterval((due - seen) * day), fixedAt: fixed.map { now.addingTimeInterval(-$0 * day) },
            closedAt: (closed ?? fixed).map { now.addingTimeInterval(-$0 * day) })
    }

    @Test func figuresAreTheFindingsOwnDates() {
        // Four high findings fixed after 2, 4, 6 and 40 days (due after 30): three in time, one late.
        let fixed = [(2.0, "h1"), (4, "h2"), (6, "h3"), (40, "h4")].map { days, id in Self.finding(id, seen: 50, fixed: 50 - days) }
        let open = [
            Self.finding("c1", asset: "a2", .critical, kev: true, risk: 90, seen: 10, due: 7),  // open and overdue
            Self.finding("n1", asset: "a3", .low, risk: 1, hasFix: false, seen: 5),  // nothing fixes it: a3 counts as patched
            Self.finding("k2", asset: "a3", .critical, kev: true, risk: 80, seen: 20, due: 15, fixed: 12),
            Self.finding("r1", asset: "a1", .medium, risk: 5, seen: 8, closed: 3),  // risk accepted 3 days ago: not fixed
        ]
        let metrics = PatchingMetrics(
            findings: fixed + open, jobs: [], from: Self.now.addingTimeInterval(-90 * Self.day), to: Self.now, now: Self.now, grace: 3600)
        let high = metrics.bySeverity[.high]!
        #expect(high.timeToRemediate.count == 4)
        #expect(high.timeToRemediate.mean == 13 * Self.day)
        #expect(high.timeToRemediate.median == 5 * Self.day)
        // p90 by linear interpolation: rank 0.9 × 3 = 2.7 between 6 and 40 days.
        #expect(abs(high.timeToRemediate.p90! - (6 + 0.7 * 34) * Self.day) < 1)
        #expect(high.slaCompliance == 0.75 && high.fixedInTime == 3 && high.fixedLate == 1)
        #expect(metrics.bySeverity[.critical]!.openOverdue == 1 && metrics.all.timeToRemediate.count == 5)
        #expect(metrics.bySeverity[.medium]!.timeToRemediate.count == 0, "an accepted risk is closed, not fixed")
        // a1: no open fixable finding (h1–h4 fixed, r1 accepted); a2: c1 open; a3: only n1, which nothing fixes.
        #expect(metrics.assetsWithFindings == 3 && metrics.assetsFullyPatched == 2)
        #expect(metrics.openRisk == 91)
        // The last day's open risk is today's; about 4 days ago c1, n1 and r1 (accepted 3 days ago) were open, k2 fixed.
        #expect(metrics.openRiskOverTime.last?.openRisk == 91)
        let fourDaysAgo = metrics.openRiskOverTime.first { abs($0.at.timeIntervalSince(Self.now.addingTimeInterval(-4 * Self.day))) < Self.day / 2 }
        #expect(fourDaysAgo?.openRisk == 96 && fourDaysAgo?.openFindings == 3)
        #expect(metrics.openRiskOverTime.count >= 90 && metrics.openRiskOverTime.count <= 91)
        #expect(metrics.kevExposureOpen.count == 1 && metrics.kevExposureOpen.max == 10 * Self.day)
        #expect(metrics.kevExposureClosed.count == 1 && metrics.kevExposureClosed.median == 8 * Self.day)
    }

    @Test func aVerifiedJobIsTimeToRemediateAndTheGaugesCountTheJobs() async throws {
        try await PatchingServiceTests.with { f in
            var job = try await PatchRunnerTests.job(f)
            f.clock.advance(by: 3 * 86400)
            job = try await f.patching.change(id: job.id, PatchJobChange(status: .inProgress), by: PatchingServiceTests.engineer)
            _ = try await f.patching.report(id: job.id, assetID: f.asset.id, exitStatus: 0, output: nil, by: PatchingServiceTests.engineer)
            f.clock.advance(by: 60)
            _ = try await PatchingServiceTests.importRequests(f, "2.20.0")
            #expect(try await f.patching.verify().verifiedJobs == 1)
            let now = f.clock.now()
            let metrics = try await f.patching.metrics(from: now.addingTimeInterval(-7 * 86400), to: now.addingTimeInterval(1))
            let fixed = metrics.all.timeToRemediate
            #expect(fixed.count == job.findingIDs.count && fixed.count > 0)
            #expect(fixed.median.map { abs($0 - (3 * 86400 + 60)) < 5 } == true, "first seen → the inventory that proved the fix")
            #expect(metrics.jobsByStatus[.verified] == 1 && metrics.openRisk == 0 && metrics.assetsFullyPatched == 1)
            await #expect(throws: CoreError.self) { _ = try await f.patching.metrics(from: now, to: now.addingTimeInterval(-1)) }

            let registry = PrometheusCollectorRegistry()
            try await BackgroundPass.publish(f.patching, PrometheusMetricsFactory(registry: registry))
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            let text = String(decoding: buffer, as: UTF8.self)
            #expect(text.contains(#"bulwark_patch_jobs{status="verified"} 1"#))
            #expect(text.contains(#"bulwark_patch_jobs{status="draft"} 0"#), "every status has a series")
            #expect(text.contains("bulwark_findings_open_risk 0"))
        }
    }
}
