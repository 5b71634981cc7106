import BulwarkCore
import Detection
import Foundation
import Incidents
import Logging
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

/// Checks SLA and regulatory clocks of open cases every minute.
struct CaseHousekeeping: Service {
    let cases: CaseService
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let sent = try await cases.checkClocks()
                    if !sent.isEmpty { logger.notice("case clocks", metadata: ["notices": "\(sent.count)"]) }
                } catch {
                    logger.warning("case clock check failed", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: .seconds(60))
            }
        }
    }
}
