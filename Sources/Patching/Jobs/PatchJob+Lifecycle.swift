// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// A job's workflow as a state machine without I/O: the service feeds it what happened and saves the result. The
/// rules, once:
/// - `approved` is reached only by approvals: each from a different person, never the submitter, as many as the job
///   requires; `verified` only by inventories; `applied` and `failed` also by the results the assets report;
/// - an emergency job may start outside its window (it still needs its approvals); any other starts inside it;
/// - a refused move names the moves allowed from where the job is.
extension PatchJob {
    public enum LifecycleEvent: Sendable {
        case submit(by: String, at: Date)
        case approve(by: String, comment: String?, at: Date)
        /// A person moves the job. `windowOpen` says whether its window is open now; `window` is the opening a move
        /// to `scheduled` books.
        case move(to: PatchJobStatus, by: String, comment: String?, windowOpen: Bool, window: DateInterval?, at: Date)
        /// A configured runner takes a scheduled job whose window is open (an emergency job: at once).
        case start(runner: String, at: Date)
        /// A runner, agent or CI reports one asset's run.
        case report(assetID: String, exitStatus: Int, output: String?, by: String, at: Date)
        /// A later inventory of the asset shows every package at its target or newer, or gone.
        case verify(assetID: String, inventoryID: String, at: Date)
        /// The asset's inventory still shows an old version after the window and its grace period.
        case failAsset(assetID: String, reason: String, at: Date)
        case comment(by: String, text: String, at: Date)
    }

    /// The moves a person may make from a status (approval, verification and results move it otherwise).
    public static func manualMoves(from status: PatchJobStatus) -> [PatchJobStatus] {
        switch status {
        case .draft: return [.submitted, .cancelled]
        case .submitted: return [.draft, .cancelled]
        case .approved: return [.scheduled, .inProgress, .cancelled]
        case .scheduled: return [.inProgress, .cancelled]
        case .inProgress: return [.applied, .failed]
        case .applied: return [.failed, .rolledBack]
        case .failed: return [.scheduled, .rolledBack, .cancelled]
        case .verified, .rolledBack, .cancelled: return []
        }
    }

    public var allowedMoves: [PatchJobStatus] { Self.manualMoves(from: status) }

    /// Scheduled and inside its booked window (an emergency job scheduled without one: from its booking on).
    public func isDue(at now: Date) -> Bool {
        guard status == .scheduled, let start = scheduledStart, start <= now else { return false }
        return scheduledEnd.map { now < $0 } ?? emergency
    }

    public mutating func apply(_ event: LifecycleEvent) throws {
        switch event {
        case .submit(let by, let now):
            try require(status == .draft, "only a draft can be submitted")
            submittedBy = by
            submittedAt = now
            approvals = []
            set(.submitted, by: by, at: now, text: "submitted for approval (\(requiredApprovals) needed)")
        case .approve(let by, let comment, let now):
            try require(status == .submitted, "only a submitted job can be approved")
            guard by != submittedBy else { throw CoreError.conflict("\(by) submitted this job and cannot approve it: another approver must") }
            guard !approvals.contains(where: { $0.by == by }) else { throw CoreError.conflict("\(by) has already approved this job") }
            approvals.append(PatchApproval(by: by, at: now, comment: comment))
            let note = emergency ? " (emergency: may run outside maintenance windows)" : ""
            record(
                at: now, by: by, kind: "approval", text: "approved \(approvals.count)/\(requiredApprovals)\(note)" + (comment.map { ": \($0)" } ?? "")
            )
            if approvals.count >= requiredApprovals { set(.approved, by: by, at: now, text: "approved") }
        case .move(let target, let by, let comment, let windowOpen, let window, let now):
            try move(to: target, by: by, comment: comment, windowOpen: windowOpen, window: window, at: now)
        case .start(let runner, let now):
            try require(status == .scheduled, "a runner starts only a scheduled job")
            try require(isDue(at: now), "a runner starts a job only while its window is open")
            startedAt = now
            set(.inProgress, by: "runner:\(runner)", at: now, text: "started by runner \(runner)")
        case .report(let assetID, let exitStatus, let output, let by, let now):
            try require(
                [.approved, .scheduled, .inProgress, .applied, .failed].contains(status),
                "results are taken from approval until the job is finished")
            let index = try assetIndex(assetID)
            if status != .inProgress && status != .applied && status != .failed {
                startedAt = startedAt ?? now
                set(.inProgress, by: by, at: now, text: "started: the first result arrived")
            }
            if assets[index].state != .verified { assets[index].state = exitStatus == 0 ? .applied : .failed }
            assets[index].exitStatus = exitStatus
            assets[index].output = output.map { String($0.utf8.suffix(Self.outputLimit)) ?? $0 }
            assets[index].reportedAt = now
            assets[index].reportedBy = by
            assets[index].failureReason = exitStatus == 0 ? nil : "the run exited with status \(exitStatus)"
            record(at: now, by: by, kind: "result", text: "\(assets[index].assetName): exit status \(exitStatus)")
            settleRun(by: by, at: now)
        case .verify(let assetID, let inventoryID, let now):
            let index = try assetIndex(assetID)
            guard assets[index].state != .verified else { return }
            assets[index].state = .verified
            assets[index].verifiedByInventory = inventoryID
            assets[index].verifiedAt = now
            assets[index].failureReason = nil
            record(at: now, by: "system", kind: "verification", text: "\(assets[index].assetName) verified by inventory \(inventoryID)")
            if assets.allSatisfy({ $0.state == .verified }) {
                finishedAt = now
                set(.verified, by: "system", at: now, text: "every asset verified by a later inventory")
            }
        case .failAsset(let assetID, let reason, let now):
            let index = try assetIndex(assetID)
            guard assets[index].state != .verified, assets[index].failureReason != reason else { return }
            assets[index].state = .failed
            assets[index].failureReason = reason
            record(at: now, by: "system", kind: "verification", text: "\(assets[index].assetName) failed: \(reason)")
            if status != .failed { set(.failed, by: "system", at: now, text: "failed: \(assets[index].assetName) is not patched") }
        case .comment(let by, let text, let now):
            record(at: now, by: by, kind: "comment", text: text)
        }
    }

    private mutating func move(
        to target: PatchJobStatus, by: String, comment: String?, windowOpen: Bool, window: DateInterval?, at now: Date
    ) throws {
        guard allowedMoves.contains(target) else {
            let allowed = allowedMoves.map(\.rawValue).joined(separator: ", ")
            let why: String
            switch target {
            case .approved: why = "; a job is approved by POST /api/v1/patch-jobs/{id}/approve"
            case .verified: why = "; a job is verified by the assets' next inventories"
            default: why = ""
            }
            throw CoreError.conflict(
                "a patch job in \(status.rawValue) cannot move to \(target.rawValue) (allowed: \(allowed.isEmpty ? "none" : allowed))\(why)")
        }
        switch target {
        case .submitted:
            try apply(.submit(by: by, at: now))
            return
        case .scheduled:
            if let window {
                scheduledStart = window.start
                scheduledEnd = window.end
            } else {
                // An emergency job without a window is scheduled for now: a runner takes it on its next pass.
                guard emergency else { throw CoreError.conflict("a job is scheduled into a maintenance window: set window_id first") }
                scheduledStart = now
                scheduledEnd = nil
            }
        case .inProgress:
            guard emergency || windowOpen else {
                throw CoreError.conflict("the job's maintenance window is not open; only an emergency job runs outside it")
            }
            startedAt = now
        case .applied:
            appliedAt = now
        case .draft:
            approvals = []
            submittedBy = nil
            submittedAt = nil
        case .cancelled, .rolledBack:
            finishedAt = now
        default: break
        }
        set(target, by: by, at: now, text: target.rawValue.replacingOccurrences(of: "_", with: " ") + (comment.map { ": \($0)" } ?? ""))
    }

    /// Once every asset has reported: applied when all succeeded, failed otherwise.
    private mutating func settleRun(by: String, at now: Date) {
        guard assets.allSatisfy({ $0.state != .pending }) else { return }
        if assets.contains(where: { $0.state == .failed }) {
            if status != .failed {
                set(.failed, by: by, at: now, text: "failed on \(assets.filter { $0.state == .failed }.map(\.assetName).joined(separator: ", "))")
            }
        } else if status == .inProgress {
            appliedAt = now
            set(.applied, by: by, at: now, text: "applied on every asset; waiting for their next inventories")
        }
    }

    private func assetIndex(_ assetID: String) throws -> Int {
        guard let index = assets.firstIndex(where: { $0.assetID == assetID }) else {
            throw CoreError.invalid([FieldError(field: "asset_id", message: "'\(assetID)' is not an asset of this job")])
        }
        return index
    }

    private func require(_ condition: Bool, _ message: String) throws {
        guard condition else { throw CoreError.conflict("\(message) (the job is \(status.rawValue))") }
    }

    private mutating func set(_ target: PatchJobStatus, by: String, at now: Date, text: String) {
        status = target
        record(at: now, by: by, kind: "status", text: text)
    }

    private mutating func record(at now: Date, by: String, kind: String, text: String) {
        updatedAt = now
        timeline.append(PatchJobEvent(at: now, by: by, kind: kind, text: text))
    }
}
