// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

@testable import BulwarkApp
import BulwarkCore
import BulwarkTesting
import Foundation
import Inventory
import Patching
import Storage
import Testing
import Vulnerabilities

/// The whole loop over a real database (SQLite, and PostgreSQL when configured): inventory → findings → plan → job →
/// approvals → window → result → a later inventory → verified, the findings fixed with that import as proof; and a
/// job whose asset's inventory still shows the old version failing after the window and its grace, notified.
@Suite struct PatchingServiceTests {
    static let start = Date(timeIntervalSince1970: 1_796_000_000)

    struct Fixture: Sendable {
        var patching: PatchingService
        var vulnerabilities: VulnerabilityService
        var clock: ManualClock
        var asset: Asset
        var notices: Notices
    }

    actor Notices: PatchNotifier {
        var failures: [(job: String, asset: String, reason: String)] = []
        func jobFailed(_ job: PatchJob, asset: PatchJobAsset, reason: String) async { failures.append((job.id, asset.assetName, reason)) }
    }

    static func with(approvals: Int = 1, _ body: @Sendable (Fixture) async throws -> Void) async throws {
        for kind in TestDatabases.kinds {
            try await TestDatabases.with(kind) { database in
                let clock = ManualClock(Self.start)
                let assets = SQLAssetStore(database: database)
                let asset = Asset(
                    name: "web-1", hostnames: ["web-1.example.com"], criticality: .critical, internetFacing: true, createdAt: Self.start)
                try await assets.create(asset)
                let audit = SQLAuditLog(database: database)
                let inventory = InventoryService(assets: assets, people: SQLPersonStore(database: database), audit: audit, clock: clock)
                let vulnerabilities = VulnerabilityService(
                    advisories: SQLAdvisoryStore(database: database), store: SQLFindingStore(database: database), assets: inventory, audit: audit,
                    clock: clock, sla: .standard)
                var batch = AdvisoryBatch()
                batch.records = [
                    OSVRecord(
                        id: "PYSEC-T-1", modified: "2026-01-01T00:00:00Z", aliases: ["CVE-2026-1111"], summary: "t",
                        affected: [
                            OSVAffected(
                                package: OSVPackage(ecosystem: "PyPI", name: "requests"),
                                ranges: [OSVRange(type: "ECOSYSTEM", events: [OSVEvent(introduced: "0"), OSVEvent(fixed: "2.20.0")])])
                        ])
                ]
                _ = try await vulnerabilities.importAdvisories(batch, source: "test", by: .system)
                let notices = Notices()
                var settings = PatchingService.Settings()
                settings.requiredApprovals = approvals
                settings.verificationGrace = 3600
                let patching = PatchingService(
                    source: FindingsRemediationSource(vulnerabilities: vulnerabilities), store: SQLPatchJobStore(database: database),
                    assets: InventoryPatchAssets(inventory: inventory), verification: FindingsVerificationSource(vulnerabilities: vulnerabilities),
                    notifier: notices, audit: audit, clock: clock, settings: settings)
                try await body(Fixture(patching: patching, vulnerabilities: vulnerabilities, clock: clock, asset: asset, notices: notices))
            }
        }
    }

    static let engineer = AuditActor(username: "eng", source: "test")

    static func importRequests(_ f: Fixture, _ version: String) async throws -> InventoryChange {
        try await f.vulnerabilities.importInventory(
            assetID: f.asset.id, bytes: Array("requests==\(version)\n".utf8), name: "requirements.txt", source: "app", by: .system
        ).change
    }

    /// Always open: every day from midnight for 24 hours.
    static func window(_ f: Fixture) async throws -> MaintenanceWindow {
        try await f.patching.createWindow(
            MaintenanceWindow(
                id: Identifier.make(), name: "any time", recurrence: .weekly, weekdays: Array(1...7), start: "00:00", durationMinutes: 1440,
                timeZone: "UTC", createdBy: "eng", createdAt: Self.start), by: engineer)
    }

    @Test func aJobIsVerifiedByTheNextInventoryWhichClosesItsFindings() async throws {
        try await Self.with(approvals: 2) { f in
            _ = try await Self.importRequests(f, "2.19.0")
            let window = try await Self.window(f)
            var job = try await f.patching.createJob(
                PatchJobDraft(title: "Patch web-1", assetIDs: [f.asset.id], windowID: window.id), by: Self.engineer)
            #expect(job.lines.map { "\($0.package) \($0.fromVersion) → \($0.toVersion)" } == ["requests 2.19.0 → 2.20.0"])
            #expect(job.assets.map(\.host) == ["web-1.example.com"])
            job = try await f.patching.change(id: job.id, PatchJobChange(status: .submitted), by: Self.engineer)
            await #expect(throws: CoreError.self) { _ = try await f.patching.approve(id: job.id, comment: nil, by: Self.engineer) }
            // Two approvers at once: the revision guard keeps both approvals.
            let jobID = job.id
            async let first = f.patching.approve(id: jobID, comment: nil, by: AuditActor(username: "mgr1", source: "test"))
            async let second = f.patching.approve(id: jobID, comment: nil, by: AuditActor(username: "mgr2", source: "test"))
            _ = try await (first, second)
            job = try await f.patching.job(id: job.id)
            #expect(job.status == .approved && Set(job.approvals.map(\.by)) == ["mgr1", "mgr2"])
            job = try await f.patching.change(id: job.id, PatchJobChange(status: .scheduled), by: Self.engineer)
            job = try await f.patching.change(id: job.id, PatchJobChange(status: .inProgress), by: Self.engineer)
            f.clock.advance(by: 60)
            job = try await f.patching.report(id: job.id, assetID: f.asset.id, exitStatus: 0, output: "Successfully installed", by: Self.engineer)
            #expect(job.status == .applied)
            // No later inventory yet: nothing verified.
            #expect(try await f.patching.verify().verifiedAssets == 0)
            f.clock.advance(by: 60)
            let proof = try await Self.importRequests(f, "2.20.0")
            let outcome = try await f.patching.verify()
            #expect(outcome.verifiedJobs == 1)
            job = try await f.patching.job(id: job.id)
            #expect(job.status == .verified)
            #expect(job.assets.first?.verifiedByInventory == proof.id)
            let fixed = try await f.patching.findingProof(job)
            #expect(fixed == Dictionary(uniqueKeysWithValues: job.findingIDs.map { ($0, .some(proof.id)) }))
            #expect(job.timeline.map(\.kind).contains("verification"))
        }
    }

    @Test func anAssetStillBehindAfterTheWindowAndGraceFailsAndIsNotified() async throws {
        try await Self.with { f in
            _ = try await Self.importRequests(f, "2.19.0")
            let window = try await Self.window(f)
            var job = try await f.patching.createJob(
                PatchJobDraft(title: "Patch web-1", assetIDs: [f.asset.id], windowID: window.id), by: Self.engineer)
            job = try await f.patching.change(id: job.id, PatchJobChange(status: .submitted), by: Self.engineer)
            job = try await f.patching.approve(id: job.id, comment: nil, by: AuditActor(username: "mgr", source: "test"))
            job = try await f.patching.change(id: job.id, PatchJobChange(status: .scheduled), by: Self.engineer)
            job = try await f.patching.change(id: job.id, PatchJobChange(status: .inProgress), by: Self.engineer)
            f.clock.advance(by: 60)
            // The run "succeeded", but the next inventory still has the old version.
            job = try await f.patching.report(id: job.id, assetID: f.asset.id, exitStatus: 0, output: nil, by: Self.engineer)
            f.clock.advance(by: 60)
            let stale = try await Self.importRequests(f, "2.19.0")
            #expect(try await f.patching.verify() == .init(), "inside the window and grace nothing is decided")
            f.clock.advance(by: 2 * 86_400)
            let outcome = try await f.patching.verify()
            #expect(outcome.failedAssets == 1)
            job = try await f.patching.job(id: job.id)
            #expect(job.status == .failed)
            #expect(job.assets.first?.failureReason?.contains("inventory \(stale.id)") == true)
            #expect(job.assets.first?.failureReason?.contains("requests is 2.19.0, target 2.20.0") == true)
            let failures = await f.notices.failures
            #expect(failures.map(\.asset) == ["web-1"])
            // Checked again, the same failure is not sent twice.
            _ = try await f.patching.verify()
            #expect(await f.notices.failures.count == 1)
        }
    }

    @Test func anEmergencyJobMustCloseAKEVOrCriticalFinding() async throws {
        try await Self.with { f in
            _ = try await Self.importRequests(f, "2.19.0")
            await #expect(throws: CoreError.self) {
                _ = try await f.patching.createJob(PatchJobDraft(title: "Now", assetIDs: [f.asset.id], emergency: true), by: Self.engineer)
            }
            await #expect(throws: CoreError.self) {
                _ = try await f.patching.createJob(PatchJobDraft(title: "x", assetIDs: [f.asset.id], findingIDs: ["nope"]), by: Self.engineer)
            }
        }
    }
}
