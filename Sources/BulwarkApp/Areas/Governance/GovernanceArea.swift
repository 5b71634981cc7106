// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Governance
import Incidents
import Logging
import Metrics
import Monitoring
import Outbound
import ServiceLifecycle
import Storage
import Web

/// Access governance of the organisation's systems: identity sources and their imports, accounts linked to the
/// people inventory, and the risky access found in them.
public struct GovernanceArea: AreaModule {
    public let service: GovernanceService
    public let web: [any WebArea]
    /// The stored events whose successful logins give accounts their last use, and the alerts a risky one raises.
    let events: any EventStore
    let alerts: AlertService
    /// Where campaign reminders and escalations go (nil without `--smtp`).
    let mail: ReviewMail?

    init(_ settings: GovernanceService.Settings, foundation: FoundationArea, monitoring: MonitoringArea, incidents: IncidentsArea) {
        events = monitoring.events
        alerts = incidents.alerts
        mail = foundation.mail.map { ReviewMail(transport: $0, from: foundation.settings.mailFrom) }
        service = GovernanceService(
            store: SQLGovernanceStore(database: foundation.database, secrets: foundation.secrets),
            directory: InventoryGovernanceDirectory(inventory: foundation.inventory, clock: foundation.clock), audit: foundation.audit,
            clock: foundation.clock, settings: settings, directoryReader: LDAPDirectoryReader())
        let clock = foundation.clock
        web = [GovernanceWeb(governance: service, events: monitoring.events, now: { clock.now() })]
    }

    func services(_ context: ServiceContext) throws -> [any Service] {
        [
            BackgroundPass.governance(service, mail: mail, metrics: context.metrics, logger: context.logger),
            BackgroundPass(name: "access logins", interval: 30, logger: context.logger) {
                let outcome = try await GovernanceLogins.follow(service, events: events, alerts: alerts)
                return outcome.logins == 0 ? nil : ["logins": "\(outcome.logins)", "alerts": "\(outcome.alerts)"]
            },
            BackgroundPass(name: "directory syncs", interval: 60, logger: context.logger) {
                let synced = try await GovernanceSyncs.run(service, logger: context.logger)
                return synced == 0 ? nil : ["synced": "\(synced)"]
            },
        ]
    }

    func loadDemo(_ demo: DemoContext) async throws {
        try await DemoGovernance.load(into: service, now: demo.now)
    }
}

extension BackgroundPass {
    /// Every minute: mails the reminders and escalations that are due (with `--smtp`), closes the access reviews past
    /// their due date and grace days (the default outcome for what nobody decided, the next round of a recurring one),
    /// and publishes `bulwark_access_findings{type,state}` (every type and state, zero
    /// included, so that series do not vanish) and `bulwark_access_review_items_pending`.
    static func governance(_ governance: GovernanceService, mail: ReviewMail?, metrics: any MetricsFactory, logger: Logger) -> BackgroundPass {
        BackgroundPass(name: "access reviews", interval: 60, logger: logger) {
            var mailed = GovernanceService.ReminderOutcome()
            if let mail { mailed = try await governance.remindReviewers(mail) }
            let closed = try await governance.closeDueReviews()
            try await publish(governance, metrics)
            let quiet = closed == 0 && mailed == GovernanceService.ReminderOutcome()
            return quiet
                ? nil
                : [
                    "closed_reviews": "\(closed)", "reminders": "\(mailed.reminded)", "escalations": "\(mailed.escalated)",
                    "mail_failures": "\(mailed.failed)",
                ]
        }
    }

    static func publish(_ governance: GovernanceService, _ metrics: any MetricsFactory) async throws {
        let counts = try await governance.findingCounts()
        for type in AccessFindingType.allCases {
            for state in AccessFindingState.allCases {
                Gauge(label: "bulwark_access_findings", dimensions: [("type", type.rawValue), ("state", state.rawValue)], factory: metrics)
                    .record(counts[type]?[state] ?? 0)
            }
        }
        let pending = try await governance.reviews().filter { $0.review.closedAt == nil }.reduce(0) { $0 + $1.progress.items - $1.progress.decided }
        Gauge(label: "bulwark_access_review_items_pending", factory: metrics).record(pending)
    }
}

/// The scheduled directory syncs: every source whose `sync_minutes` have passed since its last import is read again.
/// One source's failure is logged and kept on the source (its page shows it) and does not stop the others.
enum GovernanceSyncs {
    static func run(_ governance: GovernanceService, logger: Logger) async throws -> Int {
        var synced = 0
        for source in try await governance.dueDirectorySyncs() {
            do {
                let record = try await governance.syncDirectory(sourceID: source.id, by: .system)
                synced += 1
                logger.info(
                    "directory synced",
                    metadata: ["source": "\(source.name)", "accounts": "\(record.accounts)", "left_out": "\(record.rejected.count)"])
            } catch {
                logger.warning("directory sync failed", metadata: ["source": "\(source.name)", "error": "\(error)"])
            }
        }
        return synced
    }
}

/// Governance's view of the stored events: every successful login (sshd, sudo and su on Linux; Windows logons,
/// explicit logons and Kerberos tickets) after governance's own checkpoint is given to ``GovernanceService`` for the
/// accounts' last use, and a login by an orphaned or leaver account is raised as a high alert (critical when the
/// account is privileged), with the event, the account and why.
enum GovernanceLogins {
    /// Most events read in one pass; the next pass goes on from there.
    static let passLimit = 200_000
    /// Where a first pass starts: the latest events, as detection's catch-up does.
    static let firstLookBack: Int64 = 500_000
    static let domainLogons: Set<String> = ["4624", "4648", "4768", "4776"]

    static func follow(_ governance: GovernanceService, events: any EventStore, alerts: AlertService) async throws -> (logins: Int, alerts: Int) {
        let last = try await events.lastID()
        var after = try await governance.loginCheckpoint() ?? max(0, last - firstLookBack)
        var read = 0
        var logins = 0
        var raised = 0
        while after < last, read < passLimit {
            let batch = try await events.events(after: after, limit: 2000)
            guard let end = batch.last?.id else { break }
            let seen = batch.compactMap(observation)
            logins += seen.count
            let risky = try await governance.recordLogins(seen)
            if !risky.isEmpty {
                let byID = Dictionary(batch.map { ($0.id, $0.event) }, uniquingKeysWith: { first, _ in first })
                _ = try await alerts.raise(risky.map { signal($0, event: byID[$0.login.eventID]) })
                raised += risky.count
            }
            try await governance.setLoginCheckpoint(end)
            after = end
            read += batch.count
        }
        return (logins, raised)
    }

    /// A successful login, or nil: an authentication event that succeeded and names its user.
    static func observation(_ stored: StoredEvent) -> LoginObservation? {
        let fields = stored.event.fields
        guard fields["event.outcome"]?.text == "success", let user = stored.event.subjectUser else { return nil }
        let categories: [String]
        switch fields["event.category"] {
        case .list(let values): categories = values.map(\.text)
        case let value?: categories = [value.text]
        case nil: categories = []
        }
        guard categories.contains("authentication") else { return nil }
        return LoginObservation(
            username: user, host: stored.event.host, at: stored.event.timestamp, eventID: stored.id,
            directory: domainLogons.contains(fields["event.code"]?.text ?? ""), sourceIP: fields["source.ip"]?.text ?? "")
    }

    static func signal(_ alert: AccessLoginAlert, event: Event?) -> AlertSignal {
        let what = alert.types.contains(.leaver) ? "a leaver's account" : "an orphaned account"
        let from = alert.login.sourceIP.isEmpty ? "" : " from \(alert.login.sourceIP)"
        return AlertSignal(
            title: "Login by \(what): \(alert.account.username) on \(alert.sourceName)", source: .correlation, ruleID: "bulwark-access-login",
            severity: alert.account.isPrivileged ? .critical : .high, tags: ["attack.initial_access", "attack.t1078", "access-governance"],
            host: alert.login.host, user: alert.account.username, eventIDs: [alert.login.eventID], firstEventAt: alert.login.at,
            context: ["account_id": alert.account.id, "source": alert.sourceName, "findings": alert.types.map(\.rawValue).joined(separator: ",")],
            description: "\(alert.account.username) signed in\(from) at \(Timestamp.format(alert.login.at)), but "
                + alert.reasons.joined(separator: "; ") + ". Access governance: /access/accounts/\(alert.account.id)",
            events: event.map { [MatchedEvent(id: alert.login.eventID, fields: $0.fields.mapValues(\.text))] } ?? [])
    }
}
