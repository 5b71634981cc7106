// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// Where governance keeps its data. Governance owns the `identity_sources`, `identity_source_files`,
/// `identity_accounts`, `account_imports`, `access_findings`, `access_reviews`, `access_review_items` and `governance_state` tables.
public protocol GovernanceStore: Sendable {
    /// False when the name is taken by another source.
    func saveSource(_ source: IdentitySource) async throws -> Bool
    func source(id: String) async throws -> IdentitySource?
    func source(name: String) async throws -> IdentitySource?
    func sources() async throws -> [IdentitySource]
    func files(sourceID: String) async throws -> SourceFiles?

    /// Every account of a source, removed ones too.
    func accounts(sourceID: String) async throws -> [Account]
    func account(id: String) async throws -> Account?
    /// Ordered by login name.
    func accounts(_ query: AccountQuery, page: PageRequest) async throws -> Page<Account>
    func accounts(personID: String) async throws -> [Account]
    func saveAccount(_ account: Account) async throws
    /// Several accounts in one transaction (the last use the logs showed).
    func saveAccounts(_ accounts: [Account]) async throws
    /// The last event whose logins governance has taken; nil before the first.
    func loginCheckpoint() async throws -> Int64?
    func setLoginCheckpoint(_ id: Int64) async throws

    /// One import, in one transaction: the source, its kept files, the accounts it added or changed, the findings it
    /// opened, updated or resolved, the review items whose revocation it confirmed or found still there, and its record.
    func apply(
        source: IdentitySource, files: SourceFiles?, accounts: [Account], findings: [AccessFinding], reviewItems: [ReviewItem],
        record: AccountImport
    ) async throws
    func imports(sourceID: String, limit: Int) async throws -> [AccountImport]
    func importRecord(id: String) async throws -> AccountImport?

    /// Every finding of a source (of every state).
    func findings(sourceID: String) async throws -> [AccessFinding]
    func finding(id: String) async throws -> AccessFinding?
    /// The most severe first, then the newest.
    func findings(_ query: AccessFindingQuery, page: PageRequest) async throws -> Page<AccessFinding>
    func saveFinding(_ finding: AccessFinding) async throws
    /// Open and accepted findings by type and state.
    func findingCounts() async throws -> [AccessFindingType: [AccessFindingState: Int]]

    /// A campaign and the given items (added or changed), in one transaction.
    func saveReview(_ review: AccessReview, items: [ReviewItem]) async throws
    func review(id: String) async throws -> AccessReview?
    /// Every campaign, the latest due first.
    func reviews() async throws -> [AccessReview]
    /// A campaign's items, by system, account and entitlement.
    func reviewItems(reviewID: String) async throws -> [ReviewItem]
    /// The items given to a reviewer, in every campaign.
    func reviewItems(reviewerPersonID: String) async throws -> [ReviewItem]
    /// The revoked items of a source whose follow-through is not confirmed yet.
    func followThroughItems(sourceID: String) async throws -> [ReviewItem]
    func reviewItem(id: String) async throws -> ReviewItem?
    func saveReviewItem(_ item: ReviewItem) async throws
}

/// What governance reads of the people inventory and the assets, declared here and implemented by the application.
public protocol GovernanceDirectory: Sendable {
    /// Everyone in the people inventory.
    func people() async throws -> [GovernancePerson]
    /// The person with this e-mail (lowercase), if there is one.
    func person(email: String) async throws -> GovernancePerson?
    /// The criticality of the asset a source belongs to; nil when there is no such asset.
    func criticality(assetID: String) async throws -> SystemCriticality?
    /// The asset's name and host names, by which its logs name it; empty when there is no such asset.
    func hostnames(assetID: String) async throws -> [String]
}
