// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import Governance
import Hummingbird
import Monitoring

/// Access governance of the organisation's systems: identity sources, accounts and access findings (API and pages).
public struct GovernanceWeb: WebArea {
    let governance: GovernanceService
    /// The stored events, for an account's recent logins on its page.
    let events: (any EventStore)?
    let now: @Sendable () -> Date

    public init(governance: GovernanceService, events: (any EventStore)? = nil, now: @escaping @Sendable () -> Date = { Date() }) {
        self.governance = governance
        self.events = events
        self.now = now
    }

    public func registerAPI(_ routes: APIRoutes) { GovernanceController(governance: governance).register(routes) }

    public var schemas: [String: Any] { OpenAPISchemas.governance.merging(OpenAPISchemas.accessReviews) { first, _ in first } }

    public func dashboardCards(for principal: Principal) async throws -> [Markup] {
        var cards: [Markup] = []
        let pending = try await governance.queue(of: ReviewActor(principal, ownItemsOnly: true)).reduce(0) {
            $0 + $1.items.filter { $0.decision == .pending }.count
        }
        if pending > 0 {
            cards.append(
                Card(
                    "Access to review",
                    body: "<p class=\"big\"><a href=\"/reviews\">\(pending) to decide</a></p><p>Confirm or revoke the access a campaign gave you.</p>"
                ).render())
        }
        guard principal.can(.accessRead) else { return cards }
        let counts = try await governance.findingCounts()
        let sources = try await governance.sources()
        guard !sources.isEmpty else { return cards }
        func open(_ type: AccessFindingType) -> Int { counts[type]?[.open] ?? 0 }
        return cards + [
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
        registerDirectoryPages(router)
        router.get("/access/accounts") { request, context in
            let principal = try context.require(.accessRead)
            let page = try await AccountsPage.load(governance, link: PageLink(request), now: now())
            return context.page(request, principal, title: "Accounts", area: .access, body: page.render())
        }
        router.get("/access/accounts/{id}") { request, context in
            let principal = try context.require(.accessRead)
            var page = try await GovernedAccountPage.load(
                governance, id: try context.identifier("account"), principal: principal, csrf: context.csrf, now: now())
            if let events, principal.can(.eventsRead) {
                page.logins = try await events.search(
                    try EventQuery(page.loginQuery, from: now().addingTimeInterval(-90 * 86_400), now: now()), limit: 10, cursor: nil
                ).events
            }
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
        registerReviewPages(router)
        router.get("/access/findings") { request, context in
            let principal = try context.require(.accessRead)
            let page = try await AccessFindingsPage.load(governance, link: PageLink(request), now: now())
            return context.page(request, principal, title: "Access findings", area: .access, body: page.render())
        }
    }
}

extension GovernanceWeb {
    /// A directory source's connection settings and "Sync now".
    func registerDirectoryPages(_ router: Router<WebContext>) {
        router.post("/access/sources/{id}/directory") { request, context in
            let principal = try context.require(.accessWrite)
            let id = try context.identifier("identity source")
            let form = try await Form.read(request, session: context.session)
            do {
                _ = try await governance.updateSource(id: id, by: context.auditActor(principal)) { source in
                    source.directory = DirectoryConnection(
                        url: form.text("url"), startTLS: form.flag("start_tls"), bindDN: form.text("bind_dn"),
                        bindPassword: form["bind_password"] ?? "",
                        baseDN: form.text("base_dn"), filter: form.text("filter"), pageSize: Int(form.text("page_size")) ?? 0,
                        caCertificate: form.text("ca_certificate"), syncMinutes: Int(form.text("sync_minutes")) ?? -1
                    ).keepingPassword(of: source.directory)
                }
                return redirect("/access/sources/\(id)", notice: "Directory connection saved.")
            } catch let error as CoreError {
                return redirect("/access/sources/\(id)", notice: "Not saved: \(String(error.description.prefix(1500)))")
            }
        }
        router.post("/access/sources/{id}/sync") { request, context in
            let principal = try context.require(.accessWrite)
            let id = try context.identifier("identity source")
            _ = try await Form.read(request, session: context.session)
            do {
                let record = try await governance.syncDirectory(sourceID: id, by: context.auditActor(principal))
                return redirect(
                    "/access/sources/\(id)",
                    notice:
                        "Synced: \(record.accounts) accounts, \(record.added.count) added, \(record.removed.count) removed, "
                        + "\(record.changed.count) changed; \(record.rejected.count) entries left out.")
            } catch let error as CoreError {
                return redirect("/access/sources/\(id)", notice: "Not synced: \(String(error.description.prefix(1500)))")
            }
        }
    }

    func registerReviewPages(_ router: Router<WebContext>) {
        router.get("/access/reviews") { request, context in
            let principal = try context.require(.accessRead)
            let page = try await AccessReviewsPage.load(governance, principal: principal, csrf: context.csrf, now: now())
            return context.page(request, principal, title: "Access reviews", area: .access, body: page.render())
        }
        router.post("/access/reviews") { request, context in
            let principal = try context.require(.accessWrite)
            let form = try await Form.read(request, session: context.session)
            do {
                var fallback: String?
                if !form.text("fallback_email").isEmpty {
                    guard let person = try await governance.person(email: form.text("fallback_email")) else {
                        throw CoreError.invalid([FieldError(field: "fallback_email", message: "nobody in the people inventory has this e-mail")])
                    }
                    fallback = person.id
                }
                guard let due = form.endOfDay("due") else { throw CoreError.invalid([FieldError(field: "due", message: "a date is required")]) }
                let (review, items) = try await governance.createReview(
                    AccessReview(
                        name: form.text("name"),
                        scope: ReviewScope(
                            sourceIDs: form.text("source_id").isEmpty ? [] : [form.text("source_id")], privilegedOnly: form.flag("privileged_only"),
                            department: form.text("department")),
                        reviewers: form.text("reviewers") == "owner" ? .owner : .manager, fallbackPersonID: fallback, startAt: now(), dueAt: due,
                        recurMonths: Int(form.text("recur_months")) ?? 0,
                        defaultOutcome: ReviewOutcome(rawValue: form.text("default_outcome")) ?? .flag,
                        reminders: ReviewReminders(
                            days: form.text("reminder_days").split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) },
                            graceDays: Int(form.text("grace_days")) ?? 0)),
                    by: context.auditActor(principal))
                return redirect("/access/reviews/\(review.id)", notice: "Campaign started: \(items.count) items sent to their reviewers.")
            } catch let error as CoreError {
                return redirect("/access/reviews", notice: "No campaign started: \(error.description)")
            }
        }
        router.get("/access/reviews/{id}") { request, context in
            let principal = try context.require(.accessRead)
            let page = try await AccessReviewPage.load(
                governance, id: try context.identifier("access review"), principal: principal,
                pendingOnly: PageLink(request).value("pending") == "on", csrf: context.csrf, now: now())
            return context.page(request, principal, title: page.review.name, area: .access, body: page.render())
        }
        router.post("/access/reviews/{id}/items/{item_id}") { request, context in
            let principal = try context.require(.accessWrite)
            return try await decide(request, context, principal, back: "/access/reviews/\(try context.identifier("access review"))")
        }
        router.get("/reviews") { request, context in
            let principal = try context.require(.selfService)
            let page = try await ReviewQueuePage.load(governance, principal: principal, csrf: context.csrf, now: now())
            return context.page(request, principal, title: "Your access reviews", area: .dashboard, body: page.render())
        }
        router.post("/reviews/{id}/decisions") { request, context in
            let principal = try context.require(.selfService)
            let reviewID = try context.identifier("access review")
            let form = try await Form.read(request, session: context.session)
            do {
                let outcome = try await governance.decideMany(
                    reviewID: reviewID, itemIDs: form.all("item_ids"),
                    decision: ReviewDecision(rawValue: form.text("decision")) ?? .pending, comment: form.text("comment"),
                    as: ReviewActor(principal, actor: context.auditActor(principal)))
                let refused = outcome.refused.prefix(5).map(\.reason).joined(separator: "; ")
                return redirect(
                    "/reviews",
                    notice: "\(outcome.decided.count) decided"
                        + (outcome.refused.isEmpty ? "." : "; \(outcome.refused.count) not: \(String(refused.prefix(800)))"))
            } catch let error as CoreError {
                return redirect("/reviews", notice: "Not decided: \(error.description)")
            }
        }
        router.post("/reviews/{id}/items/{item_id}") { request, context in
            let principal = try context.require(.selfService)
            return try await decide(request, context, principal, back: "/reviews")
        }
    }

    func decide(_ request: Request, _ context: WebContext, _ principal: Principal, back: String) async throws -> Response {
        let reviewID = try context.identifier("access review")
        let itemID = try context.identifier("review item", parameter: "item_id")
        let form = try await Form.read(request, session: context.session)
        do {
            let item = try await governance.decide(
                reviewID: reviewID, itemID: itemID, decision: ReviewDecision(rawValue: form.text("decision")) ?? .pending,
                comment: form.text("comment"), as: ReviewActor(principal, actor: context.auditActor(principal)))
            return redirect(back, notice: "\(item.account): \(item.decision.rawValue).")
        } catch let error as CoreError {
            return redirect(back, notice: "Not decided: \(error.description)")
        }
    }
}
