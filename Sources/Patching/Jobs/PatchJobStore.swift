// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// Where patch jobs and maintenance windows live. Patching owns the `patch_jobs` and `patch_windows` tables.
public protocol PatchJobStore: Sendable {
    func create(_ job: PatchJob) async throws
    func job(id: String) async throws -> PatchJob?
    /// Replaces a job whose stored revision is still `job.revision`, storing it as the next revision; answers false
    /// when another change came first.
    func update(_ job: PatchJob) async throws -> Bool
    /// Newest first; every status when `statuses` is empty.
    func jobs(statuses: [PatchJobStatus], page: PageRequest) async throws -> Page<PatchJob>
    /// How many jobs are in each status.
    func counts() async throws -> [PatchJobStatus: Int]

    func saveWindow(_ window: MaintenanceWindow) async throws
    func window(id: String) async throws -> MaintenanceWindow?
    func windows() async throws -> [MaintenanceWindow]
    /// False when there was no such window.
    func deleteWindow(id: String) async throws -> Bool
}

/// What patching reads of the asset inventory: which assets a job covers and the host names its playbook targets.
public protocol PatchAssets: Sendable {
    func asset(id: String) async throws -> PatchAsset?
    /// The assets with a tag, an owner or in an environment (each nil matches every asset).
    func assets(tag: String?, owner: String?, environment: String?) async throws -> [PatchAsset]
}

public struct PatchAsset: Sendable, Equatable {
    public var id: String
    public var name: String
    public var host: String
    public var tags: [String]

    public init(id: String, name: String, host: String, tags: [String]) {
        self.id = id
        self.name = name
        self.host = host
        self.tags = tags
    }
}

/// An asset's latest inventory, as verification reads it.
public struct InventorySnapshot: Sendable, Equatable {
    /// The inventory import's id: the proof a verified asset and its fixed findings link to.
    public var id: String
    public var importedAt: Date
    /// The installed version of each package asked for, in the order asked; nil for a package no longer installed.
    public var installed: [String?]

    public init(id: String, importedAt: Date, installed: [String?]) {
        self.id = id
        self.importedAt = importedAt
        self.installed = installed
    }
}

/// What verification reads of vulnerability management: the asset's newest inventory and the state of findings.
public protocol PatchVerificationSource: Sendable {
    /// The newest inventory import of the asset, with the installed version of each (ecosystem, package).
    func latestInventory(assetID: String, packages: [(ecosystem: String, package: String)]) async throws -> InventorySnapshot?
    /// The inventory import that fixed each finding that is fixed (nil: fixed without one, e.g. by an advisory change).
    func fixedFindings(ids: [String]) async throws -> [String: String?]
}

/// Who hears that a job failed: webhooks and mail, as alerts and cases are heard of.
public protocol PatchNotifier: Sendable {
    func jobFailed(_ job: PatchJob, asset: PatchJobAsset, reason: String) async
}
