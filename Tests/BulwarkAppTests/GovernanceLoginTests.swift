// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Governance
import Incidents
import Logging
import Monitoring
import Testing

@testable import BulwarkApp

/// Last use from the logs, over the demo in a real data directory: the stored sshd login of the orphaned
/// `jdoe-admin` on web-prod-01 becomes the account's last use and raises one critical alert; a second pass, and a
/// login on a host of no governed system, change nothing; a Windows domain logon is the directory account's use.
@Suite struct GovernanceLoginTests {
    @Test func aStoredLoginIsTheAccountsLastUseAndAnOrphansLoginIsAnAlert() async throws {
        try await CommandTests.withDirectory { directory in
            let platform = try await CommandTests.open(directory)
            _ = try await platform.loadDemo()
            let governance = platform.governance.service
            func follow() async throws -> (logins: Int, alerts: Int) {
                try await GovernanceLogins.follow(governance, events: platform.monitoring.events, alerts: platform.incidents.alerts)
            }
            let first = try await follow()
            #expect(first.logins > 80, "sshd, sudo and the domain controllers' logons of the demo's day")
            #expect(first.alerts == 1)
            let alerts = try await platform.incidents.alerts.listAlerts(AlertQuery(ruleID: "bulwark-access-login"), page: PageRequest()).items
            let alert = try #require(alerts.first)
            #expect(alerts.count == 1 && alert.title == "Login by an orphaned account: jdoe-admin on web-prod-01")
            #expect(alert.severity == .critical && alert.host == "web-prod-01" && alert.user == "jdoe-admin", "jdoe-admin is in sudo")
            #expect(alert.description.contains("185.220.101.4"))
            let accounts = try await governance.accounts(AccountQuery(text: "jdoe-admin"), page: PageRequest()).items
            let seen = try #require(accounts.first?.lastSeenInLogsAt)
            #expect(abs(seen.timeIntervalSince(platform.foundation.clock.now()) + 0.3 * 86_400) < 120, "the login of last night")

            // Nothing new: the checkpoint holds.
            #expect(try await follow() == (0, 0))

            // A domain logon names the directory's account; a login on an ungoverned host names none.
            let now = platform.foundation.clock.now()
            try await platform.monitoring.events.append([
                Event(
                    timestamp: now, received: now, host: "dc-01", input: "test", raw: "4624",
                    fields: [
                        "event.code": .string("4624"), "event.category": .list([.string("authentication")]), "event.outcome": .string("success"),
                        "user.name": .string("elena.petrova"),
                    ]),
                Event(
                    timestamp: now, received: now, host: "print-srv-01", input: "test", raw: "sshd",
                    fields: [
                        "event.category": .list([.string("authentication")]), "event.outcome": .string("success"),
                        "user.name": .string("oliver.grant"),
                    ]),
            ])
            #expect(try await follow() == (2, 0))
            let elena = try #require(try await governance.accounts(AccountQuery(text: "elena.petrova"), page: PageRequest()).items.first)
            #expect(elena.lastSeenInLogsAt.map { abs($0.timeIntervalSince(now)) < 1 } == true)
            // She was dormant (130 days): used now, the finding is resolved.
            let dormant = try await governance.findings(AccessFindingQuery(type: .dormant, accountID: elena.id), page: PageRequest()).items
            #expect(dormant.first?.state == .resolved)
            let oliver = try await governance.accounts(AccountQuery(text: "oliver.grant"), page: PageRequest()).items
            #expect(oliver.allSatisfy { $0.lastSeenInLogsAt == nil }, "print-srv-01 is no governed system")
            await platform.close()
        }
    }
}
