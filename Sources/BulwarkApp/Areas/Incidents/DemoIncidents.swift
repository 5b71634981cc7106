// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Detection
import Foundation
import Incidents
import Logging

/// The demo's incident response: the SSH intrusion worked as a case in containment (playbook, evidence, a
/// blocked address approved by a second person, a mention), the laptop's C2 traffic as a phishing case in triage, the
/// privileged-group change as a data breach whose GDPR clock is close to running out, and ten weeks of closed
/// cases so that the metrics page has a history.
enum DemoIncidents {
    static let bastionLog = """
        Nov 28 02:14:07 bastion sshd[4121]: Failed password for deploy from 198.51.100.23 port 51514 ssh2
        Nov 28 02:14:09 bastion sshd[4121]: Failed password for deploy from 198.51.100.23 port 51514 ssh2
        Nov 28 02:14:12 bastion sshd[4121]: Accepted password for deploy from 198.51.100.23 port 51514 ssh2
        Nov 28 02:15:40 bastion sudo:   deploy : TTY=pts/0 ; PWD=/home/deploy ; USER=root ; COMMAND=/bin/bash

        """

    static func load(into area: IncidentsArea, now: Date) async throws {
        let cases = area.cases
        let analyst = AuditActor(username: "analyst", source: "demo")
        let manager = AuditActor(username: "manager", source: "demo")
        let raised = try await area.alerts.listAlerts(AlertQuery(statuses: AlertStatus.allCases), page: PageRequest(limit: 200)).items
        func alerts(rule suffix: String) -> [String] { raised.filter { $0.ruleID?.hasSuffix(suffix) == true }.map(\.id) }
        let intel = raised.filter { $0.source == .intel && $0.title.contains("198.51.100.23") }.map(\.id)

        // 1. The bastion intrusion: brute force, then a root shell; the attacker's address is in the demo feed.
        var bastion = try await cases.create(
            CaseService.NewCase(
                title: "Bastion compromised through SSH brute force",
                description: """
                    The demo attacker **198.51.100.23** guessed the password of `deploy` on the bastion and opened a root shell with sudo.

                    - Scope: bastion only so far; no lateral movement seen in the logs.
                    - The address is in the threat-intelligence feed.
                    """, severity: .critical, tlp: .amber, tags: ["intrusion", "ssh"], assignee: "analyst",
                alertIDs: alerts(rule: "5b02") + alerts(rule: "5b03") + intel), by: analyst)
        _ = try await cases.applyPlaybook(caseID: bastion.id, playbookID: "compromised-account", by: analyst)
        bastion = try await cases.update(id: bastion.id, CaseService.Change(status: .triage), by: analyst)
        let tasks = try await cases.tasks(caseID: bastion.id)
        if let confirm = tasks.first(where: { $0.title.hasPrefix("Confirm with the owner") }) {
            _ = try await cases.updateTask(
                caseID: bastion.id, taskID: confirm.id,
                CaseService.TaskChange(
                    status: .done, owner: "analyst", log: "deploy is a service account; nobody signs in with it interactively. Not the owner."),
                by: analyst)
        }
        if let logs = tasks.first(where: { $0.title.hasPrefix("Collect the sign-in") }) {
            _ = try await cases.addEvidence(
                caseID: bastion.id, taskID: logs.id, fileName: "bastion-auth.log", contentType: "text/plain",
                description: "sshd and sudo lines of the intrusion, copied from /var/log/auth.log", data: Data(bastionLog.utf8), by: analyst)
            _ = try await cases.updateTask(caseID: bastion.id, taskID: logs.id, CaseService.TaskChange(status: .done, owner: "analyst"), by: analyst)
        }
        if let disable = tasks.first(where: { $0.title.hasPrefix("Disable the account") }) {
            _ = try await cases.updateTask(
                caseID: bastion.id, taskID: disable.id, CaseService.TaskChange(status: .inProgress, owner: "engineer"), by: analyst)
        }
        let ip = try await cases.addObservable(
            caseID: bastion.id, type: .ip, value: "198.51.100.23", description: "SSH brute force source", ioc: true, by: analyst)
        // What a configured firewall action leaves on the case (the demo has no firewall to call; see --response-actions).
        let block = ResponseAction(
            id: "block-ip", name: "Block IP at the edge firewall", method: "POST", url: "https://firewall.example.internal/api/v2/blocklist",
            body: #"{"address": "{{value}}", "comment": "Bulwark case {{case}}"}"#, observableTypes: [.ip], requiresApproval: true)
        var run = ActionRun(
            caseID: bastion.id, action: block, observableID: ip.observable.id, input: ip.observable.value, requestedBy: "analyst",
            createdAt: now.addingTimeInterval(-600))
        run.decidedBy = "manager"
        run.decidedAt = now.addingTimeInterval(-300)
        run.request = try block.request(value: ip.observable.value, type: .ip, caseReference: bastion.reference, actor: "analyst", environment: [:])
        run.status = .succeeded
        run.responseStatus = 201
        run.responseBody = #"{"id": 5521, "address": "198.51.100.23", "status": "blocked"}"#
        run.finishedAt = run.decidedAt
        try await area.caseStore.save(run)
        try await area.caseStore.save(
            TimelineEntry(
                caseID: bastion.id, category: .action, eventAt: now.addingTimeInterval(-300), createdAt: now.addingTimeInterval(-300),
                actor: "manager",
                text:
                    "Block IP at the edge firewall on 198.51.100.23 by analyst (approved by manager): POST https://firewall.example.internal/api/v2/blocklist succeeded (HTTP 201)"
            ))
        _ = try await cases.addTimelineEntry(
            caseID: bastion.id, text: "deploy's password last changed 14 months ago; it appears in a public leak list",
            eventAt: now.addingTimeInterval(-30 * 86400), by: analyst)
        _ = try await cases.addComment(
            caseID: bastion.id, text: "@manager the firewall block needs your approval; I asked for it from the Actions section.", by: analyst)
        bastion = try await cases.update(id: bastion.id, CaseService.Change(status: .containment), by: analyst)

        // 2. Phishing: the finance laptop talks to a known C2 after a macro document; the encoded-PowerShell alert
        //    itself is still new in the queue, for the analyst to add.
        let beacons = raised.filter { $0.source == .intel && $0.host == "laptop-fin-014" }.map(\.id)
        if !beacons.isEmpty {
            let phishing = try await cases.create(
                CaseService.NewCase(
                    title: "Finance laptop beaconing to a known C2 after a macro document",
                    description:
                        "The user says the document came by mail from a supplier. The encoded PowerShell alert on the same laptop belongs here too.",
                    tags: ["phishing"], assignee: "analyst", alertIDs: beacons), by: analyst)
            _ = try await cases.applyPlaybook(caseID: phishing.id, playbookID: "phishing", by: analyst)
            _ = try await cases.update(id: phishing.id, CaseService.Change(status: .triage), by: analyst)
            _ = try await cases.addObservable(
                caseID: phishing.id, type: .email, value: "invoices@supplier-payments.example", description: "sender of the document",
                ioc: true, by: analyst)
            _ = try await cases.addObservable(caseID: phishing.id, type: .file, value: "Invoice_Nov.docm", by: analyst)
            _ = try await cases.addObservable(
                caseID: phishing.id, type: .ip, value: "203.0.113.66", description: "C2 server the macro's loader beacons to", ioc: true, by: analyst)
        }

        // 3. A data breach: a privileged group change, then an export of the HR share. The GDPR clock started 50 hours ago.
        var breach = try await cases.create(
            CaseService.NewCase(
                title: "HR share exported after privileged group change",
                description: """
                    After the password spray, an account was added to a privileged group and the HR share (names, addresses, salaries of 1,200 employees) was copied out.
                    """, severity: .critical, tlp: .red, pap: .amber, tags: ["data-breach"], assignee: "manager",
                alertIDs: alerts(rule: "5b05") + alerts(rule: "5b06")), by: manager)
        _ = try await cases.applyPlaybook(caseID: breach.id, playbookID: "data-breach", by: manager)
        breach = try await cases.update(
            id: breach.id, CaseService.Change(status: .triage, regulations: [.gdpr], awareAt: now.addingTimeInterval(-50 * 3600)), by: manager)
        breach = try await cases.update(id: breach.id, CaseService.Change(status: .containment, personIDs: []), by: manager)
        _ = try await cases.link(breach.id, to: bastion.id, by: manager)

        try await history(area, now: now)
    }

    /// Ten weeks of closed cases (created through a clock set in the past), for the metrics.
    static func history(_ area: IncidentsArea, now: Date) async throws {
        let clock = ManualClock(now.addingTimeInterval(-70 * 86400))
        var logger = Logger(label: "demo")
        logger.logLevel = .warning
        let past = CaseService(
            store: area.caseStore, alerts: area.alerts, audit: area.audit, clock: clock, logger: logger,
            settings: area.cases.settings, playbooks: area.cases.playbooks, evidenceFiles: area.cases.evidenceFiles)
        let analyst = AuditActor(username: "analyst", source: "demo")
        let stories: [(String, Severity, String, CloseReason, String, TimeInterval, TimeInterval, TimeInterval)] = [
            (
                "Laptop stolen from a car (sales)", .high, "lost-device", .truePositive,
                "Disk encrypted, key escrowed; wiped remotely on next check-in. Not a breach.", 3600, 1800, 2 * 86400
            ),
            (
                "Volumetric DDoS on the shop", .critical, "ddos", .truePositive, "Scrubbing enabled at the ISP after 40 minutes; no data affected.",
                300, 600, 5 * 3600
            ),
            (
                "Antivirus alert on a test server", .medium, "malware", .falsePositive, "The EICAR test file of a monitoring check.", 7200, 3 * 3600,
                86400
            ),
            (
                "Supplier invoice phishing wave", .high, "phishing", .truePositive,
                "47 recipients, 3 clicked, 1 entered a password (reset). Messages purged, domain blocked.", 1800, 900, 30 * 3600
            ),
            (
                "Impossible travel for a finance user", .medium, "compromised-account", .benign,
                "VPN exit in another country; confirmed with the user.", 4 * 3600, 2 * 3600, 2 * 86400
            ),
            (
                "Ransom note on a file server share", .critical, "ransomware", .truePositive,
                "One share encrypted from a contractor laptop; restored from the nightly backup.", 600, 300, 3 * 86400
            ),
            (
                "Contractor copying the customer list", .high, "insider-threat", .truePositive,
                "HR and legal informed; access removed; the list was recovered.", 12 * 3600, 4 * 3600, 9 * 86400
            ),
            (
                "Mailbox forwarding rule to a free mail address", .high, "compromised-account", .truePositive,
                "Rule removed, password reset, MFA re-registered.", 900, 2400, 20 * 3600
            ),
        ]
        for (index, story) in stories.enumerated() {
            let (title, severity, playbook, resolution, summary, detectAfter, ackAfter, resolveAfter) = story
            let firstEvent = clock.now()
            clock.advance(by: detectAfter)
            let item = try await past.create(
                CaseService.NewCase(title: title, severity: severity, tags: [playbook], firstEventAt: firstEvent), by: analyst)
            _ = try await past.applyPlaybook(caseID: item.id, playbookID: playbook, by: analyst)
            clock.advance(by: ackAfter)
            _ = try await past.update(id: item.id, CaseService.Change(status: .triage, assignee: "analyst"), by: analyst)
            for task in try await past.tasks(caseID: item.id) where task.requiredEvidence.isEmpty {
                _ = try await past.updateTask(caseID: item.id, taskID: task.id, CaseService.TaskChange(status: .done), by: analyst)
            }
            clock.advance(by: resolveAfter)
            var lessons = ""
            if index % 3 == 0 {
                lessons =
                    "- Write down who can approve an emergency block outside office hours.\n- The playbook's first task took longest: automate the log export."
            }
            _ = try await past.update(
                id: item.id, CaseService.Change(status: .closed, resolution: resolution, summary: summary, lessonsLearned: lessons), by: analyst)
            clock.advance(by: 7 * 86400 - detectAfter - ackAfter - resolveAfter)
        }
    }
}
