// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import Governance
import HTTPTypes
import Hummingbird

/// Access reviews: campaigns are run by `access.write` and read by `access.read`; every signed-in user reaches a
/// campaign's items and decisions, and sees and decides only the items given to them (as the person who shares
/// their e-mail).
extension ReviewActor {
    /// The principal as a reviewer: campaign manager with `access.write`, reader of every item with `access.read`.
    /// `ownItemsOnly` keeps to the items given to them (their queue), whatever their role.
    init(_ principal: Principal, actor: AuditActor = .system, ownItemsOnly: Bool = false) {
        self.init(
            actor: actor, email: principal.email, manages: !ownItemsOnly && principal.can(.accessWrite),
            readsAll: !ownItemsOnly && principal.can(.accessRead))
    }
}

extension GovernanceController {
    struct ReviewInput: APIInput {
        static let fields: Set<String> = [
            "name", "scope", "reviewers", "fallback_person_id", "due_at", "recur_months", "default_outcome", "reminder_days", "grace_days",
        ]

        struct Scope: Decodable, Sendable {
            var sourceIds: [String]?
            var privilegedOnly: Bool?
            var department: String?
            var newSince: Date?
        }

        var name: String
        var scope: Scope?
        var reviewers: Reviewers?
        var fallbackPersonId: String?
        var dueAt: Date
        var recurMonths: Int?
        var defaultOutcome: String?
        var reminderDays: [Int]?
        var graceDays: Int?
    }

    /// `"manager"`, `"owner"` or `{"person_ids": [...]}`.
    struct Reviewers: Decodable, Sendable {
        var rule: ReviewerRule

        enum CodingKeys: String, CodingKey { case personIds }

        init(from decoder: any Decoder) throws {
            if let word = try? decoder.singleValueContainer().decode(String.self) {
                switch word {
                case "manager": rule = .manager
                case "owner": rule = .owner
                default:
                    throw CoreError.invalid([
                        FieldError(field: "reviewers", message: "'\(word.prefix(40))': manager, owner or {\"person_ids\": [...]}")
                    ])
                }
                return
            }
            let container = try decoder.container(keyedBy: CodingKeys.self)
            rule = .people(try container.decode([String].self, forKey: .personIds))
        }
    }

    struct BulkDecisionInput: APIInput {
        static let fields: Set<String> = ["item_ids", "decision", "comment"]
        var itemIds: [String]
        var decision: String
        var comment: String?
    }

    struct DecisionInput: APIInput {
        static let fields: Set<String> = ["decision", "comment"]
        var decision: String
        var comment: String?
    }

    func registerReviews(_ routes: APIRoutes) {
        routes.add(
            .init(
                method: .get, path: "/api/v1/access-reviews", operationID: "listAccessReviews",
                summary: "Access-review campaigns, the latest due first, with their progress", tag: "Access", access: .permission(.accessRead),
                responseSchema: "AccessReviewList")
        ) { _, _ in
            try JSONResponse.make(AccessReviewListBody(reviews: try await governance.reviews().map { AccessReviewBody($0.review, $0.progress) }))
        }
        routes.add(
            .init(
                method: .post, path: "/api/v1/access-reviews", operationID: "createAccessReview",
                summary: """
                    Start a campaign: every access in the scope (each entitlement, or the account itself when it has none) becomes an \
                    item given to its reviewer, never to its holder
                    """,
                tag: "Access", access: .permission(.accessWrite), requestSchema: "AccessReviewInput", responseSchema: "AccessReview",
                successStatus: 201)
        ) { request, context in
            let input = try await request.json(ReviewInput.self)
            let scope = ReviewScope(
                sourceIDs: input.scope?.sourceIds ?? [], privilegedOnly: input.scope?.privilegedOnly ?? false,
                department: input.scope?.department?.trimmingCharacters(in: .whitespaces) ?? "",
                newSince: input.scope?.newSince)
            let (review, items) = try await governance.createReview(
                AccessReview(
                    name: input.name, scope: scope, reviewers: input.reviewers?.rule ?? .manager,
                    fallbackPersonID: input.fallbackPersonId?.nonEmptyValue, startAt: Date(), dueAt: input.dueAt,
                    recurMonths: input.recurMonths ?? 0,
                    defaultOutcome: try input.defaultOutcome.map { try EnumField.parse($0, ReviewOutcome.self, "default_outcome") } ?? .flag,
                    reminders: ReviewReminders(days: input.reminderDays ?? ReviewReminders.standard.days, graceDays: input.graceDays ?? 0)),
                by: context.actor)
            return try JSONResponse.make(AccessReviewBody(review, ReviewProgress(items)), status: .created)
        }
        routes.add(
            .init(
                method: .get, path: "/api/v1/access-reviews/{id}", operationID: "getAccessReview", summary: "One campaign and its progress",
                tag: "Access", access: .permission(.accessRead), responseSchema: "AccessReview")
        ) { _, context in
            let id = try context.id("access review")
            guard let review = try await governance.review(id: id) else { throw CoreError.notFound(kind: "access review", id: id) }
            return try JSONResponse.make(AccessReviewBody(review, try await governance.progress(reviewID: id)))
        }
        routes.add(
            .init(
                method: .get, path: "/api/v1/access-reviews/{id}/items", operationID: "listAccessReviewItems",
                summary: """
                    A campaign's items with the context to decide them (last use, privilege, findings, peers): every item for those who \
                    read access governance, only one's own otherwise
                    """,
                tag: "Access", access: .permission(.selfService), responseSchema: "AccessReviewItemList")
        ) { _, context in
            let items = try await governance.reviewItems(
                reviewID: try context.id("access review"), as: ReviewActor(context.principal, actor: context.actor))
            return try JSONResponse.make(ReviewItemListBody(items: items.map(ReviewItemBody.init)))
        }
        routes.add(
            .init(
                method: .post, path: "/api/v1/access-reviews/{id}/items/{item_id}/decision", operationID: "decideAccessReviewItem",
                summary: """
                    Decide an item: keep, revoke or modify (a comment is required to keep privileged access and to modify). Reviewers \
                    decide their own items, campaign managers any; nobody their own access (403). A revocation is confirmed only when \
                    the system's next import no longer has the access
                    """,
                tag: "Access", access: .permission(.selfService), requestSchema: "AccessReviewDecision", responseSchema: "AccessReviewItem")
        ) { request, context in
            let input = try await request.json(DecisionInput.self)
            let item = try await governance.decide(
                reviewID: try context.id("access review"), itemID: try context.id("review item", parameter: "item_id"),
                decision: try EnumField.parse(input.decision, ReviewDecision.self, "decision"), comment: input.comment ?? "",
                as: ReviewActor(context.principal, actor: context.actor))
            return try JSONResponse.make(ReviewItemBody(item))
        }
        routes.add(
            .init(
                method: .post, path: "/api/v1/access-reviews/{id}/decisions", operationID: "decideAccessReviewItems",
                summary: """
                    One decision for several items, each named by id (at most 500; there is no "everything"): each is decided \
                    as alone would be, and those that cannot be (one's own access, another reviewer's item, a privileged keep \
                    without a comment) are listed with the reason while the others are decided
                    """,
                tag: "Access", access: .permission(.selfService), requestSchema: "AccessReviewBulkDecision",
                responseSchema: "AccessReviewBulkResult")
        ) { request, context in
            let input = try await request.json(BulkDecisionInput.self)
            let outcome = try await governance.decideMany(
                reviewID: try context.id("access review"), itemIDs: input.itemIds,
                decision: try EnumField.parse(input.decision, ReviewDecision.self, "decision"), comment: input.comment ?? "",
                as: ReviewActor(context.principal, actor: context.actor))
            return try JSONResponse.make(
                ReviewBulkResultBody(
                    decided: outcome.decided.map(ReviewItemBody.init),
                    refused: outcome.refused.map { ReviewBulkResultBody.Refused(itemId: $0.itemID, reason: $0.reason) }))
        }
        routes.add(
            .init(
                method: .get, path: "/api/v1/access-reviews/{id}/evidence", operationID: "accessReviewEvidence",
                summary: """
                    A campaign's evidence — who reviewed what, when, the decision and the follow-through — as JSON, CSV or a \
                    self-contained HTML report (PCI DSS 7.2.4 and 8.2.6, HIPAA 164.308(a)(4), ISO 27001 A.5.18, SOC 2 CC6.2/CC6.3)
                    """,
                tag: "Access", access: .permission(.evidenceExport),
                query: [.init("format", "json (default), csv or html", .oneOf(["json", "csv", "html"]))], responseSchema: "AccessReviewEvidence",
                alternativeContentTypes: ["text/csv", "text/html"])
        ) { request, context in
            let id = try context.id("access review")
            guard let review = try await governance.review(id: id) else { throw CoreError.notFound(kind: "access review", id: id) }
            let items = try await governance.reviewItems(reviewID: id, as: ReviewActor(context.principal, actor: context.actor))
            let evidence = ReviewEvidence(
                review: review, items: items, generatedAt: governance.now(), generatedBy: context.actor.username)
            let format = try request.queryChoice("format", ["json", "csv", "html"]) ?? "json"
            let stamp = String(Timestamp.format(evidence.generatedAt).prefix(10))
            var response: Response
            switch format {
            case "csv":
                response = Response(
                    status: .ok, headers: [.contentType: "text/csv; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: evidence.csv())))
            case "html":
                response = Response(
                    status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: evidence.html())))
                response.headers[HTTPField.Name("Content-Security-Policy")!] = "default-src 'none'; style-src 'unsafe-inline'"
            default:
                response = try JSONResponse.make(
                    ReviewEvidenceBody(
                        review: AccessReviewBody(review, ReviewProgress(items)), generatedAt: evidence.generatedAt,
                        generatedBy: evidence.generatedBy, items: items.map(ReviewItemBody.init)))
            }
            response.headers[.contentDisposition] = "attachment; filename=\"access-review-\(stamp).\(format)\""
            return response
        }
    }
}
