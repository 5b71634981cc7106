// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import SQLKit

extension Migration {
    /// Access reviews: campaigns (by due date, `closed` 0 or 1) and their items, found by campaign, by reviewer, and
    /// by source while a revocation waits for the next import (`follow_through`).
    static let m016AccessReviews = Migration(version: 16, name: "access reviews") { db, _ in
        try await db.create(table: "access_reviews")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("due_at", type: .bigint, .notNull)
            .column("closed", type: .int, .notNull)
            .column("body", type: .text, .notNull)
            .run()
        try await db.create(index: "access_reviews_due").on("access_reviews").column("due_at").run()
        try await db.create(table: "access_review_items")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("review_id", type: .text, .notNull)
            .column("source_id", type: .text, .notNull)
            .column("reviewer_person_id", type: .text)
            .column("follow_through", type: .text, .notNull)
            .column("sort_key", type: .text, .notNull)
            .column("body", type: .text, .notNull)
            .run()
        try await db.create(index: "access_review_items_review").on("access_review_items").column("review_id").column("sort_key").run()
        try await db.create(index: "access_review_items_reviewer").on("access_review_items").column("reviewer_person_id").run()
        try await db.create(index: "access_review_items_follow").on("access_review_items").column("source_id").column("follow_through").run()
    }
}
