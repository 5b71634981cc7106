// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Incidents
import Logging
import BulwarkTesting
import Testing
@testable import Storage

/// Alerts on every database, through the service: grouping within the window, suppression, the workflow and its
/// timestamps (MTTA), comments, and the queue's filters and pages.
@Suite struct AlertServiceTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    final class Log: AuditLog, @unchecked Sendable {
        let lock = NSLock()
        var entries: [AuditEntry] = []
        func record(_ entry: AuditEntry) async throws { lock.withLock { entries.append(entry) } }
        func list(_ query: AuditQuery, page: PageRequest) async throws -> Page<AuditEntry> { Page(items: lock.withLock { entries }, next: nil) }
    }

    static func signal(
        _ rule: String = "r1", host: String = "pc-1", user: String = "bob", at offset: TimeInterval, event: Int64, severity: Severity = .high
    ) -> AlertSignal {
        AlertSignal(
            title: "Rule \(rule)", source: .sigma, ruleID: rule, severity: severity, tags: ["attack.t1059"], host: host, user: user,
            eventIDs: [event], firstEventAt: start.addingTimeInterval(offset))
    }

    @Test(arguments: TestDatabases.kinds)
    func groupingGrowsOneAlertWithinTheWindow(_ kind: Database.Dialect) async throws {
        try await TestDatabases.with(kind) { database in
            let clock = ManualClock(Self.start)
            let service = AlertService(
                store: SQLAlertStore(database: database), audit: Log(), clock: clock, logger: TestDatabases.logger, groupingWindow: 3600)
            let first = try await service.raise([
                Self.signal(at: 0, event: 1), Self.signal(at: 10, event: 2), Self.signal(host: "pc-2", at: 20, event: 3),
            ])
            #expect(first.filter(\.created).count == 2)
            let grown = try await service.raise([Self.signal(host: "PC-1", user: "BOB", at: 1800, event: 4, severity: .critical)])
            #expect(grown.first?.created == false)
            #expect(grown.first?.alert.count == 3)
            #expect(grown.first?.alert.eventIDs == [1, 2, 4])
            #expect(grown.first?.alert.severity == .critical)
            // Past the window after the last event: a new alert.
            let later = try await service.raise([Self.signal(at: 1800 + 3601, event: 5)])
            #expect(later.first?.created == true)
            // A closed alert is never grown.
            clock.advance(by: 60)
            let id = later.first!.alert.id
            _ = try await service.update(
                id: id, AlertService.Change(status: .closed, closeReason: .falsePositive), by: AuditActor(username: "ann", source: "test"))
            let afterClose = try await service.raise([Self.signal(at: 1800 + 3602, event: 6)])
            #expect(afterClose.first?.created == true)
            let open = try await service.listAlerts(AlertQuery(statuses: [.new, .acknowledged]), page: PageRequest(limit: 10))
            #expect(open.items.count == 3)
        }
    }

    @Test(arguments: TestDatabases.kinds)
    func workflowStampsTimesAndRefusesBadTransitions(_ kind: Database.Dialect) async throws {
        try await TestDatabases.with(kind) { database in
            let clock = ManualClock(Self.start)
            let log = Log()
            let service = AlertService(store: SQLAlertStore(database: database), audit: log, clock: clock, logger: TestDatabases.logger)
            let alert = try await service.raise([Self.signal(at: 0, event: 1)]).first!.alert
            let ann = AuditActor(username: "ann", source: "test")
            clock.advance(by: 120)
            let acknowledged = try await service.update(id: alert.id, AlertService.Change(status: .acknowledged, assignee: "ann"), by: ann)
            #expect(acknowledged.acknowledgedAt == Self.start.addingTimeInterval(120))
            #expect(acknowledged.assignee == "ann")
            await #expect(throws: CoreError.self) { try await service.update(id: alert.id, AlertService.Change(status: .new), by: ann) }
            await #expect(throws: CoreError.self) { try await service.update(id: alert.id, AlertService.Change(status: .closed), by: ann) }
            do {
                _ = try await service.update(id: alert.id, AlertService.Change(status: .new), by: ann)
            } catch let error as CoreError {
                #expect(error.description.contains("allowed: closed"))
            }
            clock.advance(by: 60)
            let closed = try await service.update(
                id: alert.id, AlertService.Change(status: .closed, closeReason: .truePositive, comment: "contained"), by: ann)
            #expect(closed.closedAt == Self.start.addingTimeInterval(180))
            #expect(closed.closeReason == .truePositive)
            let comments = try await service.comments(alertID: alert.id)
            #expect(comments.map(\.text) == ["contained"])
            let reopened = try await service.update(id: alert.id, AlertService.Change(status: .acknowledged), by: ann)
            #expect(reopened.closedAt == nil && reopened.closeReason == nil)
            #expect(reopened.acknowledgedAt == Self.start.addingTimeInterval(120))
            let stored = try await service.findAlert(id: alert.id)
            #expect(stored?.status == .acknowledged)
            #expect(log.entries.map(\.action).filter { $0.hasPrefix("alert.") } == ["alert.update", "alert.update", "alert.comment", "alert.update"])
        }
    }

    @Test(arguments: TestDatabases.kinds)
    func suppressionsDropAndCountMatches(_ kind: Database.Dialect) async throws {
        try await TestDatabases.with(kind) { database in
            let clock = ManualClock(Self.start)
            let service = AlertService(store: SQLAlertStore(database: database), audit: Log(), clock: clock, logger: TestDatabases.logger)
            let ann = AuditActor(username: "ann", source: "test")
            await #expect(throws: CoreError.self) {
                try await service.createSuppression(ruleID: nil, host: nil, user: nil, reason: "all", expiresAt: nil, by: ann)
            }
            await #expect(throws: CoreError.self) {
                try await service.createSuppression(ruleID: "r1", host: nil, user: nil, reason: " ", expiresAt: nil, by: ann)
            }
            let suppression = try await service.createSuppression(
                ruleID: "r1", host: "pc-1", user: nil, reason: "patch window", expiresAt: Self.start.addingTimeInterval(600), by: ann)
            let raised = try await service.raise([
                Self.signal(at: 0, event: 1), Self.signal(at: 1, event: 2), Self.signal(host: "pc-9", at: 2, event: 3),
            ])
            #expect(raised.map(\.alert.host) == ["pc-9"])
            #expect(try await service.listSuppressions().first?.hits == 2)
            clock.advance(by: 601)
            #expect(try await service.raise([Self.signal(at: 700, event: 4)]).count == 1)
            try await service.deleteSuppression(id: suppression.id, by: ann)
            #expect(try await service.listSuppressions().isEmpty)
        }
    }

    @Test(arguments: TestDatabases.kinds)
    func queueFiltersPagesAndCounts(_ kind: Database.Dialect) async throws {
        try await TestDatabases.with(kind) { database in
            let clock = ManualClock(Self.start)
            let service = AlertService(store: SQLAlertStore(database: database), audit: Log(), clock: clock, logger: TestDatabases.logger)
            var signals: [AlertSignal] = []
            for index in 0..<25 {
                signals.append(
                    Self.signal(
                        "r\(index % 5)", host: "host-\(index)", at: Double(index), event: Int64(index), severity: index % 2 == 0 ? .high : .low))
            }
            _ = try await service.raise(signals)
            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try await service.listAlerts(AlertQuery(), page: PageRequest(limit: 10, cursor: cursor))
                seen += page.items.map(\.host)
                cursor = page.next
            } while cursor != nil
            #expect(seen.count == 25 && Set(seen).count == 25)
            #expect(seen.first == "host-24")
            #expect(try await service.listAlerts(AlertQuery(severities: [.high]), page: PageRequest()).items.count == 13)
            #expect(try await service.listAlerts(AlertQuery(ruleID: "r3"), page: PageRequest()).items.count == 5)
            #expect(try await service.countAlerts(AlertQuery(severities: [.high])) == 13, "the count of what the listing finds")
            #expect(try await service.countAlerts(AlertQuery(ruleID: "r3")) == 5)
            #expect(try await service.countAlerts(AlertQuery(ruleID: "none")) == 0)
            #expect(try await service.listAlerts(AlertQuery(host: "HOST-7"), page: PageRequest()).items.map(\.host) == ["host-7"])
            #expect(try await service.listAlerts(AlertQuery(text: "Rule r4"), page: PageRequest()).items.count == 5)
            let counts = try await service.counts(since: Self.start.addingTimeInterval(-1))
            #expect(counts.openBySeverity[.high] == 13 && counts.openBySeverity[.low] == 12 && counts.new == 25 && counts.last24Hours == 25)
        }
    }
}
