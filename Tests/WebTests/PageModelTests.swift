// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkApp
import BulwarkCore
import BulwarkTesting
import Foundation
import Governance
import Incidents
import Inventory
import Testing
import Vulnerabilities

@testable import Web

/// Page models loaded from the services over the demo's data, for one principal, and their views rendered: what a
/// page shows is decided in the model and testable without HTTP.
@Suite struct PageModelTests {
    func principal(_ harness: Harness, _ role: Role) async throws -> Principal {
        try #require(try await harness.platform.foundation.auth.authenticate(token: try await harness.token(role, username: "page-\(role.rawValue)")))
    }

    @Test func findingsAreRankedByRiskAndWhatARoleMayDoDecidesTheControls() async throws {
        try await Harness.with { harness in
            _ = try await harness.platform.loadDemo()
            let service = harness.platform.vulnerabilities.service
            let link = PageLink(path: "/vulnerabilities", query: "kev=true&cursor=abc")
            let manager = try await FindingsPage.load(
                service, inventory: harness.platform.foundation.inventory, query: FindingQuery(kev: true), page: PageRequest(), link: link,
                principal: try await principal(harness, .manager),
                csrf: "t",
                now: harness.clock.now())
            #expect(!manager.findings.isEmpty && manager.findings.allSatisfy(\.kev))
            #expect(manager.findings.allSatisfy { manager.assets[$0.assetID] != nil }, "each finding's asset, for its exposure")
            #expect(manager.findings.map(\.risk) == manager.findings.map(\.risk).sorted(by: >), "riskiest first")
            #expect(manager.canWrite && manager.canAccept)
            #expect(manager.export("csv") == "/api/v1/findings/export?kev=true&format=csv", "the filters, not the cursor")
            let html = manager.render().html
            #expect(html.contains(#"name="ids""#) && html.contains("risk_accepted"))
            let auditor = try await FindingsPage.load(
                service, inventory: harness.platform.foundation.inventory, query: FindingQuery(kev: true), page: PageRequest(), link: link,
                principal: try await principal(harness, .auditor),
                csrf: "t",
                now: harness.clock.now())
            #expect(!auditor.canWrite)
            #expect(!auditor.render().html.contains(#"name="ids""#), "no bulk selection for a role that cannot change findings")
        }
    }

    @Test func whatWasTypedIntoAFilterComesBackEscaped() async throws {
        try await Harness.with { harness in
            let link = PageLink(path: "/alerts", query: "host=%3Cscript%3Ealert(1)%3C%2Fscript%3E&status=closed")
            let page = try await AlertQueuePage.load(
                harness.platform.incidents.alerts, query: AlertQuery(statuses: [.closed], host: "<script>alert(1)</script>"), page: PageRequest(),
                link: link, principal: try await principal(harness, .analyst), csrf: "t", now: harness.clock.now())
            let html = page.render().html
            #expect(html.contains(#"value="&lt;script&gt;alert(1)&lt;/script&gt;""#))
            #expect(!html.contains("<script>"))
            #expect(html.contains(#"<option value="closed" selected>closed</option>"#))
            #expect(html.contains("No alerts match."))
        }
    }

    @Test func aCasePageHasEverythingItShowsBeforeItRenders() async throws {
        try await Harness.with { harness in
            _ = try await harness.platform.loadDemo()
            let cases = harness.platform.incidents.cases
            let open = try await cases.listCases(CaseQuery(), page: PageRequest())
            let item = try #require(open.items.first { !$0.alertIDs.isEmpty })
            let page = try await CasePage.load(
                cases, inventory: harness.platform.foundation.inventory, id: item.id, timelineDescending: true,
                principal: try await principal(harness, .analyst), csrf: "t")
            #expect(page.alerts.map(\.id) == Array(item.alertIDs.prefix(CasePage.alertsShown)))
            #expect(Set(page.seen.keys) == Set(page.dossier.observables.map(\.id)), "every observable's sightings are loaded")
            #expect(!page.assets.isEmpty)
            let html = page.render().html
            #expect(html.contains(item.reference))
            for alert in page.alerts { #expect(html.contains("/alerts/\(alert.id)")) }
        }
    }

    @Test func theDashboardShowsOnlyWhatTheRoleMayRead() async throws {
        try await Harness.with { harness in
            _ = try await harness.platform.loadDemo()
            let areas = webServices(harness.platform).areas
            let employee = try await DashboardPage.load(areas, principal: try await principal(harness, .employee))
            #expect(employee.cards.isEmpty)
            #expect(!employee.areas.contains { $0.area == .alerts })
            let analyst = try await DashboardPage.load(areas, principal: try await principal(harness, .analyst))
            let html = analyst.render().html
            #expect(html.contains("<h2>Alerts</h2>") && html.contains("<h2>Vulnerabilities</h2>"))
            #expect(html.contains(#"href="/alerts?severity=critical""#), "each bar leads to the list filtered on it")
        }
    }

    /// The demo's governed systems hold what the README promises, and the access pages show it: a leaver still
    /// enabled, an orphaned admin who logged in last night, no MFA; a manager may import and decide, an analyst reads.
    @Test func theAccessPagesShowTheDemosRiskyAccess() async throws {
        try await Harness.with { harness in
            _ = try await harness.platform.loadDemo()
            let governance = harness.platform.governance.service
            let now = harness.platform.foundation.clock.now()
            let open = try await governance.findings(AccessFindingQuery(states: [.open]), page: PageRequest(limit: 500)).items
            func has(_ type: AccessFindingType, _ user: String) -> Bool { open.contains { $0.type == type && $0.username == user } }
            #expect(has(.leaver, "hannah.schmidt") && has(.leaver, "marcus.webb"))
            #expect(has(.orphaned, "jdoe-admin") && has(.privileged, "jdoe-admin") && !has(.shared, "temp.admin"))
            #expect(has(.noMFA, "ravi.patel") && has(.staleCredentials, "ci-deployer") && has(.shared, "shared-sales"))
            #expect(has(.dormant, "elena.petrova") && has(.privileged, "nadia.haddad"))
            #expect(!open.contains { $0.username == "svc-backup" && $0.type == .orphaned }, "a declared service account is nobody's orphan")
            let orphan = try #require(open.first { $0.username == "jdoe-admin" && $0.type == .orphaned })
            let account = try #require(try await governance.account(id: orphan.accountID))
            #expect(account.lastUsedAt.map { now.timeIntervalSince($0) < 86400 } == true, "jdoe-admin logged in last night")

            let manager = try await principal(harness, .manager)
            let overview = try await AccessOverview.load(governance, principal: manager, csrf: "t", now: now).render().html
            #expect(overview.contains("corp-directory") && overview.contains("action=\"/access/sources\""))
            let analyst = try await principal(harness, .analyst)
            #expect(!(try await AccessOverview.load(governance, principal: analyst, csrf: "t", now: now).render().html.contains("Add a source")))
            let page = try await GovernedAccountPage.load(governance, id: orphan.accountID, principal: manager, csrf: "t", now: now).render().html
            #expect(page.contains("Orphaned") && page.contains("sudo") && page.contains("Accept"))
            let leavers = try await AccessFindingsPage.load(
                governance, link: PageLink(path: "/access/findings", parameters: [("type", "leaver")]), now: now
            ).render().html
            #expect(leavers.contains("Hannah Schmidt has left") && !leavers.contains("jdoe-admin"))
        }
    }

    /// The demo's campaigns: privileged access half decided, the temporary admin's revocation confirmed by the next
    /// directory export; the CRM's accounts in the queue of the demo's employee (Mia Chen), who sees them on her
    /// dashboard and at /reviews and nothing else of governance.
    @Test func theDemosCampaignsAreHalfDoneAndTheEmployeeReviewsTheirItems() async throws {
        try await Harness.with { harness in
            _ = try await harness.platform.loadDemo()
            let governance = harness.platform.governance.service
            let now = harness.platform.foundation.clock.now()
            let reviews = try await governance.reviews()
            let privileged = try #require(reviews.first { $0.review.name.hasPrefix("Privileged access") })
            #expect(privileged.progress.decided > 0 && privileged.progress.decided < privileged.progress.items)
            #expect(privileged.progress.confirmed >= 1 && privileged.progress.stillPresent >= 1)
            let manager = try await principal(harness, .manager)
            let items = try await governance.reviewItems(
                reviewID: privileged.review.id, as: ReviewActor(actor: .system, email: "", manages: true, readsAll: true))
            let revoked = try #require(items.first { $0.account == "temp.admin" && $0.entitlement.contains("Domain Admins") })
            #expect(revoked.decision == .revoke && revoked.followThrough == .confirmed)
            let page = try await AccessReviewPage.load(
                governance, id: privileged.review.id, principal: manager, pendingOnly: false, csrf: "t", now: now
            ).render().html
            #expect(page.contains("confirmed by import") && page.contains("still present") && page.contains("evidence?format=html"))

            let mia = Principal(
                userID: "u", username: "employee", role: .employee, permissions: PermissionMatrix.permissions(of: .employee), method: .session,
                credentialID: "c", email: "mia.chen@example.com")
            let queue = try await ReviewQueuePage.load(governance, principal: mia, csrf: "t", now: now)
            #expect(queue.queue.count == 1 && queue.queue[0].review.name == "CRM accounts, Q4")
            #expect(Set(queue.queue[0].items.map(\.account)) == ["sofia.rossi", "grace.mensah", "kenji.watanabe", "marcus.webb", "shared-sales"])
            #expect(queue.render().html.contains("action=\"/reviews/\(queue.queue[0].review.id)/items/"))
            let dashboard = try await DashboardPage.load(webServices(harness.platform).areas, principal: mia)
            #expect(dashboard.cards.count == 1 && dashboard.cards[0].html.contains("href=\"/reviews\""))
        }
    }

    @Test func theFirstRunChecklistStaysUntilEachStepIsDone() async throws {
        try await Harness.with(rules: ["r.yml": ResponseSchemaTests.rule]) { harness in
            let areas = webServices(harness.platform).areas
            let adminPrincipal = try await principal(harness, .admin)
            let admin = try await DashboardPage.load(areas, principal: adminPrincipal)
            #expect(Set(admin.setup.map(\.title)) == ["Add your assets", "Send logs", "Load detection rules", "Import advisories"])
            #expect(admin.setup.filter(\.done).map(\.title) == ["Load detection rules"], "the harness loads one rule")
            #expect(admin.render().html.contains("Getting started (1 of 4 done)"))
            let employee = try await DashboardPage.load(areas, principal: try await principal(harness, .employee))
            #expect(employee.setup.isEmpty, "only those who can do a step see it")
            _ = try await harness.platform.foundation.inventory.createAsset(
                Asset(name: "web-1", createdAt: Date()), by: InventoryService.Actor(username: "test", source: "test"))
            let after = try await DashboardPage.load(areas, principal: adminPrincipal)
            #expect(after.setup.first { $0.title == "Add your assets" }?.done == true)
            _ = try await harness.platform.loadDemo()
            let demo = try await DashboardPage.load(areas, principal: adminPrincipal)
            #expect(demo.setup.isEmpty, "with every step done the checklist goes away")
        }
    }
}
