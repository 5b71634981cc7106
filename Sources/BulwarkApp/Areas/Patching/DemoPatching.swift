// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Patching
import Vulnerabilities

/// The demo's patching: three maintenance windows and jobs in every state over the demo's findings: one verified by
/// a later inventory of its asset (its findings closed by that import), one failed, one rolled back, and an
/// emergency job for the KEV-listed log4j finding awaiting a manager's approval.
enum DemoPatching {
    static let engineer = AuditActor(username: "engineer", source: "demo")
    static let manager = AuditActor(username: "manager", source: "demo")
    static let approvers = [manager, AuditActor(username: "admin", source: "demo")]

    static func load(into service: PatchingService, vulnerabilities: VulnerabilityService, now: Date) async throws {
        let web = try await service.createWindow(
            MaintenanceWindow(
                id: Identifier.make(), name: "Web tier: Tuesday and Thursday nights", recurrence: .weekly, weekdays: [2, 4], start: "22:00",
                durationMinutes: 240, timeZone: "Europe/Berlin", assetTag: "web", createdBy: "engineer", createdAt: now), by: engineer)
        let patchTuesday = try await service.createWindow(
            MaintenanceWindow(
                id: Identifier.make(), name: "Patch Tuesday", recurrence: .monthly, weekdays: [2], ordinal: 2, start: "20:00", durationMinutes: 360,
                timeZone: "America/New_York", createdBy: "engineer", createdAt: now), by: engineer)
        let always = try await service.createWindow(
            MaintenanceWindow(
                id: Identifier.make(), name: "Staging: any time", recurrence: .weekly, weekdays: Array(1...7), start: "00:00",
                durationMinutes: 1440, timeZone: "UTC", assetTag: "staging", createdBy: "engineer", createdAt: now), by: engineer)
        _ = web
        let plan = try await service.plan()
        func assetID(_ name: String) -> String? { plan.first { $0.assetName == name }?.assetID }
        func make(_ title: String, _ asset: String, window: MaintenanceWindow?, emergency: Bool = false, rollback: String? = nil) async throws
            -> PatchJob?
        {
            guard let id = assetID(asset) else { return nil }
            return try await service.createJob(
                PatchJobDraft(
                    title: title, assetIDs: [id], windowID: window?.id, emergency: emergency, reboot: emergency ? .none : .ifRequired,
                    rollbackNotes: rollback), by: engineer)
        }
        func run(_ job: PatchJob?, until target: PatchJobStatus, exit: Int = 0, output: String = "") async throws {
            guard let job else { return }
            let order: [PatchJobStatus] = [.submitted, .approved, .scheduled, .inProgress]
            for step in order {
                let current = try await service.job(id: job.id)
                guard current.status != target else { return }
                switch step {
                case .approved:
                    // As many approvals as the job needs (`--patch-approvers`), each by another demo approver.
                    for approver in approvers.prefix(current.requiredApprovals) {
                        _ = try await service.approve(id: job.id, comment: "Fits the window; rollback noted.", by: approver)
                    }
                    guard try await service.job(id: job.id).status == .approved else { return }
                default: _ = try await service.change(id: job.id, PatchJobChange(status: step), by: engineer)
                }
                if step == target { return }
            }
            for asset in job.assets {
                _ = try await service.report(id: job.id, assetID: asset.assetID, exitStatus: exit, output: output, by: engineer)
            }
        }

        // Verified: web-prod-02 upgraded, and its next inventory shows it.
        let verified = try await make(
            "Web: Django and requests on web-prod-02", "web-prod-02", window: always, rollback: "pip install the previous pins")
        try await run(verified, until: .applied, output: "Successfully installed Django requests\n")
        if let verified {
            var pins = ["Django": "3.2.18", "requests": "2.28.1", "Jinja2": "3.1.2", "gunicorn": "20.1.0"]
            for line in verified.lines { pins[line.package] = line.toVersion }
            let text = pins.keys.sorted().map { "\($0)==\(pins[$0]!)" }.joined(separator: "\n") + "\n"
            _ = try await vulnerabilities.importInventory(
                assetID: verified.assets[0].assetID, bytes: Array(text.utf8), name: "requirements.txt", source: "app", by: .system)
        }
        // Failed: the run on web-prod-01 stopped on a dependency conflict.
        try await run(
            try await make("Web: Django and requests on web-prod-01", "web-prod-01", window: always), until: .applied, exit: 1,
            output: "ERROR: Cannot install Django because these package versions have conflicting dependencies.\n")
        // Rolled back: the upgrade went in, the storefront broke, it was reverted.
        let rolled = try await make("Storefront: lodash", "web-staging-01", window: always, rollback: "npm install lodash@4.17.20")
        try await run(rolled, until: .applied, output: "added 1 package\n")
        if let rolled {
            _ = try await service.change(
                id: rolled.id, PatchJobChange(status: .rolledBack, comment: "Checkout tests failed after the upgrade."), by: engineer)
        }
        // In progress, applied, scheduled, approved, submitted (emergency), draft, cancelled.
        try await run(try await make("Storefront: lodash (second try)", "web-staging-01", window: always), until: .inProgress)
        try await run(try await make("Mail gateway: OpenSSL", "mail-gw-01", window: always), until: .applied, output: "1 upgraded\n")
        try await run(try await make("Bastion: OpenSSH", "bastion-01", window: patchTuesday), until: .scheduled)
        try await run(try await make("API gateway: golang.org/x/net", "api-gw-01", window: patchTuesday), until: .approved)
        let emergency = try await make(
            "EMERGENCY: log4j-core on payments-app-01 (KEV)", "payments-app-01", window: nil, emergency: true,
            rollback: "redeploy the previous image")
        try await run(emergency, until: .submitted)
        _ = try await make("Payments: the remaining libraries", "payments-app-01", window: patchTuesday)
        if let cancelled = try await make("Bastion: sudo (superseded)", "bastion-01", window: patchTuesday) {
            _ = try await service.change(
                id: cancelled.id, PatchJobChange(status: .cancelled, comment: "Superseded by the OpenSSH job."), by: engineer)
        }
        try await service.verify()
    }
}
