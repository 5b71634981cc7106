// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import Governance
import Hummingbird

/// Access governance of the organisation's systems: identity sources, accounts and access findings (API and pages).
public struct GovernanceWeb: WebArea {
    let governance: GovernanceService
    let now: @Sendable () -> Date

    public init(governance: GovernanceService, now: @escaping @Sendable () -> Date = { Date() }) {
        self.governance = governance
        self.now = now
    }

    public func registerAPI(_ routes: APIRoutes) { GovernanceController(governance: governance).register(routes) }

    public var schemas: [String: Any] { OpenAPISchemas.governance }

    public func dashboardCards(for principal: Principal) async throws -> [Markup] {
        guard principal.can(.accessRead) else { return [] }
        let counts = try await governance.findingCounts()
        let sources = try await governance.sources()
        guard !sources.isEmpty else { return [] }
        func open(_ type: AccessFindingType) -> Int { counts[type]?[.open] ?? 0 }
        return [
            Card(
                "Access",
                body: """
                    <p class="big"><a href="/access/findings?type=leaver">\(open(.leaver)) leavers still enabled</a> · \
                    <a href="/access/findings?type=orphaned">\(open(.orphaned)) orphaned</a></p>
                    <p>\(open(.privileged)) privileged accounts, \(open(.dormant)) dormant, \(open(.noMFA)) without MFA, \
                    \(open(.staleCredentials)) with stale credentials across \(sources.count) systems.</p>
                    """
            ).render()
        ]
    }

    public func registerPages(_ router: Router<WebContext>) {
        router.get("/access") { request, context in
            let principal = try context.require(.accessRead)
            let page = try await AccessOverview.load(governance, principal: principal, csrf: context.csrf, now: now())
            return context.page(request, principal, title: "Access governance", area: .access, body: page.render())
        }
        router.post("/access/sources") { request, context in
            let principal = try context.require(.accessWrite)
            let form = try await Form.read(request, session: context.session)
            do {
                guard let kind = IdentitySourceKind(rawValue: form.text("kind")) else {
                    throw CoreError.invalid([FieldError(field: "kind", message: "choose a kind")])
                }
                let source = try await governance.createSource(
                    IdentitySource(
                        name: form.text("name"), kind: kind, owner: form.text("owner"),
                        criticality: SystemCriticality(rawValue: form.text("criticality")),
                        dormantDays: Int(form.text("dormant_days")) ?? 90, createdAt: now()),
                    by: context.auditActor(principal))
                return redirect("/access/sources/\(source.id)", notice: "Source \(source.name) added: import its accounts.")
            } catch let error as CoreError {
                return redirect("/access", notice: "No source added: \(error.description)")
            }
        }
        router.get("/access/sources/{id}") { request, context in
            let principal = try context.require(.accessRead)
            let page = try await IdentitySourcePage.load(
                governance, id: try context.identifier("identity source"), principal: principal, csrf: context.csrf, now: now())
            return context.page(request, principal, title: page.source.name, area: .access, body: page.render())
        }
        router.post("/access/sources/{id}/import") { request, context in
            let principal = try context.require(.accessWrite)
            let id = try context.identifier("identity source")
            let form = try await Form.read(request, session: context.session, limit: 16 << 20)
            do {
                guard let format = AccountFormat(rawValue: form.text("format")) else {
                    throw CoreError.invalid([FieldError(field: "format", message: "choose a format")])
                }
                let record = try await governance.importAccounts(
                    sourceID: id,
                    AccountUpload(
                        format: format, fileName: form.text("name").isEmpty ? format.rawValue : form.text("name"),
                        bytes: Array(form.text("content").utf8),
                        host: form.text("host"), user: form.text("user")),
                    partial: form.flag("partial"), by: context.auditActor(principal))
                return redirect(
                    "/access/sources/\(id)",
                    notice:
                        "\(record.accounts) accounts: \(record.added.count) added, \(record.removed.count) removed, \(record.changed.count) changed; "
                        + "findings \(record.findingsOpened) opened, \(record.findingsResolved) resolved"
                        + (record.rejected.isEmpty ? "." : "; \(record.rejected.count) records left out."))
            } catch let error as CoreError {
                return redirect("/access/sources/\(id)", notice: "Nothing imported: \(String(error.description.prefix(1500)))")
            }
        }
        router.get("/access/accounts") { request, context in
            let principal = try context.require(.accessRead)
            let page = try await AccountsPage.load(governance, link: PageLink(request), now: now())
            return context.page(request, principal, title: "Accounts", area: .access, body: page.render())
        }
        router.get("/access/accounts/{id}") { request, context in
            let principal = try context.require(.accessRead)
            let page = try await GovernedAccountPage.load(
                governance, id: try context.identifier("account"), principal: principal, csrf: context.csrf, now: now())
            return context.page(request, principal, title: page.account.username, area: .access, body: page.render())
        }
        router.post("/access/accounts/{id}/link") { request, context in
            let principal = try context.require(.accessWrite)
            let id = try context.identifier("account")
            let form = try await Form.read(request, session: context.session)
            do {
                var personID: String?
                if !form.text("person_email").isEmpty {
                    guard let person = try await governance.person(email: form.text("person_email")) else {
                        throw CoreError.invalid([FieldError(field: "person_email", message: "nobody in the people inventory has this e-mail")])
                    }
                    personID = person.id
                }
                _ = try await governance.link(accountID: id, personID: personID, by: context.auditActor(principal))
                return redirect("/access/accounts/\(id)", notice: personID == nil ? "The linking rules decide again at the next import." : "Linked.")
            } catch let error as CoreError {
                return redirect("/access/accounts/\(id)", notice: "Not linked: \(error.description)")
            }
        }
        router.post("/access/findings/{id}") { request, context in
            let principal = try context.require(.accessWrite)
            let id = try context.identifier("access finding")
            let form = try await Form.read(request, session: context.session)
            let accountID = try await governance.finding(id: id)?.accountID
            let back = accountID.map { "/access/accounts/\($0)" } ?? "/access/findings"
            do {
                let finding = try await governance.decide(
                    findingID: id, state: AccessFindingState(rawValue: form.text("state")) ?? .open, reason: form.text("reason"),
                    expiresAt: form.endOfDay("expires_at"), by: context.auditActor(principal))
                return redirect(back, notice: "The finding is \(finding.state.rawValue).")
            } catch let error as CoreError {
                return redirect(back, notice: "Nothing changed: \(error.description)")
            }
        }
        router.get("/access/findings") { request, context in
            let principal = try context.require(.accessRead)
            let page = try await AccessFindingsPage.load(governance, link: PageLink(request), now: now())
            return context.page(request, principal, title: "Access findings", area: .access, body: page.render())
        }
    }
}
