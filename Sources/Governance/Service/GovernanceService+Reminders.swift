// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// Where a campaign's mail goes: the transport (`--smtp`) and the sender (`--mail-from`).
public struct ReviewMail: Sendable {
    public let transport: any MailTransport
    public let from: String

    public init(transport: any MailTransport, from: String) {
        self.transport = transport
        self.from = from
    }
}

extension GovernanceService {
    /// What one pass of reminders did.
    public struct ReminderOutcome: Sendable, Equatable {
        public var reminded: Int
        public var escalated: Int
        public var failed: Int

        public init(reminded: Int = 0, escalated: Int = 0, failed: Int = 0) {
            self.reminded = reminded
            self.escalated = escalated
            self.failed = failed
        }
    }

    /// Mails the reviewers of open campaigns: at each of a campaign's reminder offsets before its due date, one
    /// reminder per reviewer with undecided items (the offsets crossed together make one mail); once the due date has
    /// passed with grace days left, one escalation per overdue reviewer to their manager. Each offset and the
    /// escalation go out once per round, recorded on the campaign and in the audit log; a mail that fails is logged
    /// there too and not retried (the next offset tries again).
    public func remindReviewers(_ mail: ReviewMail) async throws -> ReminderOutcome {
        let now = clock.now()
        var outcome = ReminderOutcome()
        // The roster, read once per pass and only when some campaign has mail to send.
        var roster: (byID: [String: GovernancePerson], byEmail: [String: GovernancePerson])?
        for var review in try await store.reviews() where review.closedAt == nil && review.startAt <= now && now < review.closesAt {
            let crossed = review.reminders.days.filter { now >= review.dueAt.addingTimeInterval(-Double($0) * 86_400) }
            let unsent = crossed.filter { !review.reminders.sentDays.contains($0) }
            let overdue = now >= review.dueAt && review.reminders.graceDays > 0 && review.reminders.escalatedAt == nil
            guard !unsent.isEmpty || overdue else { continue }
            let pending = try await store.reviewItems(reviewID: review.id).filter { $0.decision == .pending }
            let byReviewer = Dictionary(grouping: pending.filter { $0.reviewerPersonID != nil }, by: { $0.reviewerPersonID! })
            if roster == nil {
                let everyone = try await directory.people()
                roster = (
                    Dictionary(everyone.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }),
                    Dictionary(everyone.map { ($0.email, $0) }, uniquingKeysWith: { first, _ in first })
                )
            }
            let people = roster?.byID ?? [:]
            var sent: [String] = []
            var failures: [String] = []
            func deliver(_ to: String, _ subject: String, _ body: String) async {
                do {
                    try await mail.transport.send(from: mail.from, to: [to], subject: subject, body: body)
                    sent.append(to)
                } catch {
                    failures.append("\(to): \(error)")
                }
            }
            if !unsent.isEmpty && now < review.dueAt {
                for (reviewerID, items) in byReviewer.sorted(by: { $0.key < $1.key }) {
                    guard let reviewer = people[reviewerID], !reviewer.email.isEmpty else { continue }
                    await deliver(reviewer.email, Self.reminderSubject(review, items.count), Self.reminderBody(review, reviewer, items, now: now))
                }
                outcome.reminded += sent.count
                try await record(
                    .system, "access_review.remind", "access_review:\(review.id)",
                    "\(review.name): \(unsent.map(String.init).joined(separator: ",")) days before due; \(sent.count) reviewers mailed"
                        + (failures.isEmpty ? "" : "; failed: \(failures.prefix(5).joined(separator: "; "))"))
            }
            review.reminders.sentDays = Array(Set(review.reminders.sentDays + crossed)).sorted(by: >)
            if overdue {
                let before = sent.count
                for (reviewerID, items) in byReviewer.sorted(by: { $0.key < $1.key }) {
                    guard let reviewer = people[reviewerID], let manager = roster?.byEmail[reviewer.manager],
                        !manager.email.isEmpty
                    else { continue }
                    await deliver(manager.email, Self.escalationSubject(review, reviewer), Self.escalationBody(review, reviewer, manager, items))
                }
                outcome.escalated += sent.count - before
                review.reminders.escalatedAt = now
                try await record(
                    .system, "access_review.escalate", "access_review:\(review.id)",
                    "\(review.name): \(byReviewer.count) reviewers overdue, \(sent.count - before) managers mailed"
                        + (failures.isEmpty ? "" : "; failed: \(failures.prefix(5).joined(separator: "; "))"))
            }
            outcome.failed += failures.count
            try await store.saveReview(review, items: [])
        }
        return outcome
    }

    static func reminderSubject(_ review: AccessReview, _ count: Int) -> String {
        "Access review \"\(review.name)\": \(count) \(count == 1 ? "access" : "accesses") to decide by \(Timestamp.day(review.dueAt))"
    }

    static func reminderBody(_ review: AccessReview, _ reviewer: GovernancePerson, _ items: [ReviewItem], now: Date) -> String {
        let days = max(1, Int((review.dueAt.timeIntervalSince(now) / 86_400).rounded(.up)))
        let lines = items.prefix(25).map { item in
            "- \(item.sourceName): \(item.account)\(item.entitlement.isEmpty ? "" : " — \(item.entitlement)")"
                + "\(item.privileged ? " (privileged)" : "") held by \(item.holderName.isEmpty ? "no known person" : item.holderName)"
        }
        return """
            Hello \(reviewer.name),

            The access review "\(review.name)" asks you to decide whether \(items.count) \(items.count == 1 ? "access is" : "accesses are") \
            still needed: keep, revoke or modify each one. It is due on \(Timestamp.day(review.dueAt)) (in \(days) \(days == 1 ? "day" : "days")); \
            what is undecided then gets the default outcome (\(review.defaultOutcome.rawValue)).

            \(lines.joined(separator: "\n"))\(items.count > 25 ? "\n… and \(items.count - 25) more" : "")

            Sign in to Bulwark and open Reviews (/reviews) to decide.
            """
    }

    static func escalationSubject(_ review: AccessReview, _ reviewer: GovernancePerson) -> String {
        "Overdue access review \"\(review.name)\": \(reviewer.name) has not decided"
    }

    static func escalationBody(_ review: AccessReview, _ reviewer: GovernancePerson, _ manager: GovernancePerson, _ items: [ReviewItem]) -> String {
        """
        Hello \(manager.name),

        \(reviewer.name) (\(reviewer.email)) has \(items.count) undecided \(items.count == 1 ? "access" : "accesses") in the access \
        review "\(review.name)", which was due on \(Timestamp.day(review.dueAt)). On \(Timestamp.day(review.closesAt)) what is still undecided gets \
        the default outcome (\(review.defaultOutcome.rawValue)). Please ask them to decide, or ask the campaign's managers to \
        decide in their place.
        """
    }
}
