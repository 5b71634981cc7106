// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import SQLKit

/// One numbered, immutable step of the schema. Never edit a migration once it has been released: add a new one.
struct Migration: Sendable {
    var version: Int
    var name: String
    var apply: @Sendable (any SQLDatabase, Database.Dialect) async throws -> Void
}

extension Migration {
    /// Every migration, in order. Each domain's tables come in its own migrations.
    static let all: [Migration] = [
        .m001Foundation,
        .m002Events,
        .m003Alerts,
        .m004Detection,
        .m005Vulnerabilities,
        .m006Findings,
        .m007Cases,
        .m008TokenParents,
        .m009EvidenceFiles,
        .m010EPSSDoublePrecision,
        .m011SavedSearches,
        .m012MFARecoveryCodes,
        .m013FindingSourcePackages,
        .m014Patching,
        .m015Governance,
        .m016AccessReviews,
        .m017GovernanceState,
        .m018PersonHRFields,
    ]
}
