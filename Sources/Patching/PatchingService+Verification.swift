// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

extension PatchingService {
    /// What one verification pass did.
    public struct VerificationOutcome: Sendable, Equatable {
        public var verifiedAssets = 0
        public var failedAssets = 0
        public var verifiedJobs = 0
        public init() {}
    }

    /// Checks every job that has started (or whose window opened) against its assets' newest inventories: an asset
    /// whose inventory, taken after the run, shows each package at its target or newer, or gone, is verified by that
    /// inventory; one that still shows an older version after the window closes and the grace period passes fails,
    /// and the failure is notified. A job is verified when all its assets are.
    @discardableResult
    public func verify() async throws -> VerificationOutcome {
        var outcome = VerificationOutcome()
        let now = clock.now()
        var cursor: String?
        var oracle: (any AdvisoryOracle)?
        repeat {
            let page = try await store.jobs(statuses: [.scheduled, .inProgress, .applied, .failed], page: PageRequest(limit: 200, cursor: cursor))
            cursor = page.next
            for job in page.items {
                if oracle == nil { oracle = try await source.advisories() }
                guard let oracle else { break }
                try await verify(job, oracle: oracle, now: now, outcome: &outcome)
            }
        } while cursor != nil
        return outcome
    }

    func verify(_ job: PatchJob, oracle: any AdvisoryOracle, now: Date, outcome: inout VerificationOutcome) async throws {
        var events: [PatchJob.LifecycleEvent] = []
        var failures: [(PatchJobAsset, String)] = []
        for asset in job.assets where asset.state != .verified {
            // "Later" is after the asset's run, else after the job started, else after its window opened.
            guard let since = asset.reportedAt ?? job.startedAt ?? job.scheduledStart, since <= now else { continue }
            let lines = job.lines(of: asset.assetID)
            let snapshot = try await verification.latestInventory(
                assetID: asset.assetID, packages: lines.map { (ecosystem: $0.ecosystem, package: $0.package) })
            let deadline = (job.scheduledEnd ?? job.startedAt ?? since).addingTimeInterval(settings.verificationGrace)
            if let snapshot, snapshot.importedAt >= since {
                let behind = zip(lines, snapshot.installed).filter { line, installed in
                    guard let installed else { return false }
                    return (oracle.compare(ecosystem: line.ecosystem, installed, line.toVersion) ?? -1) < 0
                }
                if behind.isEmpty {
                    events.append(.verify(assetID: asset.assetID, inventoryID: snapshot.id, at: now))
                    outcome.verifiedAssets += 1
                    continue
                }
                if now > deadline {
                    let text = behind.map { "\($0.0.package) is \($0.1 ?? "?"), target \($0.0.toVersion)" }.joined(separator: "; ")
                    failures.append((asset, "inventory \(snapshot.id) of \(Timestamp.format(snapshot.importedAt)) still shows \(text)"))
                }
            } else if now > deadline {
                failures.append((asset, "no inventory of the asset arrived between \(Timestamp.format(since)) and \(Timestamp.format(deadline))"))
            }
        }
        for (asset, reason) in failures where asset.failureReason != reason {
            events.append(.failAsset(assetID: asset.assetID, reason: reason, at: now))
        }
        guard !events.isEmpty else { return }
        let changed = try await mutate(id: job.id, by: .system, action: "patching.job.verify") { current in
            for event in events { try current.apply(event) }
        } detail: { current in
            current.assets.map { "\($0.assetName) \($0.state.rawValue)" }.joined(separator: ", ")
        }
        if changed.status == .verified && job.status != .verified { outcome.verifiedJobs += 1 }
        for (asset, reason) in failures where asset.failureReason != reason {
            outcome.failedAssets += 1
            if let notifier, let current = changed.assets.first(where: { $0.assetID == asset.assetID }) {
                await notifier.jobFailed(changed, asset: current, reason: reason)
            }
        }
    }

    /// Whether each of the job's findings is fixed, and by which inventory import.
    public func findingProof(_ job: PatchJob) async throws -> [String: String?] {
        try await verification.fixedFindings(ids: job.findingIDs)
    }

    // MARK: Maintenance windows

    public func createWindow(_ window: MaintenanceWindow, by actor: AuditActor) async throws -> MaintenanceWindow {
        let errors = window.problems()
        guard errors.isEmpty else { throw CoreError.invalid(errors) }
        var window = window
        window.name = window.name.trimmingCharacters(in: .whitespacesAndNewlines)
        window.assetTag = window.assetTag?.nonEmptyValue
        try await store.saveWindow(window)
        try await audit.record(
            AuditEntry(
                time: clock.now(), actor: actor.username, action: "patching.window.create", target: "maintenance_window:\(window.id)",
                source: actor.source, detail: "\(window.name): \(window.summary)"))
        return window
    }

    public func windows() async throws -> [MaintenanceWindow] { try await store.windows() }

    public func window(id: String) async throws -> MaintenanceWindow {
        guard let window = try await store.window(id: id) else { throw CoreError.notFound(kind: "maintenance window", id: id) }
        return window
    }

    public func deleteWindow(id: String, by actor: AuditActor) async throws {
        let window = try await window(id: id)
        guard try await store.deleteWindow(id: id) else { throw CoreError.notFound(kind: "maintenance window", id: id) }
        try await audit.record(
            AuditEntry(
                time: clock.now(), actor: actor.username, action: "patching.window.delete", target: "maintenance_window:\(id)", source: actor.source,
                detail: window.name))
    }
}
