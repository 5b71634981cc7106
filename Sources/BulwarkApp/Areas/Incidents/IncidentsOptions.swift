// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import BulwarkCore
import Foundation
import Incidents

/// The flags of alerts and incident response: grouping and notification of alerts, case SLAs and deadlines,
/// playbooks, automation, response actions, evidence size.
struct IncidentsOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Matches of one rule for the same host and user within this window grow one alert (default 1h; env BULWARK_ALERT_GROUPING).",
            valueName: "DURATION"))
    var alertGrouping: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "POST each new alert as JSON to this URL, signed with HMAC-SHA256 (X-Bulwark-Signature) using the secret in env BULWARK_WEBHOOK_SECRET; repeatable (env BULWARK_WEBHOOK_URL).",
            valueName: "URL"))
    var webhook: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Only alerts at or above this severity go to webhooks (default medium; env BULWARK_WEBHOOK_MIN_SEVERITY).", valueName: "LEVEL"))
    var webhookMinSeverity: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Mail new alerts to this address, repeatable; needs --smtp (env BULWARK_ALERT_EMAIL, comma-separated).", valueName: "ADDRESS"))
    var alertEmail: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp("Only alerts at or above this severity are mailed (default high; env BULWARK_EMAIL_MIN_SEVERITY).", valueName: "LEVEL"))
    var emailMinSeverity: String?

    @Option(
        name: .customLong("case-sla"),
        help: ArgumentHelp(
            "Case targets by severity: time to acknowledge/time to resolve, e.g. critical=15m/24h,high=1h/3d (default critical=15m/24h, high=1h/72h, medium=4h/7d, low=24h/30d, informational=72h/90d; env BULWARK_CASE_SLA).",
            valueName: "LIST"))
    var caseSla: String?

    @Option(
        name: .customLong("pci-deadline"),
        help: ArgumentHelp(
            "Time to notify card brands and acquirer of a cardholder-data breach, as your incident response plan says (default 24h; env BULWARK_PCI_DEADLINE). GDPR (72h) and HIPAA (60d) are fixed by law.",
            valueName: "DURATION"))
    var pciDeadline: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Directory of your own playbook YAML files, added to the bundled ones (default DATA/playbooks; env BULWARK_PLAYBOOKS).", valueName: "DIR")
    )
    var playbooks: String?

    @Option(
        name: .customLong("case-automation"),
        help: ArgumentHelp(
            "YAML rules that open or extend cases from new alerts, apply playbooks, assign and notify (env BULWARK_CASE_AUTOMATION).",
            valueName: "FILE"))
    var caseAutomation: String?

    @Option(
        name: .customLong("response-actions"),
        help: ArgumentHelp(
            "YAML file of HTTP response actions analysts can run from a case (block an IP, disable an account…), optionally with a second person's approval (env BULWARK_RESPONSE_ACTIONS).",
            valueName: "FILE"))
    var responseActions: String?

    @Option(
        name: .customLong("evidence-dir"),
        help: ArgumentHelp(
            "Keep evidence files in this directory instead of the database; every node must see the same directory (env BULWARK_EVIDENCE_DIR).",
            valueName: "DIR"))
    var evidenceDir: String?

    @Option(
        name: .customLong("evidence-max-size"),
        help: ArgumentHelp("Largest evidence file accepted, e.g. 100MB (default 100MB; env BULWARK_EVIDENCE_MAX_SIZE).", valueName: "SIZE"))
    var evidenceMaxSize: String?

    func settings(environment: Environment, foundation: FoundationArea.Settings) throws -> IncidentsArea.Settings {
        var settings = IncidentsArea.Settings()
        if let text = alertGrouping ?? environment["BULWARK_ALERT_GROUPING"] {
            settings.alertGrouping = try ServerSettings.parseDuration(text, flag: "--alert-grouping")
        }
        try notifications(&settings, environment: environment, foundation: foundation)
        if let text = caseSla ?? environment["BULWARK_CASE_SLA"] {
            do { settings.cases.sla = try CaseSLAPolicy.parse(text) } catch { throw SettingsError("--case-sla: \(error)") }
        }
        if let text = pciDeadline ?? environment["BULWARK_PCI_DEADLINE"] {
            settings.cases.regulatory.pciDeadline = try ServerSettings.parseDuration(text, flag: "--pci-deadline")
        }
        settings.playbookDirectory = playbooks ?? environment["BULWARK_PLAYBOOKS"]
        if let directory = settings.playbookDirectory, !FileManager.default.fileExists(atPath: directory) {
            throw SettingsError("--playbooks: \(directory) does not exist")
        }
        if let path = caseAutomation ?? environment["BULWARK_CASE_AUTOMATION"] {
            let text = try ServerSettings.readConfigFile(path, flag: "--case-automation")
            let library = PlaybookLibrary(directory: settings.playbookDirectory ?? foundation.storage.path("playbooks"))
            do { settings.automation = try AutomationRule.parse(text, path: path, playbooks: library) } catch {
                throw SettingsError("--case-automation: \(error)")
            }
            settings.automationFile = path
        }
        if let path = responseActions ?? environment["BULWARK_RESPONSE_ACTIONS"] {
            let text = try ServerSettings.readConfigFile(path, flag: "--response-actions")
            do { settings.cases.actions = try ResponseAction.parse(text, path: path) } catch {
                throw SettingsError("--response-actions: \(error)")
            }
        }
        // Response actions' headers may name the server's variables (`${FIREWALL_TOKEN}`).
        settings.cases.actionEnvironment = environment.values
        settings.evidenceDirectory = evidenceDir ?? environment["BULWARK_EVIDENCE_DIR"]
        if let text = evidenceMaxSize ?? environment["BULWARK_EVIDENCE_MAX_SIZE"] {
            let size = try ServerSettings.parseSize(text, flag: "--evidence-max-size")
            guard size <= 4 << 30 else { throw SettingsError("--evidence-max-size: at most 4GB") }
            settings.cases.maximumEvidenceBytes = Int(size)
        }
        return settings
    }

    private func notifications(_ settings: inout IncidentsArea.Settings, environment: Environment, foundation: FoundationArea.Settings) throws {
        func severity(_ text: String?, _ flag: String, default value: Severity) throws -> Severity {
            guard let text else { return value }
            guard let parsed = Severity(rawValue: text.lowercased()) else {
                throw SettingsError("\(flag): '\(text)' is not one of informational, low, medium, high, critical")
            }
            return parsed
        }
        let minimum = try severity(webhookMinSeverity ?? environment["BULWARK_WEBHOOK_MIN_SEVERITY"], "--webhook-min-severity", default: .medium)
        for url in webhook.isEmpty ? (environment["BULWARK_WEBHOOK_URL"].map { [$0] } ?? []) : webhook {
            guard let parsed = URL(string: url), parsed.scheme == "http" || parsed.scheme == "https", parsed.host != nil else {
                throw SettingsError("--webhook: '\(url)' is not an http(s) URL")
            }
            settings.webhooks.append(WebhookSettings(url: url, secret: environment["BULWARK_WEBHOOK_SECRET"], minimumSeverity: minimum))
        }
        let recipients = alertEmail.isEmpty ? environment.list("BULWARK_ALERT_EMAIL") : alertEmail
        if !recipients.isEmpty {
            guard foundation.smtpURL != nil else { throw SettingsError("--alert-email: needs --smtp URL (the server that sends the mail)") }
            for address in recipients where !address.contains("@") { throw SettingsError("--alert-email: '\(address)' is not an email address") }
            let lowest = try severity(emailMinSeverity ?? environment["BULWARK_EMAIL_MIN_SEVERITY"], "--email-min-severity", default: .high)
            settings.email = EmailSettings(recipients: recipients, from: foundation.mailFrom, minimumSeverity: lowest)
        }
    }
}
