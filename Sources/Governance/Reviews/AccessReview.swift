// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// Who reviews an item: the holder's manager (the people inventory's `manager`), the system's owner (the source's
/// `owner`), or named people (the first of them who is not the holder).
public enum ReviewerRule: Sendable, Equatable, Codable {
    case manager
    case owner
    case people([String])
}

/// What happens to the items nobody decided by the due date.
public enum ReviewOutcome: String, Sendable, Codable, CaseIterable {
    case keep, revoke, flag
}

/// A reviewer's decision on one item. `flagged` is the default outcome `flag`: undecided when the campaign closed.
public enum ReviewDecision: String, Sendable, Codable, CaseIterable {
    case pending, keep, revoke, modify, flagged
}

/// What became of a revocation (or a modification): `pending` until the next import of the system; `confirmed` when
/// that import no longer has the access; `still_present` when it still has it (checked again at every import).
public enum FollowThrough: String, Sendable, Codable, CaseIterable {
    case none, pending, confirmed
    case stillPresent = "still_present"
}

/// What a campaign covers. Empty means no restriction.
public struct ReviewScope: Sendable, Equatable, Codable {
    public var sourceIDs: [String]
    /// Only privileged entitlements (admin groups, `sudo ALL`, administrator policies).
    public var privilegedOnly: Bool
    /// Only the accounts of people of this department.
    public var department: String
    /// Only what was granted since then: accounts first seen, and entitlements an import added, after it.
    public var newSince: Date?

    public init(sourceIDs: [String] = [], privilegedOnly: Bool = false, department: String = "", newSince: Date? = nil) {
        self.sourceIDs = sourceIDs
        self.privilegedOnly = privilegedOnly
        self.department = department
        self.newSince = newSince
    }
}

/// When a campaign's reviewers are reminded by mail and their managers told of what is overdue.
public struct ReviewReminders: Sendable, Equatable, Codable {
    /// Days before the due date at which every reviewer with undecided items gets a reminder (largest first).
    public var days: [Int]
    /// Days after the due date before the default outcome applies; in between, each overdue reviewer's manager is
    /// told (escalation). 0: the default outcome applies at the due date, with no escalation.
    public var graceDays: Int
    /// The offsets already reminded (one mail per reviewer each), and when the escalation went out.
    public var sentDays: [Int]
    public var escalatedAt: Date?

    public init(days: [Int] = [7, 1], graceDays: Int = 0, sentDays: [Int] = [], escalatedAt: Date? = nil) {
        self.days = Array(Set(days)).sorted(by: >)
        self.graceDays = graceDays
        self.sentDays = sentDays
        self.escalatedAt = escalatedAt
    }

    public static let standard = ReviewReminders()
}

/// An access-review (certification) campaign: the items in its scope, each given to a reviewer, decided by the due
/// date or given the default outcome then; a recurring campaign starts its next round when it closes.
public struct AccessReview: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    public var scope: ReviewScope
    public var reviewers: ReviewerRule
    /// Who gets an item its rule gives nobody (no manager, the holder themselves).
    public var fallbackPersonID: String?
    public var startAt: Date
    public var dueAt: Date
    /// Months between rounds; 0 for a single round.
    public var recurMonths: Int
    public var defaultOutcome: ReviewOutcome
    public var createdBy: String
    public var closedAt: Date?
    /// The round this one follows, for a recurring campaign.
    public var previousID: String?
    /// Reminders and escalation (nil in campaigns stored before them: the standard ones).
    public var reminderSettings: ReviewReminders?

    public var reminders: ReviewReminders {
        get { reminderSettings ?? .standard }
        set { reminderSettings = newValue }
    }

    /// When the default outcome applies: the due date and the grace days after it.
    public var closesAt: Date { dueAt.addingTimeInterval(Double(reminders.graceDays) * 86_400) }

    public init(
        id: String = Identifier.make(), name: String, scope: ReviewScope = ReviewScope(), reviewers: ReviewerRule = .manager,
        fallbackPersonID: String? = nil, startAt: Date, dueAt: Date, recurMonths: Int = 0, defaultOutcome: ReviewOutcome = .flag,
        createdBy: String = "", closedAt: Date? = nil, previousID: String? = nil, reminders: ReviewReminders = .standard
    ) {
        self.reminderSettings = reminders
        self.id = id
        self.name = name
        self.scope = scope
        self.reviewers = reviewers
        self.fallbackPersonID = fallbackPersonID
        self.startAt = startAt
        self.dueAt = dueAt
        self.recurMonths = recurMonths
        self.defaultOutcome = defaultOutcome
        self.createdBy = createdBy
        self.closedAt = closedAt
        self.previousID = previousID
    }
}

/// One access to decide: an entitlement of an account, or (when the account has none in scope) the account itself.
/// It carries the context the reviewer decides with, as it was when the campaign started.
public struct ReviewItem: Sendable, Equatable, Codable {
    public var id: String
    public var reviewID: String
    public var accountID: String
    public var sourceID: String
    public var sourceName: String
    /// The login name (with `host/` where the source has hosts).
    public var account: String
    /// Empty for the account itself.
    public var entitlement: String
    public var entitlementKind: Entitlement.Kind?
    public var privileged: Bool
    public var holderPersonID: String?
    public var holderName: String
    public var holderDepartment: String
    /// Nil when neither the rule nor the fallback gives anyone: the campaign's managers decide it.
    public var reviewerPersonID: String?
    public var reviewerName: String
    /// The latest of the system's own last login and the last login seen in the logs.
    public var lastUsedAt: Date?
    /// The account's open findings (`dormant`, `orphaned`, …).
    public var findings: [String]
    /// How many people of the holder's department hold the same entitlement on the same system (the holder too).
    public var peers: Int
    public var decision: ReviewDecision
    public var comment: String
    public var decidedBy: String
    public var decidedAt: Date?
    public var followThrough: FollowThrough
    public var followThroughAt: Date?
    /// The import that confirmed the revocation or found the access still there.
    public var followThroughImport: String?

    public init(
        id: String = Identifier.make(), reviewID: String, accountID: String, sourceID: String, sourceName: String, account: String,
        entitlement: String = "", entitlementKind: Entitlement.Kind? = nil, privileged: Bool = false, holderPersonID: String? = nil,
        holderName: String = "", holderDepartment: String = "", reviewerPersonID: String? = nil, reviewerName: String = "",
        lastUsedAt: Date? = nil, findings: [String] = [], peers: Int = 1
    ) {
        self.id = id
        self.reviewID = reviewID
        self.accountID = accountID
        self.sourceID = sourceID
        self.sourceName = sourceName
        self.account = account
        self.entitlement = entitlement
        self.entitlementKind = entitlementKind
        self.privileged = privileged
        self.holderPersonID = holderPersonID
        self.holderName = holderName
        self.holderDepartment = holderDepartment
        self.reviewerPersonID = reviewerPersonID
        self.reviewerName = reviewerName
        self.lastUsedAt = lastUsedAt
        self.findings = findings
        self.peers = peers
        self.decision = .pending
        self.comment = ""
        self.decidedBy = ""
        self.followThrough = .none
    }

    /// Whether the access is still there in `account` (as the latest import has it).
    public func stillPresent(in account: Account?) -> Bool {
        guard let account, account.removedAt == nil, account.enabled else { return false }
        guard !entitlement.isEmpty else { return true }
        return account.entitlements.contains { $0.name == entitlement && $0.kind == entitlementKind }
    }
}

/// A campaign's progress.
public struct ReviewProgress: Sendable, Equatable, Codable {
    public var items: Int = 0
    public var decided: Int = 0
    public var revoked: Int = 0
    public var confirmed: Int = 0
    public var stillPresent: Int = 0

    public init() {}

    public init(_ items: [ReviewItem]) {
        self.items = items.count
        for item in items {
            if item.decision != .pending { decided += 1 }
            if item.decision == .revoke || item.decision == .modify { revoked += 1 }
            if item.followThrough == .confirmed { confirmed += 1 }
            if item.followThrough == .stillPresent { stillPresent += 1 }
        }
    }
}
