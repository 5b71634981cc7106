// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

extension GovernanceService {
    /// The most items one bulk decision names.
    public static let maximumBulkItems = 500

    /// One decision for several items, each named (the reviewer has seen the list: there is no "decide everything").
    /// Each item is decided as ``decide(reviewID:itemID:decision:comment:as:)`` would: one's own access, another
    /// reviewer's item or a privileged keep without a comment is refused, with the reason, and
    /// the others are decided.
    public func decideMany(
        reviewID: String, itemIDs: [String], decision: ReviewDecision, comment: String, as who: ReviewActor
    ) async throws -> (decided: [ReviewItem], refused: [(itemID: String, reason: String)]) {
        var seen = Set<String>()
        let ids = itemIDs.filter { seen.insert($0).inserted }
        guard !ids.isEmpty else { throw CoreError.invalid([FieldError(field: "item_ids", message: "name at least one item")]) }
        guard ids.count <= Self.maximumBulkItems else {
            throw CoreError.invalid([FieldError(field: "item_ids", message: "at most \(Self.maximumBulkItems) items at once")])
        }
        guard let review = try await store.review(id: reviewID) else { throw CoreError.notFound(kind: "access review", id: reviewID) }
        guard review.closedAt == nil else { throw CoreError.conflict("the campaign '\(review.name)' is closed: its decisions are final") }
        var decided: [ReviewItem] = []
        var refused: [(itemID: String, reason: String)] = []
        for id in ids {
            do {
                decided.append(try await decide(reviewID: reviewID, itemID: id, decision: decision, comment: comment, as: who))
            } catch let error as CoreError {
                refused.append((id, error.description))
            }
        }
        return (decided, refused)
    }
}
