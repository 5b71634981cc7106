// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Detection
import Foundation
import Incidents
import Logging
import Metrics
import Monitoring
import ServiceLifecycle
import Storage
import Web

/// Incident response: alerts from detection's hits (grouping, suppression, notification), cases with their
/// playbooks, evidence, clocks and response actions, and the automation that opens cases from alerts.
///
/// The flow after the commit: ``DetectionRunner`` reads Monitoring's committed feed and raises alerts; the alert
/// service puts every alert created or grown on the follow-up queue, from which ``AlertFollowUp`` notifies
/// (webhooks, mail) and runs the case automation at its own pace.
public struct IncidentsArea: AreaModule {
    /// Alert grouping and notification, case SLAs, regulatory deadlines, playbooks, automation, response actions,
    /// evidence limit (`bulwark serve --help`, "Alerts and incidents").
    public struct Settings: Sendable {
        /// Matches of the same rule, host and user within this window grow one alert.
        public var alertGrouping: TimeInterval = 3600
        /// Webhooks told of every new alert at or above a severity.
        public var webhooks: [WebhookSettings] = []
        /// Mail for new alerts: where to, from, and the lowest severity (sent through the foundation's SMTP server).
        public var email: EmailSettings?
        public var cases = CaseService.Settings()
        /// Extra playbooks (default `DATA/playbooks`).
        public var playbookDirectory: String?
        /// Automation rules, read from `--case-automation`.
        public var automation: [AutomationRule] = []
        /// Where the automation rules were read from (for the log).
        public var automationFile: String?
        /// Keep evidence files in this directory (`--evidence-dir`) instead of the database.
        public var evidenceDirectory: String?
        public init() {}
    }

    public let settings: Settings
    public let alerts: AlertService
    public let cases: CaseService
    /// The case tables, for the demo's history (an action run, a backdated timeline).
    let caseStore: any CaseStore
    public let runner: DetectionRunner
    let audit: any AuditLog
    /// Notification and automation of new alerts (run by the server; tests run it themselves).
    public let followUp: AlertFollowUp
    public let web: [any WebArea]

    /// Alerts created or grown wait here for notification and automation; a full queue slows detection, never
    /// ingestion.
    static let followUpCapacity = 256

    init(
        _ settings: Settings, foundation: FoundationArea, monitoring: MonitoringArea, detection: DetectionArea, webhooks: any WebhookTransport,
        actions: any ResponseActionTransport, metrics: any MetricsFactory, logger: Logger
    ) {
        self.settings = settings
        audit = foundation.audit
        let queue = BoundedQueue<[RaisedAlert]>(capacity: Self.followUpCapacity)
        alerts = AlertService(
            store: SQLAlertStore(database: foundation.database), audit: foundation.audit, clock: foundation.clock, logger: logger,
            groupingWindow: settings.alertGrouping, followUp: queue)
        runner = DetectionRunner(
            detection: detection.service, alerts: alerts, events: monitoring.events, inventory: foundation.inventory,
            store: detection.store, feed: monitoring.committed, metrics: metrics, clock: foundation.clock, logger: logger)
        let playbooks = PlaybookLibrary(directory: settings.playbookDirectory ?? foundation.settings.storage.path("playbooks"))
        for error in playbooks.errors { logger.error("playbook left out", metadata: ["error": "\(error)"]) }
        let auth = foundation.auth
        let notifier = CaseNotifier(
            webhooks: settings.webhooks, transport: webhooks, mail: foundation.mail, from: foundation.settings.mailFrom,
            teamRecipients: settings.email?.recipients ?? [],
            addressOf: { username in (try? await auth.requireUser(username: username))?.email }, logger: logger)
        caseStore = SQLCaseStore(database: foundation.database)
        cases = CaseService(
            store: caseStore, alerts: alerts, audit: foundation.audit, clock: foundation.clock,
            logger: logger, settings: settings.cases, playbooks: playbooks,
            evidenceFiles: settings.evidenceDirectory.map { DirectoryEvidenceStore(directory: $0) }
                ?? SQLEvidenceStore(database: foundation.database, legacyDirectory: foundation.settings.storage.path("evidence")),
            transport: actions,
            context: PlatformObservableContext(events: monitoring.events, alerts: alerts, detection: detection.service, clock: foundation.clock),
            notifier: notifier)
        let alertNotifier =
            settings.webhooks.isEmpty && (settings.email == nil || foundation.mail == nil)
            ? nil
            : WebhookNotifier(webhooks: settings.webhooks, transport: webhooks, email: settings.email, mail: foundation.mail, logger: logger)
        let automation = settings.automation.isEmpty ? nil : CaseAutomation(rules: settings.automation, cases: cases, logger: logger)
        if let file = settings.automationFile, automation != nil {
            logger.info("case automation", metadata: ["rules": "\(settings.automation.count)", "file": "\(file)"])
        }
        followUp = AlertFollowUp(queue: queue, notifier: alertNotifier, automation: automation)
        web = [
            IncidentsWeb(
                alerts: alerts, cases: cases, events: monitoring.service, detection: detection.service, inventory: foundation.inventory,
                users: foundation.auth,
                clock: foundation.clock)
        ]
    }

    /// Stopped in reverse order: detection (right after the pipeline, which has ended its feed), the clocks, then
    /// the follow-up queue with what detection raised last.
    func services(_ context: ServiceContext) throws -> [any Service] {
        [followUp, CaseHousekeeping(cases: cases, metrics: context.metrics, logger: context.logger), DetectionRunnerService(runner: runner)]
    }

    /// Runs detection over the demo's events (the alerts), triages a few alerts, and works the demo's cases.
    func loadDemo(_ demo: DemoContext) async throws {
        await runner.start()
        try await DemoDetection.triage(alerts)
        try await DemoIncidents.load(into: self, now: demo.now)
    }
}

/// Takes alerts off the follow-up queue: notifications first, then case automation. On shutdown it closes the
/// queue and finishes what is on it (detection, stopped before it, has raised its last alerts).
public struct AlertFollowUp: Service {
    public let queue: BoundedQueue<[RaisedAlert]>
    let notifier: WebhookNotifier?
    let automation: CaseAutomation?

    public func run() async throws {
        await withGracefulShutdownHandler {
            while let raised = await queue.next() { await handle(raised) }
        } onGracefulShutdown: {
            Task { await queue.close() }
        }
    }

    func handle(_ raised: [RaisedAlert]) async {
        await notifier?.notify(raised)
        await automation?.handle(raised)
    }
}

/// Checks SLA and regulatory clocks of open cases every minute, and publishes the open cases as Prometheus gauges
/// (`bulwark_cases_open{severity,status}`, `bulwark_cases_sla_breached`, `bulwark_cases_regulatory_at_risk`).
struct CaseHousekeeping: Service {
    let cases: CaseService
    let metrics: any MetricsFactory
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let sent = try await cases.checkClocks()
                    if !sent.isEmpty { logger.notice("case clocks", metadata: ["notices": "\(sent.count)"]) }
                    try await Self.publish(cases, metrics)
                } catch {
                    logger.warning("case clock check failed", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: .seconds(60))
            }
        }
    }

    /// Sets the case gauges from the open cases (every severity and phase, zero included, so that series do not vanish).
    static func publish(_ cases: CaseService, _ metrics: any MetricsFactory) async throws {
        let open = try await cases.openCases()
        let now = cases.clock.now()
        for severity in Severity.allCases {
            for status in CaseQuery.openStatuses {
                Gauge(label: "bulwark_cases_open", dimensions: [("severity", severity.rawValue), ("status", status.rawValue)], factory: metrics)
                    .record(open.filter { $0.severity == severity && $0.status == status }.count)
            }
        }
        Gauge(label: "bulwark_cases_sla_breached", factory: metrics).record(open.filter { $0.breachesSLA(now: now) }.count)
        Gauge(label: "bulwark_cases_regulatory_at_risk", factory: metrics).record(
            open.filter { $0.hasRegulatoryRisk(cases.settings.regulatory, now: now) }.count)
    }
}
