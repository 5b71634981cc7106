// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Governance
import SQLKit

/// Governance's `access_reviews` and `access_review_items`.
extension SQLGovernanceStore {
    public func saveReview(_ review: AccessReview, items: [ReviewItem]) async throws {
        let body = try SQLValues.body(review)
        try await database.transaction { db in
            try await db.insert(into: "access_reviews").columns("id", "due_at", "closed", "body")
                .values(SQLBind(review.id), SQLBind(SQLValues.millis(review.dueAt)), SQLBind(review.closedAt == nil ? 0 : 1), SQLBind(body))
                .onConflict(with: ["id"]) { try $0.set(excludedValueOf: "due_at").set(excludedValueOf: "closed").set(excludedValueOf: "body") }
                .run()
            try await Self.upsert(items, db)
        }
    }

    static func upsert(_ items: [ReviewItem], _ db: any SQLDatabase) async throws {
        for chunk in stride(from: 0, to: items.count, by: 200).map({ items[$0..<min($0 + 200, items.count)] }) {
            var insert = db.insert(into: "access_review_items").columns(
                "id", "review_id", "source_id", "reviewer_person_id", "follow_through", "sort_key", "body")
            for item in chunk {
                insert = insert.values(
                    SQLBind(item.id), SQLBind(item.reviewID), SQLBind(item.sourceID), SQLBind(item.reviewerPersonID),
                    SQLBind(item.followThrough.rawValue), SQLBind([item.sourceName, item.account, item.entitlement].joined(separator: "\u{1}")),
                    SQLBind(try SQLValues.body(item)))
            }
            try await insert.onConflict(with: ["id"]) {
                try $0.set(excludedValueOf: "reviewer_person_id").set(excludedValueOf: "follow_through").set(excludedValueOf: "body")
            }.run()
        }
    }

    public func review(id: String) async throws -> AccessReview? {
        try await database.read { db in
            try await db.select().column("body").from("access_reviews").where("id", .equal, id).first().map { try Self.decode(AccessReview.self, $0) }
        }
    }

    public func reviews() async throws -> [AccessReview] {
        try await database.read { db in
            try await db.select().column("body").from("access_reviews").orderBy("due_at", .descending).orderBy("id").all().map {
                try Self.decode(AccessReview.self, $0)
            }
        }
    }

    public func reviewItems(reviewID: String) async throws -> [ReviewItem] {
        try await database.read { db in
            try await db.select().column("body").from("access_review_items").where("review_id", .equal, reviewID).orderBy("sort_key")
                .orderBy("id").all().map { try Self.decode(ReviewItem.self, $0) }
        }
    }

    public func reviewItems(reviewerPersonID: String) async throws -> [ReviewItem] {
        try await database.read { db in
            try await db.select().column("body").from("access_review_items").where("reviewer_person_id", .equal, reviewerPersonID)
                .orderBy("sort_key").orderBy("id").all().map { try Self.decode(ReviewItem.self, $0) }
        }
    }

    public func followThroughItems(sourceID: String) async throws -> [ReviewItem] {
        try await database.read { db in
            try await db.select().column("body").from("access_review_items").where("source_id", .equal, sourceID)
                .where("follow_through", .in, [FollowThrough.pending.rawValue, FollowThrough.stillPresent.rawValue]).all().map {
                    try Self.decode(ReviewItem.self, $0)
                }
        }
    }

    public func reviewItem(id: String) async throws -> ReviewItem? {
        try await database.read { db in
            try await db.select().column("body").from("access_review_items").where("id", .equal, id).first().map {
                try Self.decode(ReviewItem.self, $0)
            }
        }
    }

    public func saveReviewItem(_ item: ReviewItem) async throws {
        try await database.transaction { db in try await Self.upsert([item], db) }
    }
}
