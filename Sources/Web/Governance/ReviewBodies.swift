// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Governance

/// An access-review campaign with its progress (schema `AccessReview`).
struct AccessReviewBody: ResponseBody {
    struct ScopeBody: Encodable, Sendable {
        var sourceIds: [String]
        var privilegedOnly: Bool
        var department: String
        @Nullable var newSince: Date?
    }

    struct ProgressBody: Encodable, Sendable {
        var items: Int
        var decided: Int
        var revoked: Int
        var confirmed: Int
        var stillPresent: Int
    }

    var id: String
    var name: String
    var scope: ScopeBody
    /// `"manager"`, `"owner"`, or `{"person_ids": [...]}`.
    var reviewers: ReviewersBody
    @Nullable var fallbackPersonId: String?
    var startAt: Date
    var dueAt: Date
    var recurMonths: Int
    var defaultOutcome: String
    var createdBy: String
    var state: String
    @Nullable var closedAt: Date?
    @Nullable var previousId: String?
    var reminderDays: [Int]
    var graceDays: Int
    var remindedDays: [Int]
    @Nullable var escalatedAt: Date?
    var closesAt: Date
    var progress: ProgressBody

    init(_ review: AccessReview, _ progress: ReviewProgress) {
        id = review.id
        name = review.name
        scope = ScopeBody(
            sourceIds: review.scope.sourceIDs, privilegedOnly: review.scope.privilegedOnly, department: review.scope.department,
            newSince: review.scope.newSince)
        reviewers = ReviewersBody(review.reviewers)
        fallbackPersonId = review.fallbackPersonID
        startAt = review.startAt
        dueAt = review.dueAt
        recurMonths = review.recurMonths
        defaultOutcome = review.defaultOutcome.rawValue
        createdBy = review.createdBy
        state = review.closedAt != nil ? "closed" : progress.items == 0 && review.previousID != nil ? "scheduled" : "open"
        closedAt = review.closedAt
        previousId = review.previousID
        reminderDays = review.reminders.days
        graceDays = review.reminders.graceDays
        remindedDays = review.reminders.sentDays
        escalatedAt = review.reminders.escalatedAt
        closesAt = review.closesAt
        self.progress = ProgressBody(
            items: progress.items, decided: progress.decided, revoked: progress.revoked, confirmed: progress.confirmed,
            stillPresent: progress.stillPresent)
    }
}

/// The reviewer rule as the API writes it: a word, or the named people.
struct ReviewersBody: Encodable, Sendable {
    var rule: ReviewerRule

    init(_ rule: ReviewerRule) { self.rule = rule }

    enum CodingKeys: String, CodingKey { case personIds }

    func encode(to encoder: any Encoder) throws {
        switch rule {
        case .manager:
            var container = encoder.singleValueContainer()
            try container.encode("manager")
        case .owner:
            var container = encoder.singleValueContainer()
            try container.encode("owner")
        case .people(let ids):
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(ids, forKey: .personIds)
        }
    }
}

struct AccessReviewListBody: ResponseBody {
    var reviews: [AccessReviewBody]
}

/// One item of a campaign (schema `AccessReviewItem`).
struct ReviewItemBody: ResponseBody {
    var id: String
    var reviewId: String
    var accountId: String
    var sourceId: String
    var source: String
    var account: String
    var entitlement: String
    @Nullable var entitlementKind: String?
    var privileged: Bool
    @Nullable var holderPersonId: String?
    var holder: String
    var department: String
    @Nullable var reviewerPersonId: String?
    var reviewer: String
    @Nullable var lastUsedAt: Date?
    var findings: [String]
    var peers: Int
    var decision: String
    var comment: String
    var decidedBy: String
    @Nullable var decidedAt: Date?
    var followThrough: String
    @Nullable var followThroughAt: Date?
    @Nullable var followThroughImport: String?

    init(_ item: ReviewItem) {
        id = item.id
        reviewId = item.reviewID
        accountId = item.accountID
        sourceId = item.sourceID
        source = item.sourceName
        account = item.account
        entitlement = item.entitlement
        entitlementKind = item.entitlementKind?.rawValue
        privileged = item.privileged
        holderPersonId = item.holderPersonID
        holder = item.holderName
        department = item.holderDepartment
        reviewerPersonId = item.reviewerPersonID
        reviewer = item.reviewerName
        lastUsedAt = item.lastUsedAt
        findings = item.findings
        peers = item.peers
        decision = item.decision.rawValue
        comment = item.comment
        decidedBy = item.decidedBy
        decidedAt = item.decidedAt
        followThrough = item.followThrough.rawValue
        followThroughAt = item.followThroughAt
        followThroughImport = item.followThroughImport
    }
}

struct ReviewItemListBody: ResponseBody {
    var items: [ReviewItemBody]
}

/// What a bulk decision did: the items decided, and each one refused with why.
struct ReviewBulkResultBody: ResponseBody {
    struct Refused: Encodable, Sendable {
        var itemId: String
        var reason: String
    }

    var decided: [ReviewItemBody]
    var refused: [Refused]
}

/// A campaign's evidence (schema `AccessReviewEvidence`): the campaign, every item with who decided what and when,
/// and what the imports showed after.
struct ReviewEvidenceBody: ResponseBody {
    var review: AccessReviewBody
    var generatedAt: Date
    var generatedBy: String
    var items: [ReviewItemBody]
}

extension OpenAPISchemas {
    static var accessReviews: [String: Any] {
        let nullableString: [String: Any] = ["type": ["string", "null"]]
        let integer: [String: Any] = ["type": "integer"]
        let reviewers: [String: Any] = [
            "oneOf": [
                enumeration(["manager", "owner"]),
                object(["person_ids": ["type": "array", "items": string, "minItems": 1]], required: ["person_ids"]),
            ],
            "description": "the holder's manager, the system's owner, or named people (the first who is not the holder)",
        ]
        let scope: [String: Any] = [
            "source_ids": ["type": "array", "items": string, "description": "the systems (default: every one)"],
            "privileged_only": ["type": "boolean", "description": "only privileged entitlements"],
            "department": ["type": "string", "description": "only the accounts of this department's people"],
            "new_since": ["type": ["string", "null"], "format": "date-time", "description": "only what was granted since then"],
        ]
        let review: [String: Any] = [
            "id": string, "name": string, "scope": object(scope, required: Array(scope.keys)), "reviewers": reviewers,
            "fallback_person_id": nullableString, "start_at": time, "due_at": time, "recur_months": integer,
            "default_outcome": enumeration(ReviewOutcome.allCases.map(\.rawValue)), "created_by": string,
            "state": enumeration(["open", "scheduled", "closed"]), "closed_at": nullableTime, "previous_id": nullableString,
            "reminder_days": ["type": "array", "items": integer, "description": "days before due_at at which reviewers are reminded"],
            "grace_days": integer, "reminded_days": ["type": "array", "items": integer, "description": "the offsets already mailed"],
            "escalated_at": nullableTime, "closes_at": ["type": "string", "format": "date-time", "description": "due_at plus grace_days"],
            "progress": object(
                ["items": integer, "decided": integer, "revoked": integer, "confirmed": integer, "still_present": integer],
                required: ["items", "decided", "revoked", "confirmed", "still_present"]),
        ]
        let item: [String: Any] = [
            "id": string, "review_id": string, "account_id": string, "source_id": string, "source": string, "account": string,
            "entitlement": ["type": "string", "description": "empty: the account itself"],
            "entitlement_kind": ["type": ["string", "null"], "enum": Entitlement.Kind.allCases.map(\.rawValue) + [NSNull()]],
            "privileged": boolean, "holder_person_id": nullableString, "holder": string, "department": string,
            "reviewer_person_id": nullableString, "reviewer": string, "last_used_at": nullableTime, "findings": strings,
            "peers": ["type": "integer", "description": "people of the holder's department holding it on the same system"],
            "decision": enumeration(ReviewDecision.allCases.map(\.rawValue)), "comment": string, "decided_by": string,
            "decided_at": nullableTime, "follow_through": enumeration(FollowThrough.allCases.map(\.rawValue)),
            "follow_through_at": nullableTime, "follow_through_import": nullableString,
        ]
        return [
            "AccessReview": object(review, required: Array(review.keys)),
            "AccessReviewList": object(["reviews": ["type": "array", "items": ref("AccessReview")]], required: ["reviews"]),
            "AccessReviewInput": object(
                [
                    "name": nonEmpty, "scope": object(scope), "reviewers": reviewers,
                    "fallback_person_id": ["type": ["string", "null"], "description": "who gets what the rule gives nobody"],
                    "due_at": ["type": "string", "format": "date-time", "description": "in the future, within a year"],
                    "recur_months": ["type": "integer", "minimum": 0, "maximum": 24, "description": "0 (default): once"],
                    "default_outcome": enumeration(ReviewOutcome.allCases.map(\.rawValue)),
                    "reminder_days": [
                        "type": "array", "items": ["type": "integer", "minimum": 1, "maximum": 90], "maxItems": 10,
                        "description": "days before due_at at which every reviewer with undecided items is mailed (default [7, 1])",
                    ],
                    "grace_days": [
                        "type": "integer", "minimum": 0, "maximum": 30,
                        "description": "days after due_at before the default outcome; overdue reviewers' managers are mailed then (default 0)",
                    ],
                ], required: ["name", "due_at"]),
            "AccessReviewItem": object(item, required: Array(item.keys)),
            "AccessReviewItemList": object(["items": ["type": "array", "items": ref("AccessReviewItem")]], required: ["items"]),
            "AccessReviewBulkDecision": object(
                [
                    "item_ids": ["type": "array", "items": string, "minItems": 1, "maxItems": 500, "description": "the items, each named"],
                    "decision": enumeration(["keep", "revoke", "modify"]),
                    "comment": ["type": "string", "description": "required to keep privileged access and to modify"],
                ], required: ["item_ids", "decision"]),
            "AccessReviewBulkResult": object(
                [
                    "decided": ["type": "array", "items": ref("AccessReviewItem")],
                    "refused": [
                        "type": "array",
                        "items": object(["item_id": string, "reason": string], required: ["item_id", "reason"]),
                    ],
                ], required: ["decided", "refused"]),
            "AccessReviewDecision": object(
                [
                    "decision": enumeration(["keep", "revoke", "modify"]),
                    "comment": ["type": "string", "description": "required to keep privileged access and to modify"],
                ], required: ["decision"]),
            "AccessReviewEvidence": object(
                [
                    "review": ref("AccessReview"), "generated_at": time, "generated_by": string,
                    "items": ["type": "array", "items": ref("AccessReviewItem")],
                ], required: ["review", "generated_at", "generated_by", "items"]),
        ]
    }
}
