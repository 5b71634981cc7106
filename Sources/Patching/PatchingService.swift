// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// One installed package of an asset with its open findings: what planning starts from.
public struct PackageFindings: Sendable {
    public var assetID: String
    public var assetName: String
    public var ecosystem: String
    public var package: String
    /// The name advisories use for it (a distribution's source package), when not the package.
    public var advisoryName: String?
    public var version: String
    public var findings: [PlanFinding]

    public init(
        assetID: String, assetName: String, ecosystem: String, package: String, advisoryName: String?, version: String, findings: [PlanFinding]
    ) {
        self.assetID = assetID
        self.assetName = assetName
        self.ecosystem = ecosystem
        self.package = package
        self.advisoryName = advisoryName
        self.version = version
        self.findings = findings
    }
}

/// What patching reads of vulnerability management, declared here and implemented by the application: the open
/// findings by installed package, the advisories to choose versions against, and the findings' history for metrics.
public protocol RemediationSource: Sendable {
    /// The packages with open findings, of one asset or (nil) of every asset.
    func packagesWithFindings(assetID: String?) async throws -> [PackageFindings]
    func advisories() async throws -> any AdvisoryOracle
    /// Every finding's dates and risk (of every state), or only the open ones: what the metrics are made of.
    func findingHistory(openOnly: Bool) async throws -> [FindingHistory]
}

/// A plan line for one asset's package.
public struct AssetPlanLine: Sendable {
    public var assetID: String
    public var assetName: String
    public var line: PlanLine

    public init(assetID: String, assetName: String, line: PlanLine) {
        self.assetID = assetID
        self.assetName = assetName
        self.line = line
    }
}

/// Patch management: remediation plans from the open findings, patch jobs through approval and maintenance windows
/// to their artefacts and results, and verification by the assets' next inventories.
public struct PatchingService: Sendable {
    public struct Settings: Sendable, Equatable {
        /// Approvals a job needs, each from a different person who is not its submitter.
        public var requiredApprovals: Int
        /// How long after its window closes a job's assets may still be verified before they count as failed.
        public var verificationGrace: TimeInterval
        /// Whether plans may jump a major version (`--patch-policy`).
        public var policy: PatchPolicy

        public init(requiredApprovals: Int = 1, verificationGrace: TimeInterval = 24 * 3600, policy: PatchPolicy = PatchPolicy()) {
            self.requiredApprovals = requiredApprovals
            self.verificationGrace = verificationGrace
            self.policy = policy
        }
    }

    let source: any RemediationSource
    let store: any PatchJobStore
    let assets: any PatchAssets
    let verification: any PatchVerificationSource
    let notifier: (any PatchNotifier)?
    let audit: any AuditLog
    let clock: any WallClock
    public internal(set) var settings: Settings

    public init(
        source: any RemediationSource, store: any PatchJobStore, assets: any PatchAssets, verification: any PatchVerificationSource,
        notifier: (any PatchNotifier)?, audit: any AuditLog, clock: any WallClock, settings: Settings = Settings()
    ) {
        self.source = source
        self.store = store
        self.assets = assets
        self.verification = verification
        self.notifier = notifier
        self.audit = audit
        self.clock = clock
        self.settings = settings
    }

    /// The same service planning under another patch policy (`bulwark patch plan --policy`).
    public func planning(under policy: PatchPolicy) -> PatchingService {
        var copy = self
        copy.settings.policy = policy
        return copy
    }

    /// The upgrades that close an asset's (or every asset's) open findings, the most risk removed first.
    public func plan(assetID: String? = nil) async throws -> [AssetPlanLine] {
        let packages = try await source.packagesWithFindings(assetID: assetID)
        guard !packages.isEmpty else { return [] }
        let oracle = try await source.advisories()
        var tags: [String: [String]] = [:]
        if settings.policy.readsTags {
            for id in Set(packages.map(\.assetID)) { tags[id] = try await assets.asset(id: id)?.tags ?? [] }
        }
        let policy = settings.policy
        let lines = RemediationPlanner.planAll(packages, oracle: oracle) { item in
            policy.allowsMajor(ecosystem: item.ecosystem, tags: tags[item.assetID] ?? [])
        }
        return zip(packages, lines).map { item, line in AssetPlanLine(assetID: item.assetID, assetName: item.assetName, line: line) }
            .sorted { a, b in
                a.line.riskRemoved != b.line.riskRemoved
                    ? a.line.riskRemoved > b.line.riskRemoved : (a.assetName, a.line.package) < (b.assetName, b.line.package)
            }
    }

    func record(_ actor: AuditActor, _ action: String, _ job: PatchJob, _ detail: String) async throws {
        try await audit.record(
            AuditEntry(time: clock.now(), actor: actor.username, action: action, target: "patch_job:\(job.id)", source: actor.source, detail: detail))
    }
}
