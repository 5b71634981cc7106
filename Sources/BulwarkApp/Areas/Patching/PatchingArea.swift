// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Incidents
import Inventory
import Logging
import Metrics
import Patching
import ServiceLifecycle
import Storage
import Vulnerabilities
import Web

/// Patch management: remediation plans from the open findings, patch jobs with approvals and maintenance windows,
/// their artefacts and results, and verification by the assets' next inventories.
public struct PatchingArea: AreaModule {
    /// `bulwark serve --help`, "Patching".
    public struct Settings: Sendable, Equatable {
        public var service = PatchingService.Settings()
        /// How often jobs are checked against the assets' newest inventories.
        public var verifyInterval: TimeInterval = 60
        /// The commands that apply scheduled jobs (`--patch-runners`); none: results come by API.
        public var runners: [PatchRunner] = []
        public init() {}
    }

    public let settings: Settings
    public let service: PatchingService
    let store: any PatchJobStore
    let vulnerabilities: VulnerabilityService
    let broadcast: TeamBroadcast
    let logger: Logger

    init(
        _ settings: Settings, foundation: FoundationArea, vulnerabilities: VulnerabilitiesArea, incidents: IncidentsArea,
        webhooks: any WebhookTransport, logger: Logger
    ) {
        self.settings = settings
        self.logger = logger
        self.vulnerabilities = vulnerabilities.service
        store = SQLPatchJobStore(database: foundation.database)
        broadcast = TeamBroadcast(
            webhooks: incidents.settings.webhooks, transport: webhooks, mail: foundation.mail, from: foundation.settings.mailFrom,
            recipients: incidents.settings.email?.recipients ?? [], logger: logger)
        service = PatchingService(
            source: FindingsRemediationSource(vulnerabilities: vulnerabilities.service), store: store,
            assets: InventoryPatchAssets(inventory: foundation.inventory),
            verification: FindingsVerificationSource(vulnerabilities: vulnerabilities.service),
            notifier: BroadcastPatchNotifier(broadcast: broadcast), audit: foundation.audit, clock: foundation.clock, settings: settings.service)
        let clock = foundation.clock
        web = [PatchingWeb(patching: service, now: { clock.now() })]
    }

    public let web: [any WebArea]

    func services(_ context: ServiceContext) throws -> [any Service] {
        var services: [any Service] = [
            BackgroundPass.verifier(service, interval: settings.verifyInterval, logger: context.logger),
            BackgroundPass.gauges(service, metrics: context.metrics, logger: context.logger),
        ]
        if !settings.runners.isEmpty {
            services.append(
                BackgroundPass.runners(
                    service, runners: settings.runners, executor: ProcessRunExecutor(), interval: settings.verifyInterval, logger: context.logger))
        }
        return services
    }

    func loadDemo(_ demo: DemoContext) async throws {
        try await DemoPatching.load(into: service, vulnerabilities: vulnerabilities, now: demo.now)
    }
}

/// Patching's background passes on the verification interval (`--patch-verify-interval`): verification by the newest
/// inventories, and the runners; and its gauges every minute.
extension BackgroundPass {
    static func verifier(_ patching: PatchingService, interval: TimeInterval, logger: Logger) -> BackgroundPass {
        BackgroundPass(name: "patch verification", interval: interval, logger: logger) {
            let outcome = try await patching.verify()
            guard outcome != .init() else { return nil }
            return [
                "verified_assets": "\(outcome.verifiedAssets)", "failed_assets": "\(outcome.failedAssets)",
                "verified_jobs": "\(outcome.verifiedJobs)",
            ]
        }
    }

    /// Starts the scheduled jobs whose windows are open with the configured runners (`--patch-runners`). Several
    /// nodes may run it: a job is started by whichever saves the start first.
    static func runners(
        _ patching: PatchingService, runners: [PatchRunner], executor: any PatchRunExecutor, interval: TimeInterval, logger: Logger
    ) -> BackgroundPass {
        BackgroundPass(name: "patch runners", interval: interval, logger: logger) {
            let outcome = try await patching.runDueJobs(runners: runners, executor: executor)
            guard outcome.jobsStarted > 0 else { return nil }
            return ["jobs": "\(outcome.jobsStarted)", "runs": "\(outcome.runs)", "failed_runs": "\(outcome.failedRuns)"]
        }
    }

    /// Every minute: `bulwark_patch_jobs{status}` (every status, zero included, so that series do not vanish) and
    /// `bulwark_findings_open_risk` (the sum of the open findings' risk).
    static func gauges(_ patching: PatchingService, metrics: any MetricsFactory, logger: Logger) -> BackgroundPass {
        BackgroundPass(name: "patching gauges", interval: 60, logger: logger) {
            try await publish(patching, metrics)
            return nil
        }
    }

    static func publish(_ patching: PatchingService, _ metrics: any MetricsFactory) async throws {
        let (jobs, risk) = try await patching.gauges()
        for (status, count) in jobs { Gauge(label: "bulwark_patch_jobs", dimensions: [("status", status.rawValue)], factory: metrics).record(count) }
        Gauge(label: "bulwark_findings_open_risk", factory: metrics).record(risk)
    }

}

/// A failed job goes to the team's webhooks (`patch_job.failed`) and alert mail recipients.
struct BroadcastPatchNotifier: PatchNotifier {
    let broadcast: TeamBroadcast

    func jobFailed(_ job: PatchJob, asset: PatchJobAsset, reason: String) async {
        let object: [String: Any] = [
            "event": "patch_job.failed", "text": reason, "at": Timestamp.format(job.updatedAt),
            "job": ["id": job.id, "title": job.title, "status": job.status.rawValue, "emergency": job.emergency] as [String: Any],
            "asset": ["id": asset.assetID, "name": asset.assetName, "host": asset.host] as [String: Any],
        ]
        let body = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        await broadcast.send(
            event: "patch_job.failed", body: body, subject: "[Bulwark] patch job failed on \(asset.assetName): \(job.title)",
            text: "\(reason)\n\nPatch job: \(job.title) (\(job.id))\nAsset: \(asset.assetName)\nStatus: \(job.status.rawValue)")
    }
}
