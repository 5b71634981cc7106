// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import Patching

/// The jobs board: one column per status, newest first in each.
struct PatchJobBoard: Sendable {
    var jobs: [PatchJob]
    var grace: TimeInterval
    var now: Date

    static func load(_ patching: PatchingService, now: Date) async throws -> PatchJobBoard {
        let page = try await patching.jobs(page: PageRequest(limit: PageRequest.maximumLimit))
        return PatchJobBoard(jobs: page.items, grace: patching.settings.verificationGrace, now: now)
    }
}

/// The job page: lines, assets with results and verification, approvals, timeline, artefacts, and the moves the
/// reader may make.
struct PatchJobPage: Sendable {
    var job: PatchJob
    var proof: [String: String?]
    var window: MaintenanceWindow?
    var windows: [MaintenanceWindow]
    var canWrite: Bool
    var canApprove: Bool
    var username: String
    var csrf: String
    var now: Date

    static func load(_ patching: PatchingService, id: String, principal: Principal, csrf: String, now: Date) async throws -> PatchJobPage {
        let job = try await patching.job(id: id)
        let windows = try await patching.windows()
        return PatchJobPage(
            job: job, proof: try await patching.findingProof(job), window: windows.first { $0.id == job.windowID }, windows: windows,
            canWrite: principal.can(.patchingWrite), canApprove: principal.can(.patchingApprove), username: principal.username, csrf: csrf, now: now)
    }
}

/// Maintenance windows, with their next openings, and the form for a new one.
struct MaintenanceWindowsPage: Sendable {
    var windows: [MaintenanceWindow]
    var canWrite: Bool
    var csrf: String
    var now: Date

    static func load(_ patching: PatchingService, principal: Principal, csrf: String, now: Date) async throws -> MaintenanceWindowsPage {
        MaintenanceWindowsPage(windows: try await patching.windows(), canWrite: principal.can(.patchingWrite), csrf: csrf, now: now)
    }
}
