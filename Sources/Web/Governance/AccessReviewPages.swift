// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import Governance

/// `/access/reviews`: the campaigns with their progress, and the form that starts one.
struct AccessReviewsPage: Sendable {
    var reviews: [(review: AccessReview, progress: ReviewProgress)]
    var sources: [IdentitySource]
    var canWrite: Bool
    var csrf: String
    var now: Date

    static func load(_ governance: GovernanceService, principal: Principal, csrf: String, now: Date) async throws -> AccessReviewsPage {
        AccessReviewsPage(
            reviews: try await governance.reviews(), sources: try await governance.sources(), canWrite: principal.can(.accessWrite), csrf: csrf,
            now: now)
    }
}

/// `/access/reviews/{id}`: one campaign's items, every reviewer's, with the decision forms for those who run it.
struct AccessReviewPage: Sendable {
    var review: AccessReview
    var items: [ReviewItem]
    var pendingOnly: Bool
    var canWrite: Bool
    var canExport: Bool
    var csrf: String
    var now: Date

    static func load(
        _ governance: GovernanceService, id: String, principal: Principal, pendingOnly: Bool, csrf: String, now: Date
    ) async throws -> AccessReviewPage {
        guard let review = try await governance.review(id: id) else { throw CoreError.notFound(kind: "access review", id: id) }
        let items = try await governance.reviewItems(
            reviewID: id,
            as: ReviewActor(principal))
        return AccessReviewPage(
            review: review, items: items, pendingOnly: pendingOnly, canWrite: principal.can(.accessWrite),
            canExport: principal.can(.evidenceExport), csrf: csrf, now: now)
    }
}

/// `/reviews`: the items given to the signed-in user, in every open campaign: what any member of staff who reviews
/// access (a manager, a system owner) sees, and all they see of governance.
struct ReviewQueuePage: Sendable {
    var queue: [(review: AccessReview, items: [ReviewItem])]
    var csrf: String
    var now: Date

    static func load(_ governance: GovernanceService, principal: Principal, csrf: String, now: Date) async throws -> ReviewQueuePage {
        ReviewQueuePage(queue: try await governance.queue(of: ReviewActor(principal, ownItemsOnly: true)), csrf: csrf, now: now)
    }
}

enum ReviewMarkup {
    /// One decision for the items ticked in the list above it (their checkboxes belong to this form).
    static func bulkForm(id: String, action: String, csrf: String) -> Markup {
        """
        <form id="\(id)" method="post" action="\(action)" class="bulk">\(Field.csrf(csrf))
        \(Field.select("decision", "Decision for the ticked items", options: ["keep", "revoke"], selected: "keep"))
        \(Field.text("comment", "Comment", hint: "required to keep privileged access"))
        <button type="submit">Decide the ticked items</button></form>
        """
    }

    static func decision(_ item: ReviewItem) -> Markup {
        switch item.decision {
        case .pending: return Badge.tag("pending", tone: .warning)
        case .keep: return Badge.tag("keep", tone: .success)
        case .revoke, .modify:
            let follow: Markup =
                switch item.followThrough {
                case .confirmed: " " + Badge.tag("confirmed by import", tone: .success)
                case .stillPresent: " " + Badge.tag("still present", tone: .danger)
                case .pending: " " + Badge.tag("awaiting import", tone: .plain)
                case .none: ""
                }
            return Badge.tag(item.decision.rawValue, tone: .warning) + follow
        case .flagged: return Badge.tag("flagged: undecided", tone: .danger)
        }
    }

    /// What the reviewer decides with.
    static func context(_ item: ReviewItem, now: Date) -> Markup {
        let used = item.lastUsedAt.map { "last used " + TimeAgo($0, now: now).render() } ?? "never used"
        let peers: Markup =
            item.entitlement.isEmpty || item.holderDepartment.isEmpty ? "" : " · \(item.peers) in \(item.holderDepartment) hold it"
        let findings: Markup = item.findings.isEmpty ? "" : " · " + item.findings.map { Badge.tag($0, tone: .danger) }.joined(separator: " ")
        return "<small>\(used)\(peers)\(findings)</small>"
    }

    static func access(_ item: ReviewItem) -> Markup {
        let what: Markup = item.entitlement.isEmpty ? "the account itself" : "<code>\(item.entitlement)</code>"
        return "\(item.sourceName) · <a href=\"/access/accounts/\(item.accountID)\">\(item.account)</a>: \(what)"
            + Markup.when(item.privileged, " " + Badge.tag("privileged", tone: .warning))
    }

    static func access(plain item: ReviewItem) -> Markup {
        let what: Markup = item.entitlement.isEmpty ? "the account itself" : "<code>\(item.entitlement)</code>"
        return "\(item.sourceName) · \(item.account): \(what)" + Markup.when(item.privileged, " " + Badge.tag("privileged", tone: .warning))
    }

    /// The decision form of one item, posted to `action`.
    static func form(_ item: ReviewItem, action: String, csrf: String) -> Markup {
        let hint = item.privileged ? "required to keep privileged access" : "required to modify"
        return """
            <form method="post" action="\(action)" class="inline decision">\(Field.csrf(csrf))
            <label for="d-\(item.id)">Decision</label><select id="d-\(item.id)" name="decision">\
            <option value="keep">keep</option><option value="revoke">revoke</option><option value="modify">modify</option></select>
            <label for="c-\(item.id)">Comment</label><input id="c-\(item.id)" name="comment" maxlength="2000" placeholder="\(hint)">
            <button type="submit">Decide</button></form>
            """
    }
}

extension AccessReviewsPage {
    func render() -> Markup {
        let table = DataTable(
            columns: [
                .init("Campaign") { row in "<a href=\"/access/reviews/\(row.review.id)\">\(row.review.name)</a>" },
                .init("State") { row in
                    row.review.closedAt != nil
                        ? Badge.tag("closed") : row.review.startAt > now ? Badge.tag("scheduled", tone: .plain) : Badge.tag("open", tone: .warning)
                },
                .init("Decided", numeric: true) { row in "\(row.progress.decided) / \(row.progress.items)" },
                .init("Revoked", numeric: true) { row in "\(row.progress.revoked) (\(row.progress.confirmed) confirmed)" },
                .init("Due") { row in TimeAgo(row.review.dueAt, now: now).render() },
            ], rows: reviews.map { $0 }, link: PageLink(path: "/access/reviews"),
            empty: EmptyState("No campaign yet: start one below to have each access confirmed by the person who answers for it.")
        ).render()
        let day = String(Timestamp.format(now.addingTimeInterval(30 * 86_400)).prefix(10))
        let form: Markup =
            canWrite
            ? """
            <section class="card"><h2>Start a campaign</h2><form method="post" action="/access/reviews">\(Field.csrf(csrf))
            \(Field.text("name", "Name", required: true, hint: "e.g. Privileged access, second half"))
            <label for="f-source_id">System</label><select id="f-source_id" name="source_id"><option value="">every system</option>\
            \(sources.map { "<option value=\"\($0.id)\">\($0.name)</option>" as Markup }.joined())</select>
            \(Field.checkbox("privileged_only", "Privileged entitlements only", checked: false))
            \(Field.text("department", "Department", hint: "only the accounts of this department's people"))
            \(Field.select("reviewers", "Reviewers", options: ["manager", "owner"], selected: "manager"))
            \(Field.text("fallback_email", "Fallback reviewer (e-mail)", hint: "gets what the rule gives nobody, and a manager's own access"))
            \(Field.text("due", "Due", value: day, type: "date", required: true))
            \(Field.text("recur_months", "Repeat every (months)", value: "0", type: "number", hint: "0: once"))
            \(Field.text("reminder_days", "Remind reviewers (days before due)", value: "7, 1", hint: "mailed with --smtp; empty: no reminders"))
            \(Field.text("grace_days", "Grace days after due", value: "0", type: "number", hint: "managers of overdue reviewers are told"))
            \(Field.select("default_outcome", "If undecided by the due date", options: ReviewOutcome.allCases.map(\.rawValue), selected: "flag"))
            <button type="submit">Start campaign</button></form></section>
            """ : ""
        return """
            \(AccessPages.tabs("/access/reviews"))
            <p>A campaign asks the person who answers for each access — the holder's manager, or the system's owner — to keep, \
            revoke or modify it. A revocation counts as done only when the system's next import no longer has the access. \
            JSON: <a href="/api/v1/access-reviews">/api/v1/access-reviews</a>.</p>
            \(table)\(form)
            """
    }
}

extension AccessReviewPage {
    func render() -> Markup {
        let progress = ReviewProgress(items)
        let shown = pendingOnly ? items.filter { $0.decision == .pending } : items
        let open = review.closedAt == nil
        let rows = shown.prefix(1000).map { item -> Markup in
            let decide: Markup =
                canWrite && open && item.decision == .pending
                ? ReviewMarkup.form(item, action: "/access/reviews/\(review.id)/items/\(item.id)", csrf: csrf) : ""
            let decided: Markup =
                item.decision == .pending
                ? ""
                : " — \(item.decidedBy)\(item.comment.isEmpty ? "" : ": " + item.comment)"
            return """
                <li>\(ReviewMarkup.access(item)) · held by \(item.holderName.isEmpty ? "nobody in the people inventory" : item.holderName) · \
                reviewer \(item.reviewerName.isEmpty ? "unassigned" : item.reviewerName) · \(ReviewMarkup.decision(item))\(decided)<br>\
                \(ReviewMarkup.context(item, now: now))\(decide)</li>
                """
        }
        let reminders = review.reminders
        let sent = reminders.sentDays.isEmpty ? "" : " (sent: \(reminders.sentDays.map(String.init).joined(separator: ", ")))"
        let reminderText =
            reminders.days.isEmpty ? "none" : "\(reminders.days.map(String.init).joined(separator: ", ")) days before due" + sent
        let escalationText =
            reminders.graceDays == 0
            ? "none: the default outcome applies at the due date"
            : "\(reminders.graceDays) grace days, managers of overdue reviewers told"
                + (reminders.escalatedAt.map { " (told \(Timestamp.format($0)))" } ?? "")
        let facts = DefinitionList([
            ("Due", TimeAgo(review.dueAt, now: now).render()), ("Started", TimeAgo(review.startAt, now: now).render()),
            ("Closed", review.closedAt.map { TimeAgo($0, now: now).render() }),
            ("Decided", "\(progress.decided) of \(progress.items)"),
            ("Revoked", "\(progress.revoked): \(progress.confirmed) confirmed by an import, \(progress.stillPresent) still present"),
            ("If undecided", "\(review.defaultOutcome.rawValue)"), ("Repeats", review.recurMonths == 0 ? "no" : "every \(review.recurMonths) months"),
            ("Reminders", "\(reminderText)"), ("Escalation", "\(escalationText)"),
        ]).render()
        let evidence: Markup =
            canExport
            ? """
            <p>Evidence: <a href="/api/v1/access-reviews/\(review.id)/evidence?format=html">HTML report</a> · \
            <a href="/api/v1/access-reviews/\(review.id)/evidence?format=csv">CSV</a> · \
            <a href="/api/v1/access-reviews/\(review.id)/evidence">JSON</a></p>
            """ : ""
        let filter: Markup =
            pendingOnly
            ? "<p><a href=\"/access/reviews/\(review.id)\">Show every item</a></p>"
            : "<p><a href=\"/access/reviews/\(review.id)?pending=on\">Only the undecided</a></p>"
        return """
            \(AccessPages.tabs("/access/reviews"))
            <section class="card">\(facts)\(evidence)</section>
            <h2>Items</h2>\(filter)
            \(rows.isEmpty ? EmptyState("No item.").render() : "<ul class=\"review-items\">\(rows.joined())</ul>")
            \(Markup.when(shown.count > 1000, "<p class=\"muted\">The first 1,000 are shown; the evidence export has every one.</p>" as Markup))
            """
    }
}

extension ReviewQueuePage {
    func render() -> Markup {
        guard !queue.isEmpty else {
            return EmptyState("Nothing to review: when a campaign gives you someone's access to confirm, it is listed here.").render()
        }
        let sections = queue.map { entry -> Markup in
            let pending = entry.items.filter { $0.decision == .pending }.count
            let bulk = "bulk-\(entry.review.id)"
            let items = entry.items.map { item -> Markup in
                let decide: Markup =
                    item.decision == .pending ? ReviewMarkup.form(item, action: "/reviews/\(entry.review.id)/items/\(item.id)", csrf: csrf) : ""
                let select: Markup =
                    item.decision == .pending
                    ? "<input type=\"checkbox\" name=\"item_ids\" value=\"\(item.id)\" form=\"\(bulk)\" aria-label=\"Select \(item.account)\"> "
                    : ""
                return """
                    <li>\(select)\(ReviewMarkup.access(plain: item)) · held by \(item.holderName.isEmpty ? "nobody known" : item.holderName) · \
                    \(ReviewMarkup.decision(item))<br>\(ReviewMarkup.context(item, now: now))\(decide)</li>
                    """
            }
            return """
                <section class="card"><h2>\(entry.review.name)</h2>
                <p>\(pending) of \(entry.items.count) to decide, due \(TimeAgo(entry.review.dueAt, now: now).render()). Keep what the \
                person needs for their work; revoke what they do not. Keeping privileged access needs a reason.</p>
                <ul class="review-items">\(items.joined())</ul>
                \(Markup.when(pending > 1, ReviewMarkup.bulkForm(id: bulk, action: "/reviews/\(entry.review.id)/decisions", csrf: csrf)))</section>
                """
        }
        return sections.joined()
    }
}
