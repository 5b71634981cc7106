// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Incidents
import Logging
import Metrics
import Outbound
import Prometheus
import ServiceLifecycle

/// The assembled Bulwark: every area, built once by ``assemble(_:clock:transports:metrics:logger:)`` in dependency
/// order, each from its settings and the areas it uses. `serve`, `demo`, `openapi`, the CLI and the tests all
/// assemble it the same way, so none of them can drift from the others.
public struct Platform: Sendable {
    public let settings: ServerSettings
    public let foundation: FoundationArea
    public let monitoring: MonitoringArea
    public let detection: DetectionArea
    public let incidents: IncidentsArea
    public let vulnerabilities: VulnerabilitiesArea
    public let patching: PatchingArea
    public let governance: GovernanceArea
    /// Where the areas' metrics are registered (served at `/metrics`).
    public let metrics: PrometheusCollectorRegistry
    let metricsFactory: PrometheusMetricsFactory

    /// Every area, in dependency order (an area's `init` takes only areas before it).
    var areas: [any AreaModule] { [foundation, monitoring, detection, incidents, vulnerabilities, patching, governance] }

    /// What leaves the process; tests replace them with fakes.
    public struct Transports: Sendable {
        public var webhooks: any WebhookTransport = URLSessionWebhookTransport()
        public var actions: any ResponseActionTransport = URLSessionActionTransport()
        /// nil: SMTP to the server of `--smtp`, when it is set.
        public var mail: (any MailTransport)?
        public init() {}
    }

    /// Opens (and migrates) the database and builds every area over it.
    public static func assemble(
        _ settings: ServerSettings, clock: any WallClock = SystemClock(), transports: Transports = Transports(),
        metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(), logger: Logger
    ) async throws -> Platform {
        var factory = PrometheusMetricsFactory(registry: metrics)
        // Receipt-to-searchable delay and commit time: fine buckets, so p99 can be read off /metrics.
        let delayBuckets: [Duration] = [
            .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(20), .milliseconds(50),
            .milliseconds(100), .milliseconds(200), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5), .seconds(10),
            .seconds(30),
        ]
        factory.durationHistogramBuckets = ["bulwark_ingest_delay_seconds": delayBuckets, "bulwark_ingest_commit_seconds": delayBuckets]
        let mail: (any MailTransport)?
        do { mail = try transports.mail ?? settings.foundation.smtpURL.map { try SMTPMailTransport(url: $0) } } catch {
            throw SettingsError("--smtp: \(error)")
        }
        let foundation = try await FoundationArea.open(settings.foundation, clock: clock, mail: mail, logger: logger)
        let monitoring = MonitoringArea(settings.monitoring, foundation: foundation, metrics: factory, logger: logger)
        let detection = DetectionArea(settings.detection, foundation: foundation, logger: logger)
        let incidents = IncidentsArea(
            settings.incidents, foundation: foundation, monitoring: monitoring, detection: detection,
            webhooks: transports.webhooks, actions: transports.actions, metrics: factory, logger: logger)
        let vulnerabilities = VulnerabilitiesArea(settings.vulnerabilities, foundation: foundation)
        let patching = PatchingArea(
            settings.patching, foundation: foundation, vulnerabilities: vulnerabilities, incidents: incidents, webhooks: transports.webhooks,
            logger: logger)
        let governance = GovernanceArea(settings.governance, foundation: foundation, monitoring: monitoring, incidents: incidents)
        return Platform(
            settings: settings, foundation: foundation, monitoring: monitoring, detection: detection, incidents: incidents,
            vulnerabilities: vulnerabilities, patching: patching, governance: governance, metrics: metrics, metricsFactory: factory)
    }

    /// The areas' background jobs for the server. Areas are listed consumers first (the group stops services in
    /// reverse order): the listeners stop taking input, the pipeline commits what it holds and ends its feed,
    /// detection evaluates it, and the follow-up queue finishes what detection raised.
    func services(logger: Logger, onSyslogBound: @escaping @Sendable (String, Int) -> Void) throws -> [any Service] {
        let context = ServiceContext(metrics: metricsFactory, logger: logger, onSyslogBound: onSyslogBound)
        return try areas.reversed().flatMap { try $0.services(context) }
    }

    /// Loads the demo data of every area into this (fresh) platform; returns the demo accounts.
    @discardableResult
    public func loadDemo() async throws -> [DemoAccount] {
        var logger = Logger(label: "demo")
        logger.logLevel = .warning
        let now = foundation.clock.now()
        let accounts = try await foundation.createDemoAccounts()
        let demo = DemoContext(now: now, dataDirectory: settings.foundation.storage.dataDirectory, logger: logger)
        for area in areas { try await area.loadDemo(demo) }
        try await foundation.audit.record(
            AuditEntry(
                time: now, actor: "system", action: "demo.load", target: "platform:*", source: "demo",
                detail: "areas=\(areas.count) users=\(accounts.count)"))
        return accounts
    }

    /// Closes the database; the last call.
    public func close() async { await foundation.database.close() }
}
