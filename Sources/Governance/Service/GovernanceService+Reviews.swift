// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// Who is acting on a campaign: the platform user (by the e-mail they share with the people inventory) and whether
/// they run the campaigns (`access.write`) or may read them all (`access.read`).
public struct ReviewActor: Sendable {
    public var actor: AuditActor
    public var email: String
    public var manages: Bool
    public var readsAll: Bool

    public init(actor: AuditActor, email: String, manages: Bool, readsAll: Bool) {
        self.actor = actor
        self.email = email.lowercased()
        self.manages = manages
        self.readsAll = readsAll || manages
    }
}

extension GovernanceService {
    /// The longest a campaign may run, and the longest between rounds.
    static let maximumReviewDays = 366
    static let maximumRecurMonths = 24

    /// Starts a campaign: every access in its scope becomes an item, given to its reviewer.
    public func createReview(_ draft: AccessReview, by actor: AuditActor) async throws -> (AccessReview, [ReviewItem]) {
        let now = clock.now()
        var review = draft
        review.name = review.name.trimmingCharacters(in: .whitespacesAndNewlines)
        review.startAt = now
        review.createdBy = actor.username
        review.closedAt = nil
        let people = try await directory.people()
        try await check(review, people: people, now: now)
        let items = try await itemsInScope(of: review, people: people)
        try await store.saveReview(review, items: items)
        try await record(actor, "access_review.create", "access_review:\(review.id)", "\(review.name): \(items.count) items")
        return (review, items)
    }

    func check(_ review: AccessReview, people: [GovernancePerson], now: Date) async throws {
        var problems: [FieldError] = []
        if review.name.isEmpty { problems.append(FieldError(field: "name", message: "required")) }
        if review.name.count > 200 { problems.append(FieldError(field: "name", message: "at most 200 characters")) }
        if review.dueAt <= now { problems.append(FieldError(field: "due_at", message: "must be in the future")) }
        if review.dueAt > now.addingTimeInterval(Double(Self.maximumReviewDays) * 86_400) {
            problems.append(FieldError(field: "due_at", message: "at most \(Self.maximumReviewDays) days ahead"))
        }
        if review.reminders.days.contains(where: { !(1...90).contains($0) }) || review.reminders.days.count > 10 {
            problems.append(FieldError(field: "reminder_days", message: "at most 10 offsets, each 1 to 90 days before due_at"))
        }
        if !(0...30).contains(review.reminders.graceDays) {
            problems.append(FieldError(field: "grace_days", message: "from 0 (the default outcome at due_at) to 30"))
        }
        if !(0...Self.maximumRecurMonths).contains(review.recurMonths) {
            problems.append(FieldError(field: "recur_months", message: "between 0 (once) and \(Self.maximumRecurMonths)"))
        }
        let ids = Set(people.map(\.id))
        for (at, id) in review.scope.sourceIDs.enumerated() where try await store.source(id: id) == nil {
            problems.append(FieldError(field: "scope.source_ids[\(at)]", message: "no identity source '\(id.prefix(64))'"))
        }
        if let fallback = review.fallbackPersonID, !ids.contains(fallback) {
            problems.append(FieldError(field: "fallback_person_id", message: "no person '\(fallback.prefix(64))'"))
        }
        if case .people(let named) = review.reviewers {
            if named.isEmpty { problems.append(FieldError(field: "reviewers.person_ids", message: "name at least one person")) }
            for (at, id) in named.enumerated() where !ids.contains(id) {
                problems.append(FieldError(field: "reviewers.person_ids[\(at)]", message: "no person '\(id.prefix(64))'"))
            }
        }
        if !problems.isEmpty { throw CoreError.invalid(problems) }
    }

    /// The items of a campaign's scope, each with its reviewer and the context to decide it.
    func itemsInScope(of review: AccessReview, people: [GovernancePerson]) async throws -> [ReviewItem] {
        let byID = Dictionary(people.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let byEmail = Dictionary(people.map { ($0.email, $0) }, uniquingKeysWith: { first, _ in first })
        let sources = try await store.sources().filter { review.scope.sourceIDs.isEmpty || review.scope.sourceIDs.contains($0.id) }
        var items: [ReviewItem] = []
        for source in sources {
            let accounts = try await store.accounts(sourceID: source.id).filter { $0.removedAt == nil }
            let open = try await store.findings(sourceID: source.id).filter { $0.state == .open }
            let findings = Dictionary(grouping: open, by: \.accountID).mapValues { $0.map(\.type.rawValue).sorted() }
            var granted: [String: Set<Entitlement>] = [:]
            if let since = review.scope.newSince {
                for record in try await store.imports(sourceID: source.id, limit: 1000) where record.at >= since {
                    for change in record.changed { granted[change.accountID, default: []].formUnion(change.granted) }
                }
            }
            // Peers: per department, who holds each entitlement on this system.
            var holders: [String: Set<String>] = [:]
            for account in accounts {
                guard let person = account.personID.flatMap({ byID[$0] }) else { continue }
                for entitlement in account.entitlements { holders[person.department + "\u{1}" + entitlement.name, default: []].insert(person.id) }
            }
            for account in accounts {
                let holder = account.personID.flatMap { byID[$0] }
                if !review.scope.department.isEmpty && holder?.department.lowercased() != review.scope.department.lowercased() { continue }
                var entitlements = account.entitlements.filter { !review.scope.privilegedOnly || $0.privileged }
                let isNew = review.scope.newSince.map { account.firstSeenAt >= $0 } ?? true
                if review.scope.newSince != nil && !isNew {
                    let added = granted[account.id] ?? []
                    entitlements = entitlements.filter { added.contains($0) }
                    if entitlements.isEmpty { continue }
                }
                let reviewer = reviewerOf(account: account, holder: holder, source: source, review: review, byID: byID, byEmail: byEmail)
                let lastUsed = [account.lastLoginAt, account.lastSeenInLogsAt].compactMap { $0 }.max()
                func item(_ entitlement: Entitlement?) -> ReviewItem {
                    ReviewItem(
                        reviewID: review.id, accountID: account.id, sourceID: source.id, sourceName: source.name, account: label(account),
                        entitlement: entitlement?.name ?? "", entitlementKind: entitlement?.kind,
                        privileged: entitlement?.privileged ?? (account.uid == 0), holderPersonID: holder?.id, holderName: holder?.name ?? "",
                        holderDepartment: holder?.department ?? "", reviewerPersonID: reviewer?.id, reviewerName: reviewer?.name ?? "",
                        lastUsedAt: lastUsed, findings: findings[account.id] ?? [],
                        peers: entitlement.map { holders[(holder?.department ?? "") + "\u{1}" + $0.name]?.count ?? 0 } ?? 0)
                }
                if entitlements.isEmpty {
                    // The account itself: its existence is the access (unless only privileges are in scope).
                    if !review.scope.privilegedOnly || account.uid == 0 { items.append(item(nil)) }
                } else {
                    items.append(contentsOf: entitlements.sorted(by: Self.order).map(item))
                }
            }
        }
        return items.sorted { ($0.sourceName, $0.account, $0.entitlement) < ($1.sourceName, $1.account, $1.entitlement) }
    }

    /// The reviewer the campaign's rule gives an account's access, never its holder: the fallback then, or nobody.
    func reviewerOf(
        account: Account, holder: GovernancePerson?, source: IdentitySource, review: AccessReview, byID: [String: GovernancePerson],
        byEmail: [String: GovernancePerson]
    ) -> GovernancePerson? {
        var candidates: [GovernancePerson] = []
        switch review.reviewers {
        case .manager:
            if let manager = holder.flatMap({ byEmail[$0.manager] }) {
                candidates.append(manager)
            } else if let owner = account.serviceOwner.flatMap({ byEmail[$0.lowercased()] }) {
                // A service account's declared owner answers for it.
                candidates.append(owner)
            }
        case .owner:
            if let owner = byEmail[source.owner.lowercased()] { candidates.append(owner) }
        case .people(let ids):
            candidates.append(contentsOf: ids.compactMap { byID[$0] })
        }
        if let fallback = review.fallbackPersonID.flatMap({ byID[$0] }) { candidates.append(fallback) }
        return candidates.first { $0.id != holder?.id && $0.active }
    }

    // MARK: Reading

    public func reviews() async throws -> [(review: AccessReview, progress: ReviewProgress)] {
        var result: [(AccessReview, ReviewProgress)] = []
        for review in try await store.reviews() { result.append((review, ReviewProgress(try await store.reviewItems(reviewID: review.id)))) }
        return result
    }

    public func review(id: String) async throws -> AccessReview? { try await store.review(id: id) }

    public func progress(reviewID: String) async throws -> ReviewProgress { ReviewProgress(try await store.reviewItems(reviewID: reviewID)) }

    /// The service's clock (evidence is stamped with it).
    public func now() -> Date { clock.now() }

    /// A campaign's items as `who` may see them: all of them for those who read governance, their own otherwise.
    public func reviewItems(reviewID: String, as who: ReviewActor) async throws -> [ReviewItem] {
        guard try await store.review(id: reviewID) != nil else { throw CoreError.notFound(kind: "access review", id: reviewID) }
        let items = try await store.reviewItems(reviewID: reviewID)
        if who.readsAll { return items }
        guard let person = try await person(email: who.email) else { return [] }
        return items.filter { $0.reviewerPersonID == person.id }
    }

    /// The items given to `who`, in the campaigns still open, pending ones first.
    public func queue(of who: ReviewActor) async throws -> [(review: AccessReview, items: [ReviewItem])] {
        guard let person = try await person(email: who.email) else { return [] }
        let items = try await store.reviewItems(reviewerPersonID: person.id)
        var result: [(AccessReview, [ReviewItem])] = []
        for (reviewID, mine) in Dictionary(grouping: items, by: \.reviewID) {
            guard let review = try await store.review(id: reviewID), review.closedAt == nil else { continue }
            result.append((review, mine.sorted { ($0.decision != .pending ? 1 : 0, $0.account) < ($1.decision != .pending ? 1 : 0, $1.account) }))
        }
        return result.sorted { $0.0.dueAt < $1.0.dueAt }
    }

    // MARK: Deciding

    /// Records a reviewer's decision. A reviewer decides their own items; those who run the campaigns may decide any.
    /// Nobody decides on their own access, and keeping privileged access (or modifying any) needs a comment.
    public func decide(
        reviewID: String, itemID: String, decision: ReviewDecision, comment: String, as who: ReviewActor
    ) async throws -> ReviewItem {
        guard let review = try await store.review(id: reviewID) else { throw CoreError.notFound(kind: "access review", id: reviewID) }
        guard var item = try await store.reviewItem(id: itemID), item.reviewID == reviewID else {
            throw CoreError.notFound(kind: "review item", id: itemID)
        }
        let person = try await person(email: who.email)
        guard who.manages || (person != nil && item.reviewerPersonID == person?.id) else {
            // Someone else's item is, to them, no item at all.
            throw CoreError.notFound(kind: "review item", id: itemID)
        }
        if let person, item.holderPersonID == person.id {
            throw CoreError.forbidden("self-review is refused: \(item.account) is your own access; its reviewer or the campaign's managers decide it")
        }
        guard review.closedAt == nil else { throw CoreError.conflict("the campaign '\(review.name)' is closed: its decisions are final") }
        let text = comment.trimmingCharacters(in: .whitespacesAndNewlines)
        var problems: [FieldError] = []
        switch decision {
        case .pending, .flagged:
            problems.append(FieldError(field: "decision", message: "one of keep, revoke, modify"))
        case .keep where item.privileged && text.isEmpty:
            problems.append(FieldError(field: "comment", message: "required to keep privileged access: say why it is needed"))
        case .modify where text.isEmpty:
            problems.append(FieldError(field: "comment", message: "required to modify: say what should change"))
        default: break
        }
        if text.count > 2000 { problems.append(FieldError(field: "comment", message: "at most 2000 characters")) }
        if !problems.isEmpty { throw CoreError.invalid(problems) }
        item.decision = decision
        item.comment = text
        item.decidedBy = who.actor.username
        item.decidedAt = clock.now()
        item.followThrough = decision == .revoke || decision == .modify ? .pending : .none
        item.followThroughAt = nil
        item.followThroughImport = nil
        try await store.saveReviewItem(item)
        try await record(
            who.actor, "access_review.decide", "access_review:\(review.id)",
            "\(decision.rawValue) \(item.sourceName) \(item.account)\(item.entitlement.isEmpty ? "" : " " + item.entitlement)")
        return item
    }

    /// Closes the campaigns past their due date: each undecided item gets the default outcome (a revocation then
    /// waits for the next import like any other), and a recurring campaign starts its next round over the access as it
    /// is now. Answers how many campaigns it closed.
    @discardableResult
    public func closeDueReviews() async throws -> Int {
        let now = clock.now()
        var closed = 0
        for var review in try await store.reviews() where review.closedAt == nil && review.closesAt <= now {
            var items = try await store.reviewItems(reviewID: review.id).filter { $0.decision == .pending }
            for at in items.indices {
                items[at].decision = review.defaultOutcome == .keep ? .keep : review.defaultOutcome == .revoke ? .revoke : .flagged
                items[at].decidedBy = "default outcome"
                items[at].decidedAt = now
                items[at].comment = "undecided by the due date"
                if items[at].decision == .revoke { items[at].followThrough = .pending }
            }
            review.closedAt = now
            try await store.saveReview(review, items: items)
            let actor = AuditActor.system
            try await record(actor, "access_review.close", "access_review:\(review.id)", "\(review.name): \(items.count) given the default outcome")
            closed += 1
            if review.recurMonths > 0 {
                let length = review.dueAt.timeIntervalSince(review.startAt)
                let start = Calendar.utc.date(byAdding: .month, value: review.recurMonths, to: review.startAt) ?? now
                var next = review
                next.id = Identifier.make()
                next.previousID = review.id
                next.closedAt = nil
                next.reminders.sentDays = []
                next.reminders.escalatedAt = nil
                next.startAt = max(start, now)
                next.dueAt = next.startAt.addingTimeInterval(length)
                // The next round starts when its time comes; until then it exists, with no items yet.
                if next.startAt <= now {
                    let people = try await directory.people()
                    let nextItems = try await itemsInScope(of: next, people: people)
                    try await store.saveReview(next, items: nextItems)
                    try await record(actor, "access_review.create", "access_review:\(next.id)", "\(next.name): \(nextItems.count) items")
                } else {
                    next.startAt = start
                    try await store.saveReview(next, items: [])
                }
            }
        }
        // Rounds whose time has come get their items.
        for review in try await store.reviews() where review.closedAt == nil && review.startAt <= now && review.previousID != nil {
            guard try await store.reviewItems(reviewID: review.id).isEmpty else { continue }
            let items = try await itemsInScope(of: review, people: try await directory.people())
            try await store.saveReview(review, items: items)
        }
        return closed
    }
}

extension Calendar {
    /// The Gregorian calendar in UTC.
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
