// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Logging

/// Runs the automation rules on new alerts: the first matching rule acts.
public actor CaseAutomation {
    let rules: [AutomationRule]
    let cases: CaseService
    let logger: Logger
    public private(set) var handled = 0

    public init(rules: [AutomationRule], cases: CaseService, logger: Logger) {
        self.rules = rules
        self.cases = cases
        self.logger = logger
    }

    public func handle(_ results: [RaisedAlert]) async {
        for raised in results where raised.created {
            let alert = raised.alert
            guard let rule = rules.first(where: { $0.matches(alert) }) else { continue }
            do {
                try await apply(rule, alert, events: raised.events)
                handled += 1
            } catch {
                logger.error("automation rule failed", metadata: ["rule": "\(rule.name)", "alert": "\(alert.id)", "error": "\(error)"])
            }
        }
    }

    private func apply(_ rule: AutomationRule, _ alert: Alert, events: [MatchedEvent]) async throws {
        let actor = AuditActor(username: "automation:\(rule.name)", source: AuditActor.system.source)
        let key = rule.groupKey(alert)
        if rule.extend,
            let open = try await cases.listCases(CaseQuery(statuses: CaseQuery.openStatuses, automationKey: key), page: PageRequest(limit: 1)).items
                .first
        {
            _ = try await cases.addAlerts(caseID: open.id, alertIDs: [alert.id], matched: [alert.id: events], by: actor)
            return
        }
        let title = rule.groupBy == .host && !alert.host.isEmpty && rule.extend ? "\(alert.title) on \(alert.host)" : alert.title
        var item = try await cases.create(
            CaseService.NewCase(
                title: String(title.prefix(CaseService.maximumTitleLength)),
                description: "Opened by the automation rule **\(rule.name)**.\n\n\(alert.description)",
                severity: rule.severity ?? alert.severity, assignee: rule.assign, alertIDs: [alert.id]),
            matched: [alert.id: events], by: actor, automationKey: rule.extend ? key : nil)
        if let playbook = rule.playbook { _ = try await cases.applyPlaybook(caseID: item.id, playbookID: playbook, by: actor) }
        item = try await cases.get(item.id)
        if rule.notify { await cases.notify(.opened, item, to: [], "Automation rule \"\(rule.name)\" opened \(item.reference): \(item.title)") }
    }
}
