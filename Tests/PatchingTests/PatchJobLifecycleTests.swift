// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Patching
import Testing

/// The workflow's rules, on the state machine alone: approvals (never the submitter, each approver once, as many as
/// required), windows (only an emergency job starts outside one), refused moves naming the allowed ones, results and
/// verification moving the job.
@Suite struct PatchJobLifecycleTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    static func job(approvals: Int = 1, emergency: Bool = false, assets: [String] = ["a1"]) -> PatchJob {
        PatchJob(
            id: "j1", title: "Patch", emergency: emergency, windowID: nil, reboot: .none, rollbackNotes: nil,
            lines: assets.map {
                PatchJobLine(
                    assetID: $0, assetName: $0, ecosystem: "PyPI", package: "requests", fromVersion: "2.19.0", toVersion: "2.20.0",
                    findingIDs: ["f-\($0)"], riskRemoved: 10)
            },
            assets: assets.map { PatchJobAsset(assetID: $0, assetName: $0, host: $0) }, requiredApprovals: approvals, createdBy: "eng", at: now)
    }

    static func move(_ target: PatchJobStatus, open: Bool = false, window: DateInterval? = nil) -> PatchJob.LifecycleEvent {
        .move(to: target, by: "eng", comment: nil, windowOpen: open, window: window, at: now)
    }

    static func conflict(_ body: () throws -> Void) -> String? {
        do { try body() } catch let error as CoreError {
            if case .conflict(let message) = error { return message }
        } catch {}
        return nil
    }

    @Test func theSubmitterCannotApproveAndEachApproverCountsOnce() throws {
        var job = Self.job(approvals: 2)
        try job.apply(.submit(by: "eng", at: Self.now))
        #expect(Self.conflict { try job.apply(.approve(by: "eng", comment: nil, at: Self.now)) }?.contains("cannot approve") == true)
        try job.apply(.approve(by: "mgr1", comment: "ok", at: Self.now))
        #expect(job.status == .submitted)
        #expect(Self.conflict { try job.apply(.approve(by: "mgr1", comment: nil, at: Self.now)) }?.contains("already approved") == true)
        try job.apply(.approve(by: "mgr2", comment: nil, at: Self.now))
        #expect(job.status == .approved)
        #expect(job.approvals.map(\.by) == ["mgr1", "mgr2"])
        #expect(job.timeline.filter { $0.kind == "approval" }.count == 2)
    }

    @Test func aRefusedMoveNamesTheAllowedOnes() throws {
        var job = Self.job()
        let message = Self.conflict { try job.apply(Self.move(.approved)) }
        #expect(message?.contains("allowed: submitted, cancelled") == true)
        #expect(message?.contains("/approve") == true)
        try job.apply(Self.move(.submitted))
        #expect(job.status == .submitted && job.submittedBy == "eng")
        #expect(Self.conflict { try job.apply(Self.move(.verified)) }?.contains("next inventories") == true)
        // Back to draft drops the approvals so far.
        try job.apply(.approve(by: "mgr", comment: nil, at: Self.now))
        #expect(job.status == .approved)
        #expect(Self.conflict { try job.apply(Self.move(.draft)) } != nil)
    }

    @Test func onlyAnEmergencyJobStartsOutsideItsWindow() throws {
        var job = Self.job()
        try job.apply(.submit(by: "eng", at: Self.now))
        try job.apply(.approve(by: "mgr", comment: nil, at: Self.now))
        #expect(Self.conflict { try job.apply(Self.move(.inProgress, open: false)) }?.contains("window is not open") == true)
        #expect(Self.conflict { try job.apply(Self.move(.scheduled)) }?.contains("window_id") == true)
        let window = DateInterval(start: Self.now.addingTimeInterval(3600), duration: 7200)
        try job.apply(Self.move(.scheduled, window: window))
        #expect(job.scheduledStart == window.start && job.scheduledEnd == window.end)
        try job.apply(Self.move(.inProgress, open: true))
        #expect(job.status == .inProgress)

        var emergency = Self.job(emergency: true)
        try emergency.apply(.submit(by: "eng", at: Self.now))
        #expect(Self.conflict { try emergency.apply(Self.move(.inProgress)) } != nil, "approval is still needed")
        try emergency.apply(.approve(by: "mgr", comment: nil, at: Self.now))
        try emergency.apply(Self.move(.inProgress, open: false))
        #expect(emergency.status == .inProgress)
    }

    @Test func resultsApplyOrFailAndInventoriesVerify() throws {
        var job = Self.job(assets: ["a1", "a2"])
        try job.apply(.submit(by: "eng", at: Self.now))
        try job.apply(.approve(by: "mgr", comment: nil, at: Self.now))
        try job.apply(.report(assetID: "a1", exitStatus: 0, output: "ok", by: "runner", at: Self.now))
        #expect(job.status == .inProgress, "the first result starts the job")
        #expect(throws: CoreError.self) { try job.apply(.report(assetID: "nope", exitStatus: 0, output: nil, by: "runner", at: Self.now)) }
        try job.apply(.report(assetID: "a2", exitStatus: 0, output: String(repeating: "x", count: 70_000), by: "runner", at: Self.now))
        #expect(job.status == .applied)
        #expect(job.assets[1].output?.utf8.count == PatchJob.outputLimit)
        try job.apply(.verify(assetID: "a1", inventoryID: "inv-1", at: Self.now))
        #expect(job.status == .applied)
        try job.apply(.verify(assetID: "a2", inventoryID: "inv-2", at: Self.now))
        #expect(job.status == .verified && job.finishedAt == Self.now)
        #expect(job.assets.map(\.verifiedByInventory) == ["inv-1", "inv-2"])
        #expect(job.allowedMoves.isEmpty)

        var failing = Self.job(assets: ["a1", "a2"])
        try failing.apply(.submit(by: "eng", at: Self.now))
        try failing.apply(.approve(by: "mgr", comment: nil, at: Self.now))
        try failing.apply(.report(assetID: "a1", exitStatus: 0, output: nil, by: "runner", at: Self.now))
        try failing.apply(.report(assetID: "a2", exitStatus: 100, output: "E: broken", by: "runner", at: Self.now))
        #expect(failing.status == .failed)
        #expect(failing.assets[1].failureReason == "the run exited with status 100")
        #expect(failing.allowedMoves == [.scheduled, .rolledBack, .cancelled])
    }
}
