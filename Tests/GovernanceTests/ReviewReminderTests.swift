// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import BulwarkTesting
import Foundation
import Governance
import Inventory
import Testing

/// A campaign's reminders and escalation with an injected clock: a reminder per reviewer with undecided items at
/// each offset before the due date (once), the escalation to an overdue reviewer's manager in the grace days, the
/// default outcome after them; a mail that fails is counted and audited.
@Suite struct ReviewReminderTests {
    static let start = Timestamp.parse("2026-12-01T08:00:00Z")!
    static let admin = AuditActor(username: "lead", source: "test")
    static let day: TimeInterval = 86_400

    /// Mara manages Rita, who manages Al and Bo; the CRM has admin accounts for Al, Bo and Rita.
    static let people = [("mara", ""), ("rita", "mara@example.com"), ("al", "rita@example.com"), ("bo", "rita@example.com")].map {
        Person(name: $0.0.capitalized, email: "\($0.0)@example.com", department: "Sales", manager: $0.1, createdAt: start)
    }

    static func actor(_ name: String) -> ReviewActor {
        ReviewActor(actor: AuditActor(username: name, source: "test"), email: "\(name)@example.com", manages: false, readsAll: false)
    }

    /// The CRM's admin accounts of Al, Bo (reviewed by Rita) and Rita (reviewed by Mara), in a campaign due in ten days.
    static func crmAdmins(
        _ governance: GovernanceService, defaultOutcome: ReviewOutcome = .flag, reminders: ReviewReminders = .standard
    ) async throws -> (AccessReview, [ReviewItem]) {
        let source = try await governance.createSource(IdentitySource(name: "crm", kind: .application, createdAt: start), by: admin)
        let csv =
            "account,display_name,email,roles,last_login,enabled\n"
            + ["al", "bo", "rita"].map { "\($0),\($0.capitalized),\($0)@example.com,admin,2026-11-30,true" }.joined(separator: "\n")
        _ = try await governance.importAccounts(
            sourceID: source.id, AccountUpload(format: .accountsCSV, fileName: "crm.csv", bytes: Array(csv.utf8)), partial: false, by: admin)
        return try await governance.createReview(
            AccessReview(
                name: "CRM admins", scope: ReviewScope(sourceIDs: [source.id]), reviewers: .manager, startAt: start,
                dueAt: start.addingTimeInterval(10 * day), defaultOutcome: defaultOutcome, reminders: reminders),
            by: admin)
    }

    @Test func remindersAtEachOffsetThenEscalationThenTheDefaultOutcome() async throws {
        try await GovernanceStack.with(start: Self.start, people: Self.people) { stack in
            let governance = stack.governance
            let (review, items) = try await Self.crmAdmins(
                governance, defaultOutcome: .revoke, reminders: ReviewReminders(days: [1, 7], graceDays: 3))
            #expect(items.count == 3)
            let mail = RecordingMail()
            let box = ReviewMail(transport: mail, from: "bulwark@example.com")

            #expect(try await governance.remindReviewers(box).reminded == 0, "no offset reached yet")
            stack.clock.advance(by: 3.5 * Self.day)
            #expect(try await governance.remindReviewers(box) == .init(reminded: 2, escalated: 0, failed: 0))
            let first = await mail.sent
            #expect(Set(first.map { $0.to }) == [["rita@example.com"], ["mara@example.com"]])
            let rita = try #require(first.first { $0.to == ["rita@example.com"] })
            #expect(rita.from == "bulwark@example.com" && rita.subject == "Access review \"CRM admins\": 2 accesses to decide by 2026-12-11")
            #expect(rita.body.contains("- crm: al — admin (privileged) held by Al") && rita.body.contains("in 7 days"))
            #expect(try await governance.remindReviewers(box).reminded == 0, "each offset once")

            // Mara decides hers; at the last offset only Rita is reminded.
            let maras = try #require(items.first { $0.account == "rita" })
            _ = try await governance.decide(reviewID: review.id, itemID: maras.id, decision: .keep, comment: "on-call admin", as: Self.actor("mara"))
            stack.clock.advance(by: 6 * Self.day)
            #expect(try await governance.remindReviewers(box).reminded == 1)
            #expect(await mail.sent.last?.to == ["rita@example.com"])

            // Overdue: Rita's manager is told once; the campaign stays open through the grace days.
            stack.clock.advance(by: 1 * Self.day)
            #expect(try await governance.remindReviewers(box) == .init(reminded: 0, escalated: 1, failed: 0))
            let escalation = try #require(await mail.sent.last)
            #expect(escalation.to == ["mara@example.com"] && escalation.subject == "Overdue access review \"CRM admins\": Rita has not decided")
            #expect(escalation.body.contains("2 undecided accesses") && escalation.body.contains("On 2026-12-14"))
            #expect(try await governance.remindReviewers(box) == .init())
            #expect(try await governance.closeDueReviews() == 0)
            let als = try #require(items.first { $0.account == "al" })
            _ = try await governance.decide(reviewID: review.id, itemID: als.id, decision: .keep, comment: "still sells", as: Self.actor("rita"))

            // After the grace days: the default outcome for what is left, and no more mail.
            stack.clock.advance(by: 3 * Self.day)
            #expect(try await governance.closeDueReviews() == 1)
            let decided = try await governance.reviewItems(
                reviewID: review.id, as: ReviewActor(actor: Self.admin, email: "", manages: true, readsAll: true))
            #expect(decided.first { $0.account == "bo" }?.decision == .revoke)
            #expect(decided.first { $0.account == "al" }?.decision == .keep)
            #expect(try await governance.remindReviewers(box) == .init())
            let stored = try #require(try await governance.review(id: review.id))
            #expect(stored.reminders.sentDays == [7, 1] && stored.reminders.escalatedAt != nil)
            #expect(await mail.sent.count == 4)
        }
    }

    @Test func aFailedMailIsCountedAndAudited() async throws {
        try await GovernanceStack.with(start: Self.start, people: Self.people) { stack in
            let governance = stack.governance
            let source = try await governance.createSource(IdentitySource(name: "crm", kind: .application, createdAt: Self.start), by: Self.admin)
            let csv = "account,display_name,email,roles,last_login,enabled\nal,Al,al@example.com,sales,2026-11-30,true"
            _ = try await governance.importAccounts(
                sourceID: source.id, AccountUpload(format: .accountsCSV, fileName: "crm.csv", bytes: Array(csv.utf8)), partial: false,
                by: Self.admin)
            _ = try await governance.createReview(
                AccessReview(
                    name: "CRM", scope: ReviewScope(sourceIDs: [source.id]), startAt: Self.start, dueAt: Self.start.addingTimeInterval(2 * Self.day)),
                by: Self.admin)
            let outcome = try await governance.remindReviewers(ReviewMail(transport: RecordingMail(failures: 1), from: "b@example.com"))
            #expect(outcome == .init(reminded: 0, escalated: 0, failed: 1))
            #expect(
                try await stack.audit.list(AuditQuery(actionPrefix: "access_review.remind"), page: PageRequest()).items.first?.detail.contains(
                    "failed: rita@example.com") == true)
            // Invalid settings are named.
            await #expect(throws: CoreError.self) {
                _ = try await governance.createReview(
                    AccessReview(
                        name: "Bad", startAt: Self.start, dueAt: Self.start.addingTimeInterval(9 * Self.day),
                        reminders: ReviewReminders(days: [0, 200], graceDays: 31)), by: Self.admin)
            }
        }
    }

    @Test func aBulkDecisionDecidesWhatItMayAndSaysWhyNotForTheRest() async throws {
        try await GovernanceStack.with(start: Self.start, people: Self.people) { stack in
            let governance = stack.governance
            let (review, items) = try await Self.crmAdmins(governance)
            let id = { (account: String) in items.first { $0.account == account }!.id }

            // Privileged access kept without a reason: each refused, nothing decided.
            let silent = try await governance.decideMany(
                reviewID: review.id, itemIDs: [id("al"), id("bo")], decision: .keep, comment: "", as: Self.actor("rita"))
            #expect(silent.decided.isEmpty && silent.refused.map(\.itemID) == [id("al"), id("bo")])

            // Rita's own access (Mara's item) and an unknown id are refused; her two items are decided; repeats count once.
            let outcome = try await governance.decideMany(
                reviewID: review.id, itemIDs: [id("al"), id("bo"), id("rita"), "0f0f0f0f-0000-4000-8000-000000000000", id("al")],
                decision: .keep, comment: "both still sell", as: Self.actor("rita"))
            #expect(outcome.decided.map(\.account).sorted() == ["al", "bo"])
            #expect(outcome.refused.map(\.itemID) == [id("rita"), "0f0f0f0f-0000-4000-8000-000000000000"])
            #expect(try await governance.progress(reviewID: review.id).decided == 2)

            await #expect(throws: CoreError.self) {
                _ = try await governance.decideMany(reviewID: review.id, itemIDs: [], decision: .keep, comment: "x", as: Self.actor("rita"))
            }
        }
    }
}
