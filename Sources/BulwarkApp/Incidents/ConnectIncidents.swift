import BulwarkCore
import Detection
import Foundation
import Incidents
import Logging
import Metrics
import Monitoring
import ServiceLifecycle

/// Wires cases to the rest of the platform: observables from events and intelligence, notices to the webhooks and
/// mail of the alert settings (and to each user's address), automation rules on new alerts. Answers the automation
/// (nil without rules) so that tests can wait for it.
@discardableResult
public func connectIncidents(platform: Platform, monitoring: MonitoringService, detection: DetectionService, settings: ServerSettings,
                             transport: any WebhookTransport = URLSessionWebhookTransport(), mail: (any MailTransport)?, logger: Logger) throws -> CaseAutomation? {
    let cases = platform.cases
    cases.connect(context: PlatformObservableContext(events: monitoring.store, alerts: platform.alerts, detection: detection, clock: platform.clock))
    let auth = platform.auth
    let notifier = CaseNotifier(webhooks: settings.webhooks, transport: transport, mail: mail, from: settings.mailFrom,
                                teamRecipients: settings.email?.recipients ?? [],
                                addressOf: { username in (try? await auth.users.get(username: username)).flatMap { $0 }.map(\.email) }, logger: logger)
    cases.connect(notifier: notifier)
    guard let path = settings.incidents.automationFile else { return nil }
    guard let data = FileManager.default.contents(atPath: path) else { throw SettingsError("--case-automation: cannot read \(path)") }
    let rules: [AutomationRule]
    do { rules = try AutomationRule.parse(String(decoding: data, as: UTF8.self), path: path, playbooks: cases.playbooks) } catch {
        throw SettingsError("--case-automation: \(error)")
    }
    let automation = CaseAutomation(rules: rules, cases: cases, logger: logger)
    platform.alerts.onRaised { results in await automation.handle(results) }
    logger.info("case automation", metadata: ["rules": "\(rules.count)", "file": "\(path)"])
    return automation
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
        Gauge(label: "bulwark_cases_regulatory_at_risk", factory: metrics).record(open.filter { $0.hasRegulatoryRisk(cases.settings.regulatory, now: now) }.count)
    }
}
